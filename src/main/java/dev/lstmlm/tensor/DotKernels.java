package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * C = α·A·Bᵀ + β·C for a small number of rows of A (the batch of a recurrent step), as 4×4 blocks of
 * dot products along k. Both operands are read in place: their rows are contiguous along k, so no
 * packing is needed, and packing a transposed B for the 12×32 kernel cost three times the product
 * itself at M = 20 (see the notes on GEMM measurements).
 *
 * <p>Each of the 16 accumulators holds 16 partial sums; they are folded into one vector (lane
 * i·4+j = C[i][j]) by a fixed tree of 15 folds (two blends, one permute, one add each) instead of
 * 16 separate 4-step reductions; unlike {@code reduceLanes}, whose order is unspecified, the tree
 * gives the same bits in the interpreter and in compiled code.
 */
final class DotKernels {
    // Separate constants rather than arrays: C2 folds static finals, not array elements.
    private static final VectorMask<Float> ODD8 = oddBlocks(8), ODD4 = oddBlocks(4), ODD2 = oddBlocks(2), ODD1 = oddBlocks(1);
    private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);

    private DotKernels() {}

    /**
     * C[i0.., j0..j1) for all m rows: rows of C in blocks of 4, columns (rows of B) in blocks of 4;
     * a block at the edge repeats the last row so the loop body never branches.
     */
    static void nt(int m, int j0, int j1, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[] tmp) {
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
                dot4x4(k, a, a0, a1, a2, a3, b, b0, b1, b2, b3).intoArray(tmp, 0);
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

    /** The 16 dot products of rows a0..a3 with rows b0..b3 over k, lane 4·r+s = ⟨a_r, b_s⟩. */
    private static FloatVector dot4x4(int k, float[] a, int a0, int a1, int a2, int a3,
                                      float[] b, int b0, int b1, int b2, int b3) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int kb = S.loopBound(k);
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
        if (kb < k) {
            VectorMask<Float> t = S.indexInRange(kb, k);
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + kb, t);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + kb, t);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + kb, t);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + kb, t);
            FloatVector y = FloatVector.fromArray(S, b, b0 + kb, t);
            c00 = x0.fma(y, c00); c10 = x1.fma(y, c10); c20 = x2.fma(y, c20); c30 = x3.fma(y, c30);
            y = FloatVector.fromArray(S, b, b1 + kb, t);
            c01 = x0.fma(y, c01); c11 = x1.fma(y, c11); c21 = x2.fma(y, c21); c31 = x3.fma(y, c31);
            y = FloatVector.fromArray(S, b, b2 + kb, t);
            c02 = x0.fma(y, c02); c12 = x1.fma(y, c12); c22 = x2.fma(y, c22); c32 = x3.fma(y, c32);
            y = FloatVector.fromArray(S, b, b3 + kb, t);
            c03 = x0.fma(y, c03); c13 = x1.fma(y, c13); c23 = x2.fma(y, c23); c33 = x3.fma(y, c33);
        }
        // Element e = 4r+s enters at slot bitreverse(e): the tree below leaves slot q's sum in lane
        // bitreverse(q), so lane e ends up holding element e.
        FloatVector z0 = fold(c00, c20, ODD8, SWAP8), z1 = fold(c10, c30, ODD8, SWAP8);
        FloatVector z2 = fold(c02, c22, ODD8, SWAP8), z3 = fold(c12, c32, ODD8, SWAP8);
        FloatVector z4 = fold(c01, c21, ODD8, SWAP8), z5 = fold(c11, c31, ODD8, SWAP8);
        FloatVector z6 = fold(c03, c23, ODD8, SWAP8), z7 = fold(c13, c33, ODD8, SWAP8);
        FloatVector y0 = fold(z0, z1, ODD4, SWAP4), y1 = fold(z2, z3, ODD4, SWAP4);
        FloatVector y2 = fold(z4, z5, ODD4, SWAP4), y3 = fold(z6, z7, ODD4, SWAP4);
        return fold(fold(y0, y1, ODD2, SWAP2), fold(y2, y3, ODD2, SWAP2), ODD1, SWAP1);
    }

    /**
     * With w the block size of {@code odd} and {@code swap}: lanes of even w-blocks get x[l] + x[l + w],
     * lanes of odd w-blocks get y[l] + y[l - w].
     */
    private static FloatVector fold(FloatVector x, FloatVector y, VectorMask<Float> odd, VectorShuffle<Float> swap) {
        return x.blend(y, odd).add(y.blend(x, odd).rearrange(swap));
    }

    private static VectorMask<Float> oddBlocks(int w) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l / w) % 2 == 1;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    private static VectorShuffle<Float> swap(int w) {
        return VectorShuffle.fromOp(S, l -> l ^ w);
    }
}
