package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.NR;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Copies blocks of A and B into the k-major panels the micro-kernels read: a panel of width w holds,
 * for each step p of the reduction, the w values the kernel needs next to each other, padded with
 * zeros past the matrix edge so that the kernels never branch on the edge inside their loop.
 */
final class Packing {
    // Separate constants rather than arrays: C2 folds static finals, not array elements.
    private Packing() {}

    /**
     * Panel of {@code rows ≤ w} rows of a row-major matrix whose reduction index runs along the row:
     * {@code dst[dOff + p·w + r] = src[off + r·ld + p]} for p < kc (the rows are transposed), one
     * gather of 16 rows per step. Gathers took 0.5–0.75 ns per element against 1.1 for the
     * element-by-element loop (32×256 blocks of a 200×10000 matrix, busy machine). Lanes past
     * {@code rows} hold copies of the last row: the kernels compute them but never store them.
     */
    static void rowsTransposed(float[] src, int off, int ld, int rows, int kc, int w, float[] dst, int dOff,
                               int[] index) {
        for (int r0 = 0; r0 < w; r0 += L) {
            VectorMask<Float> keep = S.indexInRange(0, w - r0);
            if (r0 >= rows) {
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
            if (w - r0 >= L) {
                for (int p = 0, d = dOff + r0; p < kc; p++, d += w) {
                    FloatVector.fromArray(S, src, s + p, index, 0).intoArray(dst, d);
                }
            } else {
                for (int p = 0, d = dOff + r0; p < kc; p++, d += w) {
                    FloatVector.fromArray(S, src, s + p, index, 0).intoArray(dst, d, keep);
                }
            }
        }
    }

    /**
     * Panel of {@code cols ≤ w ≤ 16} columns of a row-major matrix whose reduction index runs down
     * the columns: {@code dst[dOff + p·w + j] = src[off + p·ld + j]} for p < kc, zero past cols (one
     * masked load and store per step; System.arraycopy of 12 floats took 0.6 ns per element).
     */
    static void rowsDirect(float[] src, int off, int ld, int cols, int kc, int w, float[] dst, int dOff) {
        VectorMask<Float> in = S.indexInRange(0, cols), out = S.indexInRange(0, w);
        for (int p = 0, s = off, d = dOff; p < kc; p++, s += ld, d += w) {
            FloatVector.fromArray(S, src, s, in).intoArray(dst, d, out);
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
