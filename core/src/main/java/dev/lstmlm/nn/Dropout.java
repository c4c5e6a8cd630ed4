package dev.lstmlm.nn;

import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.SplitMix64;

/**
 * Inverted dropout (Srivastava et al. 2014; applied to non-recurrent connections only, Zaremba et
 * al. 2014): training multiplies by a fresh mask of 0 and 1/keep, evaluation uses the activation
 * unchanged (the caller simply skips the layer).
 */
public final class Dropout {
    private final float keep;
    private final Kernels kernels;

    public Dropout(float keepProb, Kernels kernels) {
        if (!(keepProb > 0f && keepProb < 1f)) throw new IllegalArgumentException("dropout needs a keep probability in (0, 1), got " + keepProb);
        this.keep = keepProb;
        this.kernels = kernels;
    }

    /** Draws mask (n) from rng and writes out = in ⊙ mask; out may be in. */
    public void forward(float[] out, int outOff, float[] mask, int maskOff, float[] in, int inOff, int n, SplitMix64 rng) {
        kernels.dropoutMask(mask, maskOff, n, keep, rng);
        kernels.mul(n, in, inOff, mask, maskOff, out, outOff);
    }

    /** d ← d ⊙ mask in place: turns the gradient of the output into that of the input. */
    public void backward(float[] d, int dOff, float[] mask, int maskOff, int n) {
        kernels.mul(n, d, dOff, mask, maskOff, d, dOff);
    }
}
