package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * c[j] = α·⟨a, b_j⟩ + β·c[j] for one row a (k) and the rows b_j of B (n,k): the NT product with
 * M = 1 that a batch-1 step makes (the recurrent and input products of an LSTM step, the decoder's
 * logits), which {@link VectorGemm} runs here, its blocks of rows shared by the threads. Rows of B are read in place, in PyTorch's (out, in) layout, 16 at a time against one
 * load of a: the general small-M kernel ({@link DotKernels}) works on blocks of 4 rows of A and
 * repeats the single row four times, so three quarters of its multiply-adds were wasted here.
 *
 * <p>Every element is summed exactly as {@link DotKernels} sums it (16 lane-wise partial sums
 * along k in steps of 16, a masked tail, then the same tree of pairwise folds), so a batch-1 step
 * gives the same bits as the same row inside a larger window. {@link #ntScalar} is the twin that
 * follows the same order one lane at a time.
 */
public final class MatVec {
    // Where each row's accumulator goes for the fold (separate constants: C2 folds static finals,
    // not array elements).
    private static final int O0 = LaneFold.offset(0), O1 = LaneFold.offset(1), O2 = LaneFold.offset(2), O3 = LaneFold.offset(3);
    private static final int O4 = LaneFold.offset(4), O5 = LaneFold.offset(5), O6 = LaneFold.offset(6), O7 = LaneFold.offset(7);
    private static final int O8 = LaneFold.offset(8), O9 = LaneFold.offset(9), O10 = LaneFold.offset(10), O11 = LaneFold.offset(11);
    private static final int O12 = LaneFold.offset(12), O13 = LaneFold.offset(13), O14 = LaneFold.offset(14), O15 = LaneFold.offset(15);
    /** Rows of B per block: one fold tree turns 16 rows' partial sums into 16 results. */
    static final int ROWS = 16;

    private MatVec() {}

    /** Scratch of one thread: 16 slots of partial sums, the folds' own slots, then the 16 totals. */
    public static float[] newScratch() {
        return new float[2 * ROWS * L + ROWS];
    }

    /** c[cOff + j] for j in [j0, j1): as {@link Gemm#nt} with m = 1. */
    public static void nt(int j0, int j1, int k, float alpha, float[] a, int aOff,
                          float[] b, int bOff, int ldb, float beta, float[] c, int cOff, float[] scratch) {
        int kb = S.loopBound(k);
        float[] out = scratch;
        int outOff = 2 * ROWS * L;
        for (int j = j0; j < j1; j += ROWS) {
            int rows = Math.min(ROWS, j1 - j);
            int b0 = bOff + j * ldb;
            // A short last block repeats its last row, so the loop body never branches on the edge.
            int last = rows - 1;
            sums(kb, a, aOff, b, b0, ldb, last, scratch);
            if (kb < k) tail(kb, k, a, aOff, b, b0, ldb, last, scratch);
            LaneFold.fold16(scratch, out, outOff);
            for (int r = 0; r < rows; r++) {
                float v = out[outOff + r];
                int ci = cOff + j + r;
                c[ci] = beta == 0f ? alpha * v : Math.fma(alpha, v, beta * c[ci]);
            }
        }
    }

    /**
     * Lane-wise partial sums of rows b0 + r·ldb (r ≤ last; above it, row last again) over the
     * first kb steps; the sums of row r go to {@link LaneFold#slot}(r), the order {@link LaneFold#fold16} expects.
     */
    private static void sums(int kb, float[] a, int aOff, float[] b, int b0, int ldb, int last, float[] acc) {
        int s1 = b0 + Math.min(1, last) * ldb, s2 = b0 + Math.min(2, last) * ldb, s3 = b0 + Math.min(3, last) * ldb;
        int s4 = b0 + Math.min(4, last) * ldb, s5 = b0 + Math.min(5, last) * ldb, s6 = b0 + Math.min(6, last) * ldb;
        int s7 = b0 + Math.min(7, last) * ldb, s8 = b0 + Math.min(8, last) * ldb, s9 = b0 + Math.min(9, last) * ldb;
        int s10 = b0 + Math.min(10, last) * ldb, s11 = b0 + Math.min(11, last) * ldb, s12 = b0 + Math.min(12, last) * ldb;
        int s13 = b0 + Math.min(13, last) * ldb, s14 = b0 + Math.min(14, last) * ldb, s15 = b0 + Math.min(15, last) * ldb;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int p = 0; p < kb; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, aOff + p);
            c0 = x.fma(FloatVector.fromArray(S, b, b0 + p), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, s1 + p), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, s2 + p), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, s3 + p), c3);
            c4 = x.fma(FloatVector.fromArray(S, b, s4 + p), c4);
            c5 = x.fma(FloatVector.fromArray(S, b, s5 + p), c5);
            c6 = x.fma(FloatVector.fromArray(S, b, s6 + p), c6);
            c7 = x.fma(FloatVector.fromArray(S, b, s7 + p), c7);
            c8 = x.fma(FloatVector.fromArray(S, b, s8 + p), c8);
            c9 = x.fma(FloatVector.fromArray(S, b, s9 + p), c9);
            c10 = x.fma(FloatVector.fromArray(S, b, s10 + p), c10);
            c11 = x.fma(FloatVector.fromArray(S, b, s11 + p), c11);
            c12 = x.fma(FloatVector.fromArray(S, b, s12 + p), c12);
            c13 = x.fma(FloatVector.fromArray(S, b, s13 + p), c13);
            c14 = x.fma(FloatVector.fromArray(S, b, s14 + p), c14);
            c15 = x.fma(FloatVector.fromArray(S, b, s15 + p), c15);
        }
        c0.intoArray(acc, O0); c1.intoArray(acc, O1); c2.intoArray(acc, O2); c3.intoArray(acc, O3);
        c4.intoArray(acc, O4); c5.intoArray(acc, O5); c6.intoArray(acc, O6); c7.intoArray(acc, O7);
        c8.intoArray(acc, O8); c9.intoArray(acc, O9); c10.intoArray(acc, O10); c11.intoArray(acc, O11);
        c12.intoArray(acc, O12); c13.intoArray(acc, O13); c14.intoArray(acc, O14); c15.intoArray(acc, O15);
    }

    /** Adds the last k − kb (< 16) steps into the partial sums, with masked loads. */
    private static void tail(int kb, int k, float[] a, int aOff, float[] b, int b0, int ldb, int last, float[] acc) {
        VectorMask<Float> t = S.indexInRange(kb, k);
        FloatVector x = FloatVector.fromArray(S, a, aOff + kb, t);
        for (int r = 0; r < ROWS; r++) {
            int o = LaneFold.offset(r);
            FloatVector y = FloatVector.fromArray(S, b, b0 + Math.min(r, last) * ldb + kb, t);
            x.fma(y, FloatVector.fromArray(S, acc, o)).intoArray(acc, o);
        }
    }

    /** The scalar twin of {@link #nt}: the same partial sums and fold order, one lane at a time. */
    public static void ntScalar(int j0, int j1, int k, float alpha, float[] a, int aOff,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff) {
        float[] lanes = new float[L];
        for (int j = j0; j < j1; j++) {
            java.util.Arrays.fill(lanes, 0f);
            int bj = bOff + j * ldb;
            for (int p = 0; p < k; p++) {
                lanes[p % L] = Math.fma(a[aOff + p], b[bj + p], lanes[p % L]);
            }
            for (int w = L / 2; w >= 1; w /= 2) {
                for (int l = 0; l < w; l++) lanes[l] += lanes[l + w];
            }
            float v = lanes[0];
            c[cOff + j] = beta == 0f ? alpha * v : Math.fma(alpha, v, beta * c[cOff + j]);
        }
    }
}
