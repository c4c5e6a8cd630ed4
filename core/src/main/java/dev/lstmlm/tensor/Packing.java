package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.NR;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Copies blocks of A and B into the k-major panels the micro-kernels read: a panel of width w holds,
 * for each step p of the reduction, the w values the kernel needs next to each other, padded with
 * zeros past the matrix edge so that the kernels never branch on the edge inside their loop.
 */
final class Packing {
    // Separate constants rather than arrays: C2 folds static finals, not array elements.
    private Packing() {}

    // Lane permutations l → l ^ b and the lanes whose bit b is set (HIGH) or clear (LOW), for the
    // rounds of transpose16.
    private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);
    private static final VectorMask<Float> HIGH8 = bit(8, true), HIGH4 = bit(4, true), HIGH2 = bit(2, true), HIGH1 = bit(1, true);
    private static final VectorMask<Float> LOW8 = bit(8, false), LOW4 = bit(4, false), LOW2 = bit(2, false), LOW1 = bit(1, false);

    private static VectorShuffle<Float> swap(int b) {
        return VectorShuffle.fromOp(S, l -> l ^ b);
    }

    private static VectorMask<Float> bit(int b, boolean set) {
        boolean[] lanes = new boolean[L];
        for (int l = 0; l < L; l++) lanes[l] = ((l & b) != 0) == set;
        return VectorMask.fromArray(S, lanes, 0);
    }


    /**
     * Panel of {@code rows ≤ w} rows of a row-major matrix whose reduction index runs along the row:
     * {@code dst[dOff + p·w + r] = src[off + r·ld + p]} for p < kc (the rows are transposed), one
     * gather of 16 rows per step. Gathers took 0.5–0.75 ns per element against 1.1 for the
     * element-by-element loop (32×256 blocks of a 200×10000 matrix, busy machine). Lanes past
     * {@code rows} hold copies of the last row: the kernels compute them but never store them.
     */
    static void rowsTransposed(float[] src, int off, int ld, int rows, int kc, int w, float[] dst, int dOff,
                               int[] index, float[] scratch) {
        for (int r0 = 0; r0 < w; r0 += L) {
            if (r0 >= rows) {
                VectorMask<Float> keep = S.indexInRange(0, w - r0);
                for (int p = 0, d = dOff + r0; p < kc; p++, d += w) {
                    FloatVector.zero(S).intoArray(dst, d, keep);
                }
                continue;
            }
            int last = Math.min(rows - 1 - r0, L - 1);
            for (int r = 0; r < L; r++) {
                index[r] = Math.min(r, last) * ld;
            }
            int s = off + r0 * ld;
            int p = 0;
            if (L == 16) {
                for (; p + L <= kc; p += L) {
                    transpose16(src, off, ld, rows, r0, p, dst, dOff, w, scratch);
                }
            }
            // Made after the block transposes: a mask live across a call that is not inlined is boxed.
            VectorMask<Float> keep = S.indexInRange(0, w - r0);
            if (w - r0 >= L) {
                for (int d = dOff + r0 + p * w; p < kc; p++, d += w) {
                    FloatVector.fromArray(S, src, s + p, index, 0).intoArray(dst, d);
                }
            } else {
                for (int d = dOff + r0 + p * w; p < kc; p++, d += w) {
                    FloatVector.fromArray(S, src, s + p, index, 0).intoArray(dst, d, keep);
                }
            }
        }
    }

    /**
     * Steps p0..p0+15 of rows r0..r0+15 (rows past {@code rows} repeat the last one), transposed
     * and stored as 16 steps of a panel of width w: dst[dOff + (p0+j)·w + r0 + i] for
     * i < min(16, w − r0). Four rounds swap blocks of 8, 4, 2 and 1 lanes between row pairs, each
     * a lane permutation and a blend per vector, through a 2×256-float scratch in L1, instead of a
     * gather per step. (With the 16 rows as locals in one method, C2 gave up on it and every vector
     * was boxed: 1.7 MB allocated per training window.)
     */
    private static void transpose16(float[] src, int off, int ld, int rows, int r0, int p0, float[] dst, int dOff, int w,
                                    float[] t) {
        // The mask is made here, not passed in: an argument to a call that is not inlined is boxed.
        VectorMask<Float> keep = S.indexInRange(0, w - r0);
        int last = rows - 1;
        for (int i = 0; i < L; i++) {
            FloatVector.fromArray(S, src, off + Math.min(r0 + i, last) * ld + p0).intoArray(t, i * L);
        }
        round(t, 0, 256, 8, SWAP8, HIGH8, LOW8);
        round(t, 256, 0, 4, SWAP4, HIGH4, LOW4);
        round(t, 0, 256, 2, SWAP2, HIGH2, LOW2);
        round(t, 256, 0, 1, SWAP1, HIGH1, LOW1);
        for (int j = 0; j < L; j++) {
            FloatVector.fromArray(S, t, j * L).intoArray(dst, dOff + (p0 + j) * w + r0, keep);
        }
    }

    /** One round of transpose16: rows i and i+b (bit b of i clear) of t[from..] exchange blocks of b lanes into t[to..]. */
    private static void round(float[] t, int from, int to, int b, VectorShuffle<Float> swap, VectorMask<Float> high,
                              VectorMask<Float> low) {
        for (int i = 0; i < L; i++) {
            if ((i & b) != 0) continue;
            FloatVector x = FloatVector.fromArray(S, t, from + i * L);
            FloatVector y = FloatVector.fromArray(S, t, from + (i + b) * L);
            x.blend(y.rearrange(swap), high).intoArray(t, to + i * L);
            y.blend(x.rearrange(swap), low).intoArray(t, to + (i + b) * L);
        }
    }

    /**
     * Panel of {@code cols ≤ w} columns of a row-major matrix whose reduction index runs down
     * the columns: {@code dst[dOff + p·w + j] = src[off + p·ld + j]} for p < kc, zero past cols (one
     * masked load and store per step; System.arraycopy of 12 floats took 0.6 ns per element).
     */
    static void rowsDirect(float[] src, int off, int ld, int cols, int kc, int w, float[] dst, int dOff) {
        // With fewer lanes than w (8-lane vectors, w = 12), the panel is copied in slices of L columns.
        for (int j = 0; j < w; j += L) {
            VectorMask<Float> in = S.indexInRange(j, cols), out = S.indexInRange(j, w);
            for (int p = 0, s = off + j, d = dOff + j; p < kc; p++, s += ld, d += w) {
                FloatVector.fromArray(S, src, s, in).intoArray(dst, d, out);
            }
        }
    }

    /**
     * A block of kc rows × cols columns of a row-major matrix as panels of 32 columns, each kc×32
     * ({@code dst[t·kc·32 + p·32 + j] = src[off + p·ld + 32·t + j]}), the last one padded with zeros.
     * Reads row by row, so that each row is one sequential stream for the hardware prefetcher.
     */
    static void panels(float[] src, int off, int ld, int cols, int kc, float[] dst) {
        int full = cols / NR;
        int rest = cols - full * NR;
        VectorMask<Float> m0 = S.indexInRange(0, rest), m1 = S.indexInRange(L, rest);
        for (int p = 0; p < kc; p++) {
            int s = off + p * ld;
            int d = p * NR;
            for (int t = 0; t < full; t++, s += NR, d += kc * NR) {
                FloatVector.fromArray(S, src, s).intoArray(dst, d);
                FloatVector.fromArray(S, src, s + L).intoArray(dst, d + L);
            }
            if (rest > 0) {
                FloatVector.fromArray(S, src, s, m0).intoArray(dst, d);
                FloatVector.fromArray(S, src, s + L, m1).intoArray(dst, d + L);
            }
        }
    }
}
