package dev.lstmlm.model;

/** The checks of a {@link LanguageModel}'s arguments: a bad window or state fails before any arithmetic, with what to fix. */
final class WindowChecks {
    private WindowChecks() {}

    /** x and y of a window of T = {@code steps} by {@code batch}, and the state it continues from, fit the model. */
    static void window(ModelConfig config, int[] x, int[] y, int steps, int batch, LanguageModel.State state) {
        if (steps < 1 || batch < 1) throw new IllegalArgumentException("a window needs steps >= 1 and batch >= 1, got " + steps + " x " + batch);
        long rows = (long) steps * batch;
        if (x.length < rows || y.length < rows) {
            throw new IllegalArgumentException("a window of " + steps + " x " + batch + " needs " + rows + " inputs and targets, got " + x.length + " and " + y.length);
        }
        state(config, state, batch);
        int v = config.vocabSize();
        for (int i = 0; i < rows; i++) {
            if (x[i] < 0 || x[i] >= v || y[i] < 0 || y[i] >= v) {
                throw new IllegalArgumentException("token " + (x[i] < 0 || x[i] >= v ? x[i] : y[i]) + " at position " + i
                        + " is outside the vocabulary [0, " + v + ")");
            }
        }
    }

    /** {@code state} is one of this model's for {@code batch} rows. */
    static void state(ModelConfig config, LanguageModel.State state, int batch) {
        int size = batch * config.stateWidth();
        if (state.batch != batch || state.h.length != size || state.c.length != size) {
            throw new IllegalArgumentException("the state is for batch " + state.batch + ", not for this model with batch " + batch + "; use newState(" + batch + ")");
        }
    }
}
