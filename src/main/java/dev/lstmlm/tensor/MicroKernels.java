package dev.lstmlm.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels of {@link VectorGemm}: a block of C of 12 (or 8) rows by 32
 * columns lives in 24 (or 16) 512-bit accumulators while one k-step costs two vector loads of B,
 * one broadcast per row of A and one fma per accumulator (the GotoBLAS/BLIS micro-kernel; Goto
 * and van de Geijn, "Anatomy of high-performance matrix multiplication", TOMS 2008).
 *
 * <p>The rows are unrolled by hand because each accumulator must be a local for C2 to keep it in
 * a register. 12×32 ran at 152–160 GFLOP/s on one core of the reference machine against 139–144
 * for 8×32 (in-cache packed operands, k = 256); 8×32 is kept for the last strip of small M, where
 * padding 8 rows up to 12 would waste a third of the work.
 *
 * <p>Every C element is computed the same way whatever tile it falls in (the lanes never mix, and
 * the masked edge path does the same operations as the full one), which keeps results independent
 * of how the work is split between threads.
 */
final class MicroKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    /** Lanes per vector (16); a tile is two vectors wide. */
    static final int L = S.length();
    /** Tile width in columns. */
    static final int NR = 2 * L;

    private MicroKernels() {}

    /**
     * C[0..mr, 0..nr) ⊕= α·Â·B̂ for one 12×32 tile, where Â is a packed strip (k-major, 12 floats
     * per step) and B̂ a 32-column panel read at {@code b[bo + p·bs + 0..31]} (packed: bs = 32; in
     * place: bs = ldb). With β = 0 the old C is not read; otherwise C = α·acc + β·C.
     */
    static void tile12x32(int kc, float[] a, int ao, float[] b, int bo, int bs,
                         float[] c, int co, int ldc, int mr, int nr, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
        FloatVector c100 = FloatVector.zero(S), c101 = FloatVector.zero(S);
        FloatVector c110 = FloatVector.zero(S), c111 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += 12, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[ao + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[ao + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[ao + 10]); c100 = x.fma(b0, c100); c101 = x.fma(b1, c101);
            x = FloatVector.broadcast(S, a[ao + 11]); c110 = x.fma(b0, c110); c111 = x.fma(b1, c111);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        if (mr == 12 && nr == 2 * L) {
            put(c00, c01, c, co + 0 * ldc, al, beta);
            put(c10, c11, c, co + 1 * ldc, al, beta);
            put(c20, c21, c, co + 2 * ldc, al, beta);
            put(c30, c31, c, co + 3 * ldc, al, beta);
            put(c40, c41, c, co + 4 * ldc, al, beta);
            put(c50, c51, c, co + 5 * ldc, al, beta);
            put(c60, c61, c, co + 6 * ldc, al, beta);
            put(c70, c71, c, co + 7 * ldc, al, beta);
            put(c80, c81, c, co + 8 * ldc, al, beta);
            put(c90, c91, c, co + 9 * ldc, al, beta);
            put(c100, c101, c, co + 10 * ldc, al, beta);
            put(c110, c111, c, co + 11 * ldc, al, beta);
        } else {
            VectorMask<Float> m0 = S.indexInRange(0, nr), m1 = S.indexInRange(L, nr);
            put(c00, c01, c, co, al, beta, m0, m1);
            if (mr > 1) put(c10, c11, c, co + 1 * ldc, al, beta, m0, m1);
            if (mr > 2) put(c20, c21, c, co + 2 * ldc, al, beta, m0, m1);
            if (mr > 3) put(c30, c31, c, co + 3 * ldc, al, beta, m0, m1);
            if (mr > 4) put(c40, c41, c, co + 4 * ldc, al, beta, m0, m1);
            if (mr > 5) put(c50, c51, c, co + 5 * ldc, al, beta, m0, m1);
            if (mr > 6) put(c60, c61, c, co + 6 * ldc, al, beta, m0, m1);
            if (mr > 7) put(c70, c71, c, co + 7 * ldc, al, beta, m0, m1);
            if (mr > 8) put(c80, c81, c, co + 8 * ldc, al, beta, m0, m1);
            if (mr > 9) put(c90, c91, c, co + 9 * ldc, al, beta, m0, m1);
            if (mr > 10) put(c100, c101, c, co + 10 * ldc, al, beta, m0, m1);
            if (mr > 11) put(c110, c111, c, co + 11 * ldc, al, beta, m0, m1);
        }
    }

    /**
     * C[0..mr, 0..nr) ⊕= α·Â·B̂ for one 8×32 tile, where Â is a packed strip (k-major, 8 floats
     * per step) and B̂ a 32-column panel read at {@code b[bo + p·bs + 0..31]} (packed: bs = 32; in
     * place: bs = ldb). With β = 0 the old C is not read; otherwise C = α·acc + β·C.
     */
    static void tile8x32(int kc, float[] a, int ao, float[] b, int bo, int bs,
                         float[] c, int co, int ldc, int mr, int nr, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ao += 8, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        if (mr == 8 && nr == 2 * L) {
            put(c00, c01, c, co + 0 * ldc, al, beta);
            put(c10, c11, c, co + 1 * ldc, al, beta);
            put(c20, c21, c, co + 2 * ldc, al, beta);
            put(c30, c31, c, co + 3 * ldc, al, beta);
            put(c40, c41, c, co + 4 * ldc, al, beta);
            put(c50, c51, c, co + 5 * ldc, al, beta);
            put(c60, c61, c, co + 6 * ldc, al, beta);
            put(c70, c71, c, co + 7 * ldc, al, beta);
        } else {
            VectorMask<Float> m0 = S.indexInRange(0, nr), m1 = S.indexInRange(L, nr);
            put(c00, c01, c, co, al, beta, m0, m1);
            if (mr > 1) put(c10, c11, c, co + 1 * ldc, al, beta, m0, m1);
            if (mr > 2) put(c20, c21, c, co + 2 * ldc, al, beta, m0, m1);
            if (mr > 3) put(c30, c31, c, co + 3 * ldc, al, beta, m0, m1);
            if (mr > 4) put(c40, c41, c, co + 4 * ldc, al, beta, m0, m1);
            if (mr > 5) put(c50, c51, c, co + 5 * ldc, al, beta, m0, m1);
            if (mr > 6) put(c60, c61, c, co + 6 * ldc, al, beta, m0, m1);
            if (mr > 7) put(c70, c71, c, co + 7 * ldc, al, beta, m0, m1);
        }
    }

    private static void put(FloatVector v0, FloatVector v1, float[] c, int i, FloatVector al, float beta) {
        if (beta == 0f) {
            v0.mul(al).intoArray(c, i);
            v1.mul(al).intoArray(c, i + L);
        } else {
            v0.fma(al, FloatVector.fromArray(S, c, i).mul(beta)).intoArray(c, i);
            v1.fma(al, FloatVector.fromArray(S, c, i + L).mul(beta)).intoArray(c, i + L);
        }
    }

    private static void put(FloatVector v0, FloatVector v1, float[] c, int i, FloatVector al, float beta,
                            VectorMask<Float> m0, VectorMask<Float> m1) {
        if (beta == 0f) {
            v0.mul(al).intoArray(c, i, m0);
            v1.mul(al).intoArray(c, i + L, m1);
        } else {
            v0.fma(al, FloatVector.fromArray(S, c, i, m0).mul(beta)).intoArray(c, i, m0);
            v1.fma(al, FloatVector.fromArray(S, c, i + L, m1).mul(beta)).intoArray(c, i + L, m1);
        }
    }
}
