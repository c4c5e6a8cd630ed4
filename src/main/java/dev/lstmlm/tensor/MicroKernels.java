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
 * <p>The kernels leave the tile in a scratch array and {@link #store} applies α and β: with the
 * stores written out beside the 24 accumulators the method grew past C2's inlining node budget,
 * the store helpers were called instead of inlined and every vector was boxed (1–4 GFLOP/s). The
 * round trip through L1 costs 48 loads and stores per tile against 24·k fmas.
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
     * Â·B̂ for one 12×32 tile into {@code acc} (row-major, 32 per row): Â is a packed strip (12
     * floats per step p), B̂ a 32-column panel read at {@code b[bo + p·bs + 0..31]} (packed: bs = 32;
     * in place: bs = ldb).
     */
    static void tile12x32(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] acc) {
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
        c00.intoArray(acc, 0); c01.intoArray(acc, 16);
        c10.intoArray(acc, 32); c11.intoArray(acc, 48);
        c20.intoArray(acc, 64); c21.intoArray(acc, 80);
        c30.intoArray(acc, 96); c31.intoArray(acc, 112);
        c40.intoArray(acc, 128); c41.intoArray(acc, 144);
        c50.intoArray(acc, 160); c51.intoArray(acc, 176);
        c60.intoArray(acc, 192); c61.intoArray(acc, 208);
        c70.intoArray(acc, 224); c71.intoArray(acc, 240);
        c80.intoArray(acc, 256); c81.intoArray(acc, 272);
        c90.intoArray(acc, 288); c91.intoArray(acc, 304);
        c100.intoArray(acc, 320); c101.intoArray(acc, 336);
        c110.intoArray(acc, 352); c111.intoArray(acc, 368);
    }

    /**
     * Â·B̂ for one 8×32 tile into {@code acc} (row-major, 32 per row): Â is a packed strip (8
     * floats per step p), B̂ a 32-column panel read at {@code b[bo + p·bs + 0..31]} (packed: bs = 32;
     * in place: bs = ldb).
     */
    static void tile8x32(int kc, float[] a, int ao, float[] b, int bo, int bs, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        FloatVector c10 = FloatVector.zero(S), c11 = c10;
        FloatVector c20 = FloatVector.zero(S), c21 = c20;
        FloatVector c30 = FloatVector.zero(S), c31 = c30;
        FloatVector c40 = FloatVector.zero(S), c41 = c40;
        FloatVector c50 = FloatVector.zero(S), c51 = c50;
        FloatVector c60 = FloatVector.zero(S), c61 = c60;
        FloatVector c70 = FloatVector.zero(S), c71 = c70;
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
        c00.intoArray(acc, 0); c01.intoArray(acc, 16);
        c10.intoArray(acc, 32); c11.intoArray(acc, 48);
        c20.intoArray(acc, 64); c21.intoArray(acc, 80);
        c30.intoArray(acc, 96); c31.intoArray(acc, 112);
        c40.intoArray(acc, 128); c41.intoArray(acc, 144);
        c50.intoArray(acc, 160); c51.intoArray(acc, 176);
        c60.intoArray(acc, 192); c61.intoArray(acc, 208);
        c70.intoArray(acc, 224); c71.intoArray(acc, 240);
    }


    /**
     * C[0..mr, 0..nr) = α·acc + β·C, reading C only when β ≠ 0 (so NaN left in C by the caller
     * disappears when β = 0, as in BLAS).
     */
    static void store(float[] acc, int mr, int nr, float alpha, float beta, float[] c, int co, int ldc) {
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
