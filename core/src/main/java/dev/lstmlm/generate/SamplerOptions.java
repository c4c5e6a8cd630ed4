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
    /** The temperature of a request or command that gives none: the plain softmax. */
    public static final double DEFAULT_TEMPERATURE = 1;
    /** The top-p of a request or command that gives none: every token. */
    public static final double DEFAULT_TOP_P = 1;
    /** Sample lengths of a request or command that gives none: words of a word model, characters of a character model. */
    public static final int DEFAULT_WORDS = 100;
    public static final int DEFAULT_CHARACTERS = 500;

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
        return new SamplerOptions(false, DEFAULT_TEMPERATURE, ALL, DEFAULT_TOP_P);
    }

    /** The sample length when none is asked for: {@link #DEFAULT_WORDS} or {@link #DEFAULT_CHARACTERS}. */
    public static int defaultLength(boolean words) {
        return words ? DEFAULT_WORDS : DEFAULT_CHARACTERS;
    }

    /** The options of a request or command line; null takes the default (greedy: false, top-k: every token). */
    public static SamplerOptions of(Boolean greedy, Double temperature, Integer topK, Double topP) {
        return new SamplerOptions(Boolean.TRUE.equals(greedy), temperature == null ? DEFAULT_TEMPERATURE : temperature,
                topK == null ? ALL : topK, topP == null ? DEFAULT_TOP_P : topP);
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
