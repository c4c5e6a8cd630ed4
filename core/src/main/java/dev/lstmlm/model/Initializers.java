package dev.lstmlm.model;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.SplitMix64;

/**
 * Deterministic parameter initialization from a seed: the same seed gives the same bits on every
 * machine (SplitMix64 and StrictMath only).
 */
final class Initializers {
    private Initializers() {}

    /** Every value uniform in [-scale, scale), drawn in the store's order. */
    static void uniform(ParameterStore params, float scale, long seed) {
        if (!(scale > 0f)) throw new IllegalArgumentException("the init scale must be positive, got " + scale);
        SplitMix64 rng = new SplitMix64(seed);
        float[] v = params.values();
        for (int i = 0; i < v.length; i++) v[i] = scale * (2f * rng.nextFloat() - 1f);
    }

    /**
     * Views named "*weight*" from N(mean, std²) truncated to mean ± 2·std by redrawing, the other
     * views (biases) 0.
     */
    static void truncatedNormal(ParameterStore params, float mean, float std, long seed) {
        if (!(std > 0f)) throw new IllegalArgumentException("the standard deviation must be positive, got " + std);
        SplitMix64 rng = new SplitMix64(seed);
        float[] v = params.values();
        for (ParameterStore.View view : params.views()) {
            int end = view.offset() + view.size();
            boolean weight = view.name().contains("weight");
            for (int i = view.offset(); i < end; i++) {
                v[i] = weight ? (float) (mean + std * truncatedGaussian(rng)) : 0f;
            }
        }
    }

    /** A standard normal draw in [-2, 2] (Box–Muller, redrawn outside). */
    private static double truncatedGaussian(SplitMix64 rng) {
        while (true) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double z = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
            if (Math.abs(z) <= 2.0) return z;
        }
    }

    /**
     * AWD-LSTM's initialization (salesforce/awd-lstm-lm model.py {@code init_weights} on top of
     * {@code torch.nn.LSTM}'s {@code reset_parameters}): encoder.weight and an untied decoder.weight
     * uniform in ±embeddingScale, decoder.bias 0, every parameter of LSTM layer k uniform in
     * ±1/√H_k; drawn in the store's order.
     */
    static void awd(ParameterStore params, float embeddingScale, long seed) {
        if (!(embeddingScale > 0f)) throw new IllegalArgumentException("the init scale must be positive, got " + embeddingScale);
        SplitMix64 rng = new SplitMix64(seed);
        float[] v = params.values();
        for (ParameterStore.View view : params.views()) {
            String name = view.name();
            float scale;
            if (name.equals("decoder.bias")) {
                scale = 0f;
            } else if (name.startsWith("rnn.")) {
                int layer = Integer.parseInt(name.substring(name.lastIndexOf('l') + 1));
                scale = (float) (1 / Math.sqrt(params.view("rnn.weight_hh_l" + layer).cols()));
            } else {
                scale = embeddingScale;
            }
            int end = view.offset() + view.size();
            for (int i = view.offset(); i < end; i++) v[i] = scale == 0f ? 0f : scale * (2f * rng.nextFloat() - 1f);
        }
    }
}
