package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

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
    private static final VectorMask<Float> ODD8 = oddBlocks(8), ODD4 = oddBlocks(4);
    private static final VectorMask<Float> ODD2 = oddBlocks(2), ODD1 = oddBlocks(1);
    private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4);
    private static final VectorShuffle<Float> SWAP2 = swap(2), SWAP1 = swap(1);
    /** Rows of B per block: one fold tree turns 16 rows' partial sums into 16 results. */
    static final int ROWS = 16;

    private MatVec() {}

    /** Scratch of one thread: 16 slots of partial sums plus the folds' own 16 slots. */
    public static float[] newScratch() {
        return new float[2 * ROWS * L + L];
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
            fold16(scratch, out, outOff);
            for (int r = 0; r < rows; r++) {
                float v = out[outOff + r];
                int ci = cOff + j + r;
                c[ci] = beta == 0f ? alpha * v : Math.fma(alpha, v, beta * c[ci]);
            }
        }
    }

    /**
     * Lane-wise partial sums of rows b0 + r·ldb (r ≤ last; above it, row last again) over the
     * first kb steps; the sums of row r go to slot bitreverse(r), the order {@link #fold16} expects.
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
        c0.intoArray(acc, L * 0); c1.intoArray(acc, L * 8); c2.intoArray(acc, L * 4); c3.intoArray(acc, L * 12);
        c4.intoArray(acc, L * 2); c5.intoArray(acc, L * 10); c6.intoArray(acc, L * 6); c7.intoArray(acc, L * 14);
        c8.intoArray(acc, L * 1); c9.intoArray(acc, L * 9); c10.intoArray(acc, L * 5); c11.intoArray(acc, L * 13);
        c12.intoArray(acc, L * 3); c13.intoArray(acc, L * 11); c14.intoArray(acc, L * 7); c15.intoArray(acc, L * 15);
    }

    /** Adds the last k − kb (< 16) steps into the partial sums, with masked loads. */
    private static void tail(int kb, int k, float[] a, int aOff, float[] b, int b0, int ldb, int last, float[] acc) {
        VectorMask<Float> t = S.indexInRange(kb, k);
        FloatVector x = FloatVector.fromArray(S, a, aOff + kb, t);
        for (int r = 0; r < ROWS; r++) {
            int o = L * (Integer.reverse(r) >>> 28);
            FloatVector y = FloatVector.fromArray(S, b, b0 + Math.min(r, last) * ldb + kb, t);
            x.fma(y, FloatVector.fromArray(S, acc, o)).intoArray(acc, o);
        }
    }

    /** The fold tree of {@link DotKernels}: lane r of out[outOff..] gets the total of row r. */
    private static void fold16(float[] acc, float[] out, int outOff) {
        for (int t = 0; t < 8; t++) {
            fold(v(acc, 2 * t), v(acc, 2 * t + 1), ODD8, SWAP8).intoArray(acc, L * (16 + t));
        }
        for (int t = 0; t < 4; t++) {
            fold(v(acc, 16 + 2 * t), v(acc, 17 + 2 * t), ODD4, SWAP4).intoArray(acc, L * t);
        }
        for (int t = 0; t < 2; t++) {
            fold(v(acc, 2 * t), v(acc, 2 * t + 1), ODD2, SWAP2).intoArray(acc, L * (4 + t));
        }
        fold(v(acc, 4), v(acc, 5), ODD1, SWAP1).intoArray(out, outOff);
    }

    private static FloatVector v(float[] acc, int slot) {
        return FloatVector.fromArray(S, acc, L * slot);
    }

    private static FloatVector fold(FloatVector x, FloatVector y, VectorMask<Float> odd, VectorShuffle<Float> swap) {
        return x.blend(y, odd).add(y.blend(x, odd).rearrange(swap));
    }

    private static VectorMask<Float> oddBlocks(int w) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) bits[l] = (l / w) % 2 == 1;
        return VectorMask.fromArray(S, bits, 0);
    }

    private static VectorShuffle<Float> swap(int w) {
        return VectorShuffle.fromOp(S, l -> l ^ w);
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
