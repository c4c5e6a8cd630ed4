package dev.lstmlm.tensor;

/**
 * Inverted-dropout masks: each element is 1/keep with probability keep, else 0, so that the
 * expected value of a dropped activation equals the activation and evaluation needs no rescaling
 * (as TensorFlow's {@code tf.nn.dropout}).
 *
 * <p>Each 64-bit draw of the generator decides two elements (a 32-bit half each, kept when below
 * keep·2³²), so a mask costs one {@link SplitMix64} step per two elements and the sequence of
 * masks is a pure function of the generator's state.
 */
public final class DropoutMask {
    private DropoutMask() {}

    /** Fills mask[off, off+n) with a fresh mask; keep in (0, 1). */
    public static void fill(float[] mask, int off, int n, float keep, SplitMix64 rng) {
        long threshold = (long) (keep * 4294967296.0);
        float scale = 1f / keep;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = rng.nextLong();
            mask[off + i] = (bits >>> 32) < threshold ? scale : 0f;
            mask[off + i + 1] = (bits & 0xffffffffL) < threshold ? scale : 0f;
        }
        if (i < n) mask[off + i] = (rng.nextLong() >>> 32) < threshold ? scale : 0f;
    }
}
