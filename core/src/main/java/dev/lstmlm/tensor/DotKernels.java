package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * C = α·A·Bᵀ + β·C for a small number of rows of A (the batch of a recurrent step), as 4×4 blocks of
 * dot products along k. Both operands are read in place: their rows are contiguous along k, so no
 * packing is needed. Packing B transposed for the 12×32 kernel would cost about as much as the
 * product at M = 20: 0.36 ns per element of B (measured, 16-row gathers) against 0.27 ns for the
 * 40 flops each element of B takes part in at 150 GFLOP/s.
 *
 * <p>Each of the 16 accumulators holds L partial sums; {@link LaneFold} folds them into the 16
 * totals (element i·4+j = C[i][j]) by a fixed tree instead of 16 separate reductions.
 */
final class DotKernels {
    // Where each of the 16 accumulators goes for the fold (separate constants: C2 folds static
    // finals, not array elements).
    private static final int O0 = LaneFold.offset(0), O1 = LaneFold.offset(1), O2 = LaneFold.offset(2), O3 = LaneFold.offset(3);
    private static final int O4 = LaneFold.offset(4), O5 = LaneFold.offset(5), O6 = LaneFold.offset(6), O7 = LaneFold.offset(7);
    private static final int O8 = LaneFold.offset(8), O9 = LaneFold.offset(9), O10 = LaneFold.offset(10), O11 = LaneFold.offset(11);
    private static final int O12 = LaneFold.offset(12), O13 = LaneFold.offset(13), O14 = LaneFold.offset(14), O15 = LaneFold.offset(15);

    private DotKernels() {}

    /**
     * C[i0.., j0..j1) for all m rows: rows of C in blocks of 4, columns (rows of B) in blocks of 4;
     * a block at the edge repeats the last row so the loop body never branches.
     */
    static void nt(int m, int j0, int j1, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[] acc, float[] tmp) {
        for (int j = j0; j < j1; j += 4) {
            int nj = Math.min(4, j1 - j);
            int b0 = bOff + j * ldb;
            int b1 = bOff + (j + Math.min(1, nj - 1)) * ldb;
            int b2 = bOff + (j + Math.min(2, nj - 1)) * ldb;
            int b3 = bOff + (j + Math.min(3, nj - 1)) * ldb;
            for (int i = 0; i < m; i += 4) {
                int ni = Math.min(4, m - i);
                int a0 = aOff + i * lda;
                int a1 = aOff + (i + Math.min(1, ni - 1)) * lda;
                int a2 = aOff + (i + Math.min(2, ni - 1)) * lda;
                int a3 = aOff + (i + Math.min(3, ni - 1)) * lda;
                dot4x4(k, a, a0, a1, a2, a3, b, b0, b1, b2, b3, acc, tmp);
                int ci = cOff + i * ldc + j;
                for (int r = 0; r < ni; r++, ci += ldc) {
                    for (int s = 0; s < nj; s++) {
                        float v = tmp[4 * r + s];
                        c[ci + s] = beta == 0f ? alpha * v : Math.fma(alpha, v, beta * c[ci + s]);
                    }
                }
            }
        }
    }

    /**
     * The 16 dot products of rows a0..a3 with rows b0..b3 over k into out[0..16), lane 4·r+s =
     * ⟨a_r, b_s⟩. The three steps are separate methods that hand the 16 accumulators over through
     * {@code acc}: as one method it was too big for C1 ("out of virtual registers") and never reached
     * C2, leaving the vectors boxed (under 1 GFLOP/s).
     */
    private static void dot4x4(int k, float[] a, int a0, int a1, int a2, int a3,
                               float[] b, int b0, int b1, int b2, int b3, float[] acc, float[] out) {
        int kb = S.loopBound(k);
        sums(kb, a, a0, a1, a2, a3, b, b0, b1, b2, b3, acc);
        if (kb < k) {
            tail(kb, k, a, a0, a1, a2, a3, b, b0, b1, b2, b3, acc);
        }
        LaneFold.fold16(acc, out, 0);
    }

    /**
     * Lane-wise partial sums over the first kb steps; the sums of element e = 4·r+s go to
     * {@link LaneFold#slot}(e) of acc (L floats a slot), the order {@link LaneFold#fold16} expects.
     */
    private static void sums(int kb, float[] a, int a0, int a1, int a2, int a3,
                             float[] b, int b0, int b1, int b2, int b3, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kb; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            c00 = x0.fma(y, c00); c10 = x1.fma(y, c10); c20 = x2.fma(y, c20); c30 = x3.fma(y, c30);
            y = FloatVector.fromArray(S, b, b1 + p);
            c01 = x0.fma(y, c01); c11 = x1.fma(y, c11); c21 = x2.fma(y, c21); c31 = x3.fma(y, c31);
            y = FloatVector.fromArray(S, b, b2 + p);
            c02 = x0.fma(y, c02); c12 = x1.fma(y, c12); c22 = x2.fma(y, c22); c32 = x3.fma(y, c32);
            y = FloatVector.fromArray(S, b, b3 + p);
            c03 = x0.fma(y, c03); c13 = x1.fma(y, c13); c23 = x2.fma(y, c23); c33 = x3.fma(y, c33);
        }
        c00.intoArray(acc, O0); c01.intoArray(acc, O1); c02.intoArray(acc, O2); c03.intoArray(acc, O3);
        c10.intoArray(acc, O4); c11.intoArray(acc, O5); c12.intoArray(acc, O6); c13.intoArray(acc, O7);
        c20.intoArray(acc, O8); c21.intoArray(acc, O9); c22.intoArray(acc, O10); c23.intoArray(acc, O11);
        c30.intoArray(acc, O12); c31.intoArray(acc, O13); c32.intoArray(acc, O14); c33.intoArray(acc, O15);
    }

    /** Adds the last k − kb (< 16) steps into the partial sums, with masked loads. */
    private static void tail(int kb, int k, float[] a, int a0, int a1, int a2, int a3,
                             float[] b, int b0, int b1, int b2, int b3, float[] acc) {
        VectorMask<Float> t = S.indexInRange(kb, k);
        for (int r = 0; r < 4; r++) {
            FloatVector x = FloatVector.fromArray(S, a, (r == 0 ? a0 : r == 1 ? a1 : r == 2 ? a2 : a3) + kb, t);
            for (int s = 0; s < 4; s++) {
                int o = LaneFold.offset(4 * r + s);
                FloatVector y = FloatVector.fromArray(S, b, (s == 0 ? b0 : s == 1 ? b1 : s == 2 ? b2 : b3) + kb, t);
                x.fma(y, FloatVector.fromArray(S, acc, o)).intoArray(acc, o);
            }
        }
    }
}
