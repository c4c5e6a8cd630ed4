package dev.lstmlm.nn;

import dev.lstmlm.tensor.Kernels;

import dev.lstmlm.tensor.SplitMix64;

/**
 * Variational ("locked") dropout (Gal and Ghahramani 2016, "A Theoretically Grounded Application
 * of Dropout in Recurrent Neural Networks"; AWD-LSTM's {@code LockedDropout}): one inverted mask
 * of 0 and 1/keep per sequence, drawn for the whole window, so that row b of every step t sees the
 * same units dropped. A (B,W) mask thus serves a (T,B,W) activation; the next window draws a fresh
 * one.
 */
public final class LockedDropout {
    /** The kernels the process chose (vector or their scalar twins). */
    private static final Kernels KERNELS = Kernels.chosen();
    private final float keep;

    /** @param dropProbability p in (0, 1); a unit is kept with probability 1 − p */
    public LockedDropout(float dropProbability) {
        if (!(dropProbability > 0f && dropProbability < 1f)) {
            throw new IllegalArgumentException("locked dropout needs a drop probability in (0, 1), got " + dropProbability);
        }
        this.keep = 1f - dropProbability;
    }

    /** Draws mask (B,W) from rng and writes out (T,B,W) = in ⊙ mask for every step; out may be in. */
    public void forward(float[] out, int outOff, float[] mask, float[] in, int inOff, int steps, int batch, int width,
                        SplitMix64 rng) {
        int n = batch * width;
        KERNELS.dropoutMask(mask, 0, n, keep, rng);
        for (int t = 0; t < steps; t++) KERNELS.mul(n, in, inOff + t * n, mask, 0, out, outOff + t * n);
    }

    /** d (T,B,W) ← d ⊙ mask in place: the gradient of the output becomes that of the input. */
    public void backward(float[] d, int dOff, float[] mask, int steps, int batch, int width) {
        int n = batch * width;
        for (int t = 0; t < steps; t++) KERNELS.mul(n, d, dOff + t * n, mask, 0, d, dOff + t * n);
    }
}
