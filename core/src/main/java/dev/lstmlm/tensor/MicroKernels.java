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
 * a register. 12×32 ran at 152–160 GFLOP/s on one core of the 2-vCPU Xeon of BENCHMARKS.md against 139–144
 * for 8×32 (in-cache packed operands, k = 256); 8×32 is kept for the last strip of small M, where
 * padding 8 rows up to 12 would waste a third of the work.
 *
 * <p>A full tile with α = 1 and β ∈ {0, 1} goes straight to C (accumulating onto it for β = 1);
 * any other tile goes to a scratch array and {@link #tile} applies α, β and the edge masks. With
 * that code written out beside the 24 accumulators the method grew past C2's inlining node
 * budget, its helpers were called instead of inlined and every vector was boxed (1–4 GFLOP/s).
 *
 * <p>The path a C element takes depends only on its position in the global grid of 12×32 tiles,
 * never on the split between threads, so results stay independent of the number of threads.
 *
 */
final class MicroKernels {
    static final VectorSpecies<Float> S = Simd.FLOATS;
    /** Lanes per vector (16 with AVX-512, 8 with AVX2); a tile is two vectors wide. */
    static final int L = S.length();
    /** Tile width in columns. */
    static final int NR = 2 * L;

    private MicroKernels() {}

    /**
     * One 12×32 tile: d[dOff + r·ld + j] = (accumulate ? d[…] : 0) + Σ_p Â[p][r]·B̂[p][j], where Â is a
     * packed strip (12 floats per step p) and B̂ a 32-column panel read at {@code b[bo + p·bs + 0..31]}
     * (packed: bs = 32; in place: bs = ldb).
     */
    static void tile12x32(int kc, float[] a, int ao, float[] b, int bo, int bs,
                          float[] d, int dOff, int ld, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = FloatVector.zero(S), c11 = c10;
        FloatVector c20 = FloatVector.zero(S), c21 = c20;
        FloatVector c30 = FloatVector.zero(S), c31 = c30;
        FloatVector c40 = FloatVector.zero(S), c41 = c40;
        FloatVector c50 = FloatVector.zero(S), c51 = c50;
        FloatVector c60 = FloatVector.zero(S), c61 = c60;
        FloatVector c70 = FloatVector.zero(S), c71 = c70;
        FloatVector c80 = FloatVector.zero(S), c81 = c80;
        FloatVector c90 = FloatVector.zero(S), c91 = c90;
        FloatVector c100 = FloatVector.zero(S), c101 = c100;
        FloatVector c110 = FloatVector.zero(S), c111 = c110;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, d, dOff); c01 = FloatVector.fromArray(S, d, dOff + L);
            c10 = FloatVector.fromArray(S, d, dOff + 1 * ld); c11 = FloatVector.fromArray(S, d, dOff + 1 * ld + L);
            c20 = FloatVector.fromArray(S, d, dOff + 2 * ld); c21 = FloatVector.fromArray(S, d, dOff + 2 * ld + L);
            c30 = FloatVector.fromArray(S, d, dOff + 3 * ld); c31 = FloatVector.fromArray(S, d, dOff + 3 * ld + L);
            c40 = FloatVector.fromArray(S, d, dOff + 4 * ld); c41 = FloatVector.fromArray(S, d, dOff + 4 * ld + L);
            c50 = FloatVector.fromArray(S, d, dOff + 5 * ld); c51 = FloatVector.fromArray(S, d, dOff + 5 * ld + L);
            c60 = FloatVector.fromArray(S, d, dOff + 6 * ld); c61 = FloatVector.fromArray(S, d, dOff + 6 * ld + L);
            c70 = FloatVector.fromArray(S, d, dOff + 7 * ld); c71 = FloatVector.fromArray(S, d, dOff + 7 * ld + L);
            c80 = FloatVector.fromArray(S, d, dOff + 8 * ld); c81 = FloatVector.fromArray(S, d, dOff + 8 * ld + L);
            c90 = FloatVector.fromArray(S, d, dOff + 9 * ld); c91 = FloatVector.fromArray(S, d, dOff + 9 * ld + L);
            c100 = FloatVector.fromArray(S, d, dOff + 10 * ld); c101 = FloatVector.fromArray(S, d, dOff + 10 * ld + L);
            c110 = FloatVector.fromArray(S, d, dOff + 11 * ld); c111 = FloatVector.fromArray(S, d, dOff + 11 * ld + L);
        }
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
        c00.intoArray(d, dOff); c01.intoArray(d, dOff + L);
        c10.intoArray(d, dOff + 1 * ld); c11.intoArray(d, dOff + 1 * ld + L);
        c20.intoArray(d, dOff + 2 * ld); c21.intoArray(d, dOff + 2 * ld + L);
        c30.intoArray(d, dOff + 3 * ld); c31.intoArray(d, dOff + 3 * ld + L);
        c40.intoArray(d, dOff + 4 * ld); c41.intoArray(d, dOff + 4 * ld + L);
        c50.intoArray(d, dOff + 5 * ld); c51.intoArray(d, dOff + 5 * ld + L);
        c60.intoArray(d, dOff + 6 * ld); c61.intoArray(d, dOff + 6 * ld + L);
        c70.intoArray(d, dOff + 7 * ld); c71.intoArray(d, dOff + 7 * ld + L);
        c80.intoArray(d, dOff + 8 * ld); c81.intoArray(d, dOff + 8 * ld + L);
        c90.intoArray(d, dOff + 9 * ld); c91.intoArray(d, dOff + 9 * ld + L);
        c100.intoArray(d, dOff + 10 * ld); c101.intoArray(d, dOff + 10 * ld + L);
        c110.intoArray(d, dOff + 11 * ld); c111.intoArray(d, dOff + 11 * ld + L);
    }

    /**
     * One 8×32 tile: d[dOff + r·ld + j] = (accumulate ? d[…] : 0) + Σ_p Â[p][r]·B̂[p][j], where Â is a
     * packed strip (8 floats per step p) and B̂ a 32-column panel read at {@code b[bo + p·bs + 0..31]}
     * (packed: bs = 32; in place: bs = ldb).
     */
    static void tile8x32(int kc, float[] a, int ao, float[] b, int bo, int bs,
                          float[] d, int dOff, int ld, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = FloatVector.zero(S), c11 = c10;
        FloatVector c20 = FloatVector.zero(S), c21 = c20;
        FloatVector c30 = FloatVector.zero(S), c31 = c30;
        FloatVector c40 = FloatVector.zero(S), c41 = c40;
        FloatVector c50 = FloatVector.zero(S), c51 = c50;
        FloatVector c60 = FloatVector.zero(S), c61 = c60;
        FloatVector c70 = FloatVector.zero(S), c71 = c70;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, d, dOff); c01 = FloatVector.fromArray(S, d, dOff + L);
            c10 = FloatVector.fromArray(S, d, dOff + 1 * ld); c11 = FloatVector.fromArray(S, d, dOff + 1 * ld + L);
            c20 = FloatVector.fromArray(S, d, dOff + 2 * ld); c21 = FloatVector.fromArray(S, d, dOff + 2 * ld + L);
            c30 = FloatVector.fromArray(S, d, dOff + 3 * ld); c31 = FloatVector.fromArray(S, d, dOff + 3 * ld + L);
            c40 = FloatVector.fromArray(S, d, dOff + 4 * ld); c41 = FloatVector.fromArray(S, d, dOff + 4 * ld + L);
            c50 = FloatVector.fromArray(S, d, dOff + 5 * ld); c51 = FloatVector.fromArray(S, d, dOff + 5 * ld + L);
            c60 = FloatVector.fromArray(S, d, dOff + 6 * ld); c61 = FloatVector.fromArray(S, d, dOff + 6 * ld + L);
            c70 = FloatVector.fromArray(S, d, dOff + 7 * ld); c71 = FloatVector.fromArray(S, d, dOff + 7 * ld + L);
        }
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
        c00.intoArray(d, dOff); c01.intoArray(d, dOff + L);
        c10.intoArray(d, dOff + 1 * ld); c11.intoArray(d, dOff + 1 * ld + L);
        c20.intoArray(d, dOff + 2 * ld); c21.intoArray(d, dOff + 2 * ld + L);
        c30.intoArray(d, dOff + 3 * ld); c31.intoArray(d, dOff + 3 * ld + L);
        c40.intoArray(d, dOff + 4 * ld); c41.intoArray(d, dOff + 4 * ld + L);
        c50.intoArray(d, dOff + 5 * ld); c51.intoArray(d, dOff + 5 * ld + L);
        c60.intoArray(d, dOff + 6 * ld); c61.intoArray(d, dOff + 6 * ld + L);
        c70.intoArray(d, dOff + 7 * ld); c71.intoArray(d, dOff + 7 * ld + L);
    }

    /**
     * C[0..mr, 0..nr) = α·Â·B̂ + β·C for one tile of up to 12 (or, with {@code eight}, 8) rows,
     * reading C only when β ≠ 0 (so NaN left in C by the caller disappears when β = 0, as in BLAS).
     */
    static void tile(boolean eight, int kc, float[] a, int ao, float[] b, int bo, int bs,
                     int mr, int nr, float alpha, float beta, float[] c, int co, int ldc, float[] acc) {
        if (mr == (eight ? 8 : 12) && nr == NR && alpha == 1f && (beta == 0f || beta == 1f)) {
            block(eight, kc, a, ao, b, bo, bs, c, co, ldc, beta == 1f);
            return;
        }
        block(eight, kc, a, ao, b, bo, bs, acc, 0, NR, false);
        store(acc, mr, nr, alpha, beta, c, co, ldc);
    }

    /**
     * One 12-row (or 8-row) block of 2·L columns. With 16 lanes it is one register block; with
     * fewer (AVX2: 16 registers of 8 lanes), 24 accumulators would spill, so the block is computed
     * in parts of 4 rows over the same packed strip of A, each in 8 accumulators. Three parts of 4
     * rows ran at 39–42 GFLOP/s against 34–36 for two of 6 (CPU time on one core of the 2-vCPU AMD
     * EPYC, packed strip in L1 and panels in L2, k = 256; the machine was shared, so the figures
     * are indicative only), although they read each panel of B three times instead of twice: with
     * 12 accumulators, two vectors of B and a broadcast in 15 of the 16 registers, C2's unrolled loop
     * had no room left. Each element of C sums the same products in the same order either way.
     */
    private static void block(boolean eight, int kc, float[] a, int ao, float[] b, int bo, int bs,
                              float[] d, int dOff, int ld, boolean accumulate) {
        if (L == 16) {
            if (eight) {
                tile8x32(kc, a, ao, b, bo, bs, d, dOff, ld, accumulate);
            } else {
                tile12x32(kc, a, ao, b, bo, bs, d, dOff, ld, accumulate);
            }
        } else if (eight) {
            rows4(kc, 8, a, ao, b, bo, bs, d, dOff, ld, accumulate);
            rows4(kc, 8, a, ao + 4, b, bo, bs, d, dOff + 4 * ld, ld, accumulate);
        } else {
            rows4(kc, 12, a, ao, b, bo, bs, d, dOff, ld, accumulate);
            rows4(kc, 12, a, ao + 4, b, bo, bs, d, dOff + 4 * ld, ld, accumulate);
            rows4(kc, 12, a, ao + 8, b, bo, bs, d, dOff + 8 * ld, ld, accumulate);
        }
    }

    /** Rows 0..3 of a strip of {@code stride} floats per step p, read from offset ao: 4 × 2·L columns. */
    private static void rows4(int kc, int stride, float[] a, int ao, float[] b, int bo, int bs,
                              float[] d, int dOff, int ld, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = FloatVector.zero(S), c11 = c10;
        FloatVector c20 = FloatVector.zero(S), c21 = c20;
        FloatVector c30 = FloatVector.zero(S), c31 = c30;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, d, dOff); c01 = FloatVector.fromArray(S, d, dOff + L);
            c10 = FloatVector.fromArray(S, d, dOff + 1 * ld); c11 = FloatVector.fromArray(S, d, dOff + 1 * ld + L);
            c20 = FloatVector.fromArray(S, d, dOff + 2 * ld); c21 = FloatVector.fromArray(S, d, dOff + 2 * ld + L);
            c30 = FloatVector.fromArray(S, d, dOff + 3 * ld); c31 = FloatVector.fromArray(S, d, dOff + 3 * ld + L);
        }
        for (int p = 0; p < kc; p++, ao += stride, bo += bs) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        c00.intoArray(d, dOff); c01.intoArray(d, dOff + L);
        c10.intoArray(d, dOff + 1 * ld); c11.intoArray(d, dOff + 1 * ld + L);
        c20.intoArray(d, dOff + 2 * ld); c21.intoArray(d, dOff + 2 * ld + L);
        c30.intoArray(d, dOff + 3 * ld); c31.intoArray(d, dOff + 3 * ld + L);
    }

    /**
     * C[0..mr, 0..nr) = α·acc + β·C, reading C only when β ≠ 0 (so NaN left in C by the caller
     * disappears when β = 0, as in BLAS).
     */
    private static void store(float[] acc, int mr, int nr, float alpha, float beta, float[] c, int co, int ldc) {
        FloatVector al = FloatVector.broadcast(S, alpha);
        if (nr == NR) {
            for (int r = 0; r < mr; r++, co += ldc) {
                for (int v = 0; v < NR; v += L) {
                    FloatVector x = FloatVector.fromArray(S, acc, r * NR + v);
                    x = beta == 0f ? x.mul(al) : x.fma(al, FloatVector.fromArray(S, c, co + v).mul(beta));
                    x.intoArray(c, co + v);
                }
            }
            return;
        }
        for (int v = 0; v < NR; v += L) {
            VectorMask<Float> in = S.indexInRange(v, nr);
            for (int r = 0, ci = co + v; r < mr; r++, ci += ldc) {
                FloatVector x = FloatVector.fromArray(S, acc, r * NR + v);
                x = beta == 0f ? x.mul(al) : x.fma(al, FloatVector.fromArray(S, c, ci, in).mul(beta));
                x.intoArray(c, ci, in);
            }
        }
    }
}
