package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Test fixture: operands with offsets and padded leading dimensions (padding and C's untouched
 * parts hold NaN or sentinels), a product by a kernel under test, and its comparison with a
 * double-precision reference.
 *
 * <p>Tolerance: a float sum of k products, each rounded once by fma, is off by at most
 * γ_k·Σ|a_p·b_p| with γ_k ≈ k·ε, ε = 2^-24 (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1); scaling by α and adding β·C add at most 3 more roundings. So
 * |C − C_ref| ≤ (k + 3)·ε·(|α|·Σ_p|a_p||b_p| + |β|·|C_old|) holds for every summation order
 * the kernels use, and a wrong index or a lost term breaks it by orders of magnitude.
 */
final class GemmCheck {
    static final double EPS = 0x1p-24;

    final GemmJob.Op op;
    final int m, n, k;
    final float alpha, beta;
    final float[] a, b, c0;
    final int aOff, lda, bOff, ldb, cOff, ldc;

    /** Operands for op with C (m,n), padding {@code pad} columns on each leading dimension. */
    GemmCheck(GemmJob.Op op, int m, int n, int k, float alpha, float beta, int pad, long seed) {
        this.op = op;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        SplittableRandom rnd = new SplittableRandom(seed);
        int aRows = op == GemmJob.Op.TN ? k : m, aCols = op == GemmJob.Op.TN ? m : k;
        int bRows = op == GemmJob.Op.NT ? n : k, bCols = op == GemmJob.Op.NT ? k : n;
        aOff = pad * 3;
        bOff = pad * 5;
        cOff = pad * 7;
        lda = aCols + pad;
        ldb = bCols + pad;
        ldc = n + pad;
        a = matrix(rnd, aRows, aCols, aOff, lda);
        b = matrix(rnd, bRows, bCols, bOff, ldb);
        c0 = matrix(rnd, m, n, cOff, ldc);
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c0, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
            }
        }
    }

    /** Values in [-1, 1) inside the matrix, NaN in the padding so that reading it would show. */
    private static float[] matrix(SplittableRandom rnd, int rows, int cols, int off, int ld) {
        float[] x = new float[off + Math.max(0, rows) * ld + 3];
        Arrays.fill(x, Float.NaN);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[off + i * ld + j] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        return x;
    }

    float[] run(Gemm g) {
        float[] c = c0.clone();
        switch (op) {
            case NN -> g.nn(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            case NT -> g.nt(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            case TN -> g.tn(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        return c;
    }

    /**
     * The product through {@link Gemm#pack} and the packed {@code nn}: op(B) packed as it is stored
     * (an NT check packs the transpose), A as stored for NN.
     */
    float[] runPacked(Gemm g) {
        if (op == GemmJob.Op.TN) throw new IllegalStateException("a packed product takes A as stored (NN or NT)");
        float[] c = c0.clone();
        PackedMatrix p = g.pack(op == GemmJob.Op.NT, k, n, b, bOff, ldb, null);
        g.nn(m, alpha, a, aOff, lda, p, beta, c, cOff, ldc);
        return c;
    }

    private float a(int i, int p) {
        return op == GemmJob.Op.TN ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    private float b(int p, int j) {
        return op == GemmJob.Op.NT ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Checks every element of c (or every {@code stride}-th, for big shapes) and that nothing else changed. */
    void verify(float[] c, String what, int stride) {
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && !Float.valueOf(c[idx]).equals(c0[idx])) {
                fail("%s wrote outside C at index %d", what, idx);
            }
        }
        long e = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++, e++) {
                if (e % stride != 0) {
                    continue;
                }
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) a(i, p) * b(p, j);
                    s += t;
                    abs += Math.abs(t);
                }
                double old = beta == 0f ? 0 : c0[cOff + i * ldc + j];
                double want = alpha * s + beta * old;
                double tol = (k + 3) * EPS * (Math.abs(alpha) * abs + Math.abs(beta) * Math.abs(old));
                double got = c[cOff + i * ldc + j];
                if (!(Math.abs(got - want) <= tol)) {
                    fail("%s: C[%d][%d] = %s, want %s ± %s", what, i, j, got, want, tol);
                }
            }
        }
        assertThat(c.length).isEqualTo(c0.length);
    }

    @Override
    public String toString() {
        return op + " m=" + m + " n=" + n + " k=" + k + " α=" + alpha + " β=" + beta;
    }
}
