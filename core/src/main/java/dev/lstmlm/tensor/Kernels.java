package dev.lstmlm.tensor;

import dev.lstmlm.UserError;

/**
 * Every fast kernel of the layers, the optimizer and the sampler, in one of two implementations
 * chosen at start-up: {@link #vector()}, the Vector API kernels at {@link Simd}'s width, or
 * {@link #scalar()}, their plain-loop twins, which the tests hold the vector kernels against and
 * which a user can switch to with {@code -Dlstmlm.kernels=scalar} to rule the fast kernels out when
 * chasing a numerical problem ({@link #chosen()} is the one place that reads it). The matrix
 * products come from {@link #gemm}, so the same choice covers them.
 *
 * <p>What the twins agree to, kernel by kernel (each bounded or checked in its test): the LSTM
 * cell, the elementwise loops, the dropout masks, axpy and the Adam update give the same bits; the
 * softmax cross-entropy's sum of exponentials, the sum of squares and the sampler's sums are
 * accumulated in another order and agree to rounding; the scalar GEMM accumulates in double.
 */
public sealed interface Kernels permits VectorKernels, ScalarKernels {
    /** System property that selects the kernels: {@code vector} (default) or {@code scalar}. */
    String PROPERTY = "lstmlm.kernels";

    /** The Vector API kernels. */
    static Kernels vector() {
        return VectorKernels.INSTANCE;
    }

    /** The plain-loop twins, one element at a time. */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The kernels that {@value #PROPERTY} names (vector when unset). */
    static Kernels chosen() {
        String kind = System.getProperty(PROPERTY, "vector");
        return switch (kind) {
            case "vector" -> vector();
            case "scalar" -> scalar();
            default -> throw new UserError(
                    "-D" + PROPERTY + "=" + kind + " is not a kind of kernels: use vector or scalar.");
        };
    }

    /** "vector-256" (the width in bits) or "scalar". */
    String name();

    /** The matrix products of these kernels, on the pool's threads ({@link ScalarGemm} uses one). */
    Gemm gemm(WorkerPool pool);

    /** One LSTM step for {@code rows} rows of H units; see {@link LstmCell#forward}. */
    void lstmForward(int rows, int hidden, float[] bias, int bOff, float[] gates, int gOff,
                     float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff);

    /** Backward through one LSTM step; see {@link LstmCell#backward}. */
    void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                      float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dBias, int dbOff);

    /** Cross-entropy of the row z + bias against target (null bias: z alone); see {@link Softmax}. */
    double crossEntropy(float[] z, int off, int n, int target, float[] bias, int bOff);

    /** Cross-entropy and, over the row, {@code scale ·} its gradient, added into dBias too; see {@link Softmax}. */
    double crossEntropyWithGradient(float[] z, int off, int n, int target, float scale,
                                    float[] bias, int bOff, float[] dBias, int dbOff);

    /** out[i] = a[i]·b[i] for i in [0, n); out may be a or b. */
    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** dst[i] += src[i] for i in [0, n). */
    void addTo(int n, float[] src, int srcOff, float[] dst, int dstOff);

    /** A fresh inverted-dropout mask in mask[off, off+n); see {@link DropoutMask}. */
    void dropoutMask(float[] mask, int off, int n, float keep, SplitMix64 rng);

    /** x[off + i] *= a for i < n (one multiply each, the same bits either way). */
    void scale(int n, float a, float[] x, int off);

    /** y[yOff + i] += a·x[xOff + i] for i < n, each element rounded once (fma). */
    void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff);

    /** Σ x[off + i]² for i < n, in double. */
    double sumOfSquares(int n, float[] x, int off);

    /** One Adam update of n parameters; see {@link VectorOps#adam}. */
    void adam(int n, float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2,
              float stepSize, float c2, float epsilon);

    /** max of x[0..n); n ≥ 1. */
    float max(float[] x, int n);

    /** w[i] = exp((x[i] − max) · invTemperature) for i in [0, n); returns the sum of w. */
    double expShifted(float[] x, float max, float invTemperature, float[] w, int n);

    /** The token that u falls on when w[0..n) are laid end to end; see {@link SamplerKernels#draw}. */
    int draw(float[] w, int n, double u);

    /** How many of x[0..n) are at least threshold. */
    int countAtLeast(float[] x, int n, float threshold);

    /** The sum of w[i] over the i in [0, n) with x[i] at least threshold. */
    double weightAtLeast(float[] x, float[] w, int n, float threshold);

    /**
     * Writes a key for every i in [0, n) with x[i] at least threshold, in index order, and returns
     * how many: keys whose ascending order is descending logit, then ascending index (the index in
     * the low 32 bits); see {@link SamplerKernels#pack}.
     */
    int collectAtLeast(float[] x, int n, float threshold, long[] out);
}
