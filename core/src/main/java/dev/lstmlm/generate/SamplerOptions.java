package dev.lstmlm.generate;

import dev.lstmlm.UserError;

/**
 * How {@link Sampler} picks the next token from the model's logits.
 *
 * <p>Greedy takes the most likely token and ignores the rest. Otherwise the logits are divided by
 * the temperature, cut to the {@code topK} largest, then to the smallest set of tokens whose
 * probability reaches {@code topP} (Holtzman et al. 2019, "The Curious Case of Neural Text
 * Degeneration"), and the token is drawn from what is left; the same order as Hugging Face's
 * {@code generate}. {@link #sampling()} draws from the plain softmax.
 *
 * @param greedy take the argmax; the other fields are then unused
 * @param temperature divides the logits; above 1 flattens the distribution, below 1 sharpens it
 * @param topK keep at most this many tokens ({@link #ALL} keeps every token)
 * @param topP nucleus probability in (0, 1] (1 keeps every token)
 */
public record SamplerOptions(boolean greedy, double temperature, int topK, double topP) {

    /** {@code topK} that keeps every token. */
    public static final int ALL = Integer.MAX_VALUE;

    public SamplerOptions {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new UserError("temperature must be a positive number, got " + temperature
                    + ": use --greedy for deterministic output");
        }
        if (topK < 1) {
            throw new UserError("top-k must be at least 1, got " + topK
                    + ": use for example 40, or leave it out to keep every token");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new UserError("top-p must be in (0, 1], got " + topP
                    + ": use for example 0.9, or 1 to keep every token");
        }
    }

    /** Draws from the plain softmax: temperature 1, no cut. */
    public static SamplerOptions sampling() {
        return new SamplerOptions(false, 1, ALL, 1);
    }

    /** Always the most likely token (the lowest index among equal logits). */
    public static SamplerOptions argmax() {
        return new SamplerOptions(true, 1, ALL, 1);
    }

    public SamplerOptions withTemperature(double t) {
        return new SamplerOptions(greedy, t, topK, topP);
    }

    public SamplerOptions withTopK(int k) {
        return new SamplerOptions(greedy, temperature, k, topP);
    }

    public SamplerOptions withTopP(double p) {
        return new SamplerOptions(greedy, temperature, topK, p);
    }

    /** True when top-k or top-p removes tokens before the draw (for any vocabulary larger than topK). */
    boolean cuts(int vocabSize) {
        return topK < vocabSize || topP < 1;
    }
}
