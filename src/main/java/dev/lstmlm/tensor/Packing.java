package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of A and B into the k-major panels the micro-kernels read: a panel of width w holds,
 * for each step p of the reduction, the w values the kernel needs next to each other, padded with
 * zeros past the matrix edge so that the kernels never branch on the edge inside their loop.
 */
final class Packing {
    private Packing() {}

    /**
     * Panel of {@code rows ≤ w} rows of a row-major matrix whose reduction index runs along the row:
     * {@code dst[dOff + p·w + r] = src[off + r·ld + p]} for p < kc (the rows are transposed).
     */
    static void rowsTransposed(float[] src, int off, int ld, int rows, int kc, int w, float[] dst, int dOff) {
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            int d = dOff + r;
            for (int p = 0; p < kc; p++, d += w) {
                dst[d] = src[s + p];
            }
        }
        for (int r = rows; r < w; r++) {
            for (int p = 0, d = dOff + r; p < kc; p++, d += w) {
                dst[d] = 0f;
            }
        }
    }

    /**
     * Panel of {@code cols ≤ w} columns of a row-major matrix whose reduction index runs down the
     * columns: {@code dst[dOff + p·w + j] = src[off + p·ld + j]} for p < kc (rows copied as they are).
     */
    static void rowsDirect(float[] src, int off, int ld, int cols, int kc, int w, float[] dst, int dOff) {
        if (cols == w && w == 2 * L) {
            for (int p = 0, s = off, d = dOff; p < kc; p++, s += ld, d += w) {
                FloatVector.fromArray(S, src, s).intoArray(dst, d);
                FloatVector.fromArray(S, src, s + L).intoArray(dst, d + L);
            }
            return;
        }
        for (int p = 0, s = off, d = dOff; p < kc; p++, s += ld, d += w) {
            System.arraycopy(src, s, dst, d, cols);
            if (cols < w) {
                Arrays.fill(dst, d + cols, d + w, 0f);
            }
        }
    }
}
