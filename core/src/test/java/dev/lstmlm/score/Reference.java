package dev.lstmlm.score;

import dev.lstmlm.model.LanguageModel;

/**
 * The straightforward way to score a text: one {@link LanguageModel#step} per token from the zero
 * state, and each log-probability from the logits in double precision. Shares nothing with the
 * batched path but the model's step.
 */
final class Reference {
    private Reference() {}

    /** ln p of each of {@code ids} after reading {@code start} and the ids before it. */
    static double[] logprobs(LanguageModel model, int start, int[] ids) {
        int v = model.config().vocabSize();
        LanguageModel.State state = model.newState(1);
        float[] logits = new float[v];
        double[] out = new double[ids.length];
        int input = start;
        for (int i = 0; i < ids.length; i++) {
            model.step(input, state, logits);
            out[i] = logSoftmax(logits)[ids[i]];
            input = ids[i];
        }
        return out;
    }

    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double sum = 0;
        for (float z : logits) sum += Math.exp(z - max);
        double lse = Math.log(sum) + max;
        double[] out = new double[logits.length];
        for (int j = 0; j < logits.length; j++) out[j] = logits[j] - lse;
        return out;
    }

    /** The log-softmax of the logits after reading {@code start} and {@code ids[0..n)}. */
    static double[] distributionAfter(LanguageModel model, int start, int[] ids, int n) {
        LanguageModel.State state = model.newState(1);
        float[] logits = new float[model.config().vocabSize()];
        model.step(start, state, logits);
        for (int i = 0; i < n; i++) model.step(ids[i], state, logits);
        return logSoftmax(logits);
    }

    static double sum(double[] a) {
        double s = 0;
        for (double d : a) s += d;
        return s;
    }
}
