package dev.lstmlm.train;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;

/**
 * A tiny stand-in for LanguageModel that exercises everything the trainer must carry across a resume:
 * logits {@code w[x] + h_b · u} depend on a per-row state h that each step updates (and the trainer
 * carries between windows), and the gradient is scaled by a factor drawn from a generator whose
 * state the trainer saves (as the model's dropout generator). Cost as LanguageModel: Σ_t of the
 * batch-mean cross-entropy.
 */
final class FakeModel implements TrainableModel {
    final int vocab;
    private final ParameterStore params;
    private long rng = 0x9E3779B97F4A7C15L;
    /** When set, the window after this many training windows returns this cost instead. */
    int poisonAfter = -1;
    double poison = Double.NaN;
    /** When set, the gradient of the window after this many training windows is set to this. */
    int poisonGradAfter = -1;
    int trainWindows;
    /** h of row 0 when each training window started. */
    final java.util.List<Float> startH = new java.util.ArrayList<>();
    /** The inputs x and the returned cost of every training window. */
    final java.util.List<int[]> trainInputs = new java.util.ArrayList<>();
    final java.util.List<Double> trainCosts = new java.util.ArrayList<>();
    int evalWindows;
    Runnable onEval = () -> { };

    FakeModel(int vocab, long seed) {
        this.vocab = vocab;
        this.params = ParameterStore.builder().add("w", vocab, vocab).add("u", vocab).build();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < params.size(); i++) params.values()[i] = (float) (r.nextDouble() * 0.2 - 0.1);
    }

    @Override
    public ParameterStore params() {
        return params;
    }

    @Override
    public LanguageModel.State newState(int batch) {
        return new LanguageModel.State(1, batch, 1);
    }

    private double uniform() {
        rng = rng * 6364136223846793005L + 1442695040888963407L;
        return (rng >>> 11) * 0x1.0p-53;
    }

    @Override
    public double trainWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state, float lossScale) {
        startH.add(state.h[0]);
        trainInputs.add(java.util.Arrays.copyOf(x, steps * batch));
        if (trainWindows++ == poisonAfter) return poison;
        float factor = (float) (1 + 0.1 * uniform()); // as a dropout mask would, this makes the result depend on rng
        double cost = window(x, y, steps, batch, state, lossScale * factor);
        trainCosts.add(cost);
        if (trainWindows - 1 == poisonGradAfter) params.grads()[3] = Float.POSITIVE_INFINITY;
        return cost;
    }

    @Override
    public double evalWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state) {
        evalWindows++;
        onEval.run();
        return window(x, y, steps, batch, state, 0f);
    }

    private double window(int[] x, int[] y, int steps, int batch, LanguageModel.State state, float gradScale) {
        float[] w = params.values();
        float[] g = params.grads();
        int u = vocab * vocab;
        double cost = 0;
        double[] p = new double[vocab];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int xi = x[t * batch + b];
                int yi = y[t * batch + b];
                float h = state.h[b];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < vocab; j++) {
                    p[j] = w[xi * vocab + j] + h * w[u + j];
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < vocab; j++) sum += p[j] = Math.exp(p[j] - max);
                for (int j = 0; j < vocab; j++) p[j] /= sum;
                cost += -Math.log(p[yi]) / batch;
                if (gradScale != 0f) {
                    for (int j = 0; j < vocab; j++) {
                        double d = (p[j] - (j == yi ? 1 : 0)) * gradScale / batch;
                        g[xi * vocab + j] += (float) d;
                        g[u + j] += (float) (d * h);
                    }
                }
                state.h[b] = 0.9f * h + 0.1f * xi / vocab;
                state.c[b] = h;
            }
        }
        return cost;
    }

    @Override
    public long rngState() {
        return rng;
    }

    @Override
    public void rngState(long state) {
        rng = state;
    }
}
