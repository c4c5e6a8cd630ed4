package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.NR;

/**
 * The loops around the micro-kernels (Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication", TOMS 2008), ordered for this machine's 48 KiB L1 and 2 MiB L2: a KC×NC block of
 * B is packed into 32-column panels (1 MiB, held in L2), an MC×KC block of A into 12-row strips;
 * each strip (12 KiB) stays in L1 while the kernel sweeps all panels of the B block, which it
 * streams from L2 at full speed (152–160 GFLOP/s on one core in a kernel-only timing with the
 * panels in L2). For a few rows of A (small M), B is read in place instead, since each panel of
 * it is used by only one or two strips and packing would cost as much as the product.
 */
final class BlockedGemm {
    static final int MR = 12;
    static final int KC = 256;
    static final int MC = 16 * MR;
    static final int NC = 1024;
    /** Largest B (in floats, 2 MiB) that the small-M path reads in place. */
    static final long SMALL_M_IN_PLACE_FLOATS = 1L << 19;

    private BlockedGemm() {}

    /** C[i0..i1, j0..j1) of the job, with packed A and B. */
    static void packed(GemmJob g, int i0, int i1, int j0, int j1, Workspace ws) {
        float[] ap = ws.a(Math.min(MC, round(i1 - i0, MR)) * Math.min(KC, g.k));
        float[] bp = ws.b(Math.min(NC, round(j1 - j0, NR)) * Math.min(KC, g.k));
        float[] acc = ws.tile;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < g.k; pc += KC) {
                int kc = Math.min(KC, g.k - pc);
                packB(g, pc, kc, jc, nc, bp, ws);
                float beta = pc == 0 ? g.beta : 1f;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(g, ic, mc, pc, kc, ap, ws);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int co = g.cOff + (ic + ir) * g.ldc + jc;
                        for (int jr = 0; jr < nc; jr += NR) {
                            MicroKernels.tile(false, kc, ap, ir * kc, bp, jr * kc, NR,
                                    mr, Math.min(NR, nc - jr), g.alpha, beta, g.c, co + jr, g.ldc, acc);
                        }
                    }
                }
            }
        }
    }

    /**
     * C[0..m, j0..j1) of an NN or TN job with few rows: all of A packed into strips of 12 rows (the
     * last one of 8 when at most 8 rows remain), once per thread and call. B is read in place when
     * it fits in L2 (it then stays there from one call to the next), except for a last partial
     * panel, which is copied and padded so that no load runs past the end of B. A larger B is
     * packed block by block with row-by-row reads: read in place, each k-step of a panel fell on
     * another page and the hardware prefetchers could not follow (37 against 151 GFLOP/s CPU-time
     * for (20,650,2600) against (20,200,800) on one thread).
     */
    static void smallM(GemmJob g, int j0, int j1, Workspace ws) {
        int k = g.k;
        float[] ap = packAllOfA(g, ws);
        if ((long) k * g.n <= SMALL_M_IN_PLACE_FLOATS) {
            float[] bp = ws.b(NR * k);
            for (int jr = j0; jr < j1; jr += NR) {
                int nr = Math.min(NR, j1 - jr);
                if (nr == NR) {
                    strips(g, 0, k, ap, g.b, g.bOff + jr, g.ldb, g.beta, jr, nr, ws.tile);
                } else {
                    Packing.panels(g.b, g.bOff + jr, g.ldb, nr, k, bp);
                    strips(g, 0, k, ap, bp, 0, NR, g.beta, jr, nr, ws.tile);
                }
            }
            return;
        }
        float[] bp = ws.b(Math.min(NC, round(j1 - j0, NR)) * Math.min(KC, k));
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                Packing.panels(g.b, g.bOff + pc * g.ldb + jc, g.ldb, nc, kc, bp);
                float beta = pc == 0 ? g.beta : 1f;
                for (int jr = 0; jr < nc; jr += NR) {
                    strips(g, pc, kc, ap, bp, jr * kc, NR, beta, jc + jr, Math.min(NR, nc - jr), ws.tile);
                }
            }
        }
    }

    /** All of A as strips of 12 rows (the last one of 8 when at most 8 rows remain), once per thread and call. */
    private static float[] packAllOfA(GemmJob g, Workspace ws) {
        int m = g.m, k = g.k;
        float[] ap = ws.a(round(m, 4) * k + MR * k);
        if (!ws.holdsPackedA(g)) {
            for (int i = 0, o = 0; i < m; ) {
                int w = m - i > 8 ? MR : 8;
                int rows = Math.min(w, m - i);
                packStrip(g, i, rows, 0, k, w, ap, o, ws);
                i += rows;
                o += w * k;
            }
        }
        return ap;
    }

    /**
     * C[0..m, j0..j1) of an NN job whose B is a {@link PackedMatrix} in panels ({@code g.b}, each
     * panel k×32). With few rows all of A is packed once and every panel is swept in KC-step blocks,
     * each block read from memory by the first strip and from L1 by the others; with many rows A is
     * packed MC rows at a time as in {@link #packed}. Tiles and their reduction blocks fall as in
     * the other paths, on the global grid, so the bits do not depend on the threads.
     */
    static void prepacked(GemmJob g, int j0, int j1, Workspace ws) {
        int k = g.k;
        if (g.m <= GemmJob.SMALL_M) {
            float[] ap = packAllOfA(g, ws);
            for (int jr = j0; jr < j1; jr += NR) {
                int panel = g.bOff + jr * k;
                for (int pc = 0; pc < k; pc += KC) {
                    strips(g, pc, Math.min(KC, k - pc), ap, g.b, panel + pc * NR, NR, pc == 0 ? g.beta : 1f,
                            jr, Math.min(NR, j1 - jr), ws.tile);
                }
            }
            return;
        }
        float[] ap = ws.a(MC * Math.min(KC, k));
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float beta = pc == 0 ? g.beta : 1f;
            for (int ic = 0; ic < g.m; ic += MC) {
                int mc = Math.min(MC, g.m - ic);
                packA(g, ic, mc, pc, kc, ap, ws);
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int co = g.cOff + (ic + ir) * g.ldc;
                    for (int jr = j0; jr < j1; jr += NR) {
                        MicroKernels.tile(false, kc, ap, ir * kc, g.b, g.bOff + jr * k + pc * NR, NR,
                                mr, Math.min(NR, j1 - jr), g.alpha, beta, g.c, co + jr, g.ldc, ws.tile);
                    }
                }
            }
        }
    }

    /** All rows of C, columns j..j+nr, from steps pc..pc+kc of the packed A strips and one B panel. */
    private static void strips(GemmJob g, int pc, int kc, float[] ap, float[] b, int bo, int bs, float beta,
                               int j, int nr, float[] acc) {
        int m = g.m, k = g.k;
        for (int i = 0, o = 0; i < m; ) {
            int co = g.cOff + i * g.ldc + j;
            if (m - i > 8) {
                int rows = Math.min(MR, m - i);
                MicroKernels.tile(false, kc, ap, o + pc * MR, b, bo, bs, rows, nr, g.alpha, beta, g.c, co, g.ldc, acc);
                i += rows;
                o += MR * k;
            } else {
                MicroKernels.tile(true, kc, ap, o + pc * 8, b, bo, bs, m - i, nr, g.alpha, beta, g.c, co, g.ldc, acc);
                i = m;
            }
        }
    }

    /** Rows ic..ic+mc of op(A), reduction steps pc..pc+kc, as strips of MR rows. */
    private static void packA(GemmJob g, int ic, int mc, int pc, int kc, float[] ap, Workspace ws) {
        for (int ir = 0; ir < mc; ir += MR) {
            packStrip(g, ic + ir, Math.min(MR, mc - ir), pc, kc, MR, ap, ir * kc, ws);
        }
    }

    private static void packStrip(GemmJob g, int i, int rows, int pc, int kc, int w, float[] ap, int o,
                                  Workspace ws) {
        if (g.op == GemmJob.Op.TN) {
            Packing.rowsDirect(g.a, g.aOff + pc * g.lda + i, g.lda, rows, kc, w, ap, o);
        } else {
            Packing.rowsTransposed(g.a, g.aOff + i * g.lda + pc, g.lda, rows, kc, w, ap, o, ws.index, ws.transpose);
        }
    }

    /** Columns jc..jc+nc of op(B), reduction steps pc..pc+kc, as panels of NR columns. */
    private static void packB(GemmJob g, int pc, int kc, int jc, int nc, float[] bp, Workspace ws) {
        if (g.op != GemmJob.Op.NT) {
            Packing.panels(g.b, g.bOff + pc * g.ldb + jc, g.ldb, nc, kc, bp);
            return;
        }
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            Packing.rowsTransposed(g.b, g.bOff + (jc + jr) * g.ldb + pc, g.ldb, cols, kc, NR, bp, jr * kc, ws.index, ws.transpose);
        }
    }

    private static int round(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }
}
