package dev.lstmlm.train;

import java.util.function.LongFunction;

/**
 * Text generated from the model under training, for the log: {@code length} tokens (words or
 * characters, {@code unit}) drawn from a fresh state with a seed. The caller supplies the function
 * (the generate package), since train does not depend on generate.
 *
 * @param text from a seed to the sample
 */
public record SampleText(int length, String unit, LongFunction<String> text) {}
