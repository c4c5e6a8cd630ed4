package dev.lstmlm.score;

import dev.lstmlm.model.LanguageModel;

/** The step-by-step {@link Reference} for tests of other packages. */
public final class ReferenceAccess {
    private ReferenceAccess() {}

    public static double[] logprobs(LanguageModel model, int start, int[] ids) {
        return Reference.logprobs(model, start, ids);
    }
}
