package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.NR;

/**
 * The arguments of one product and how it is cut into parts for the threads. The cut depends only
 * on the shape and the number of parts, and falls on tile boundaries; since every element of C is
 * computed the same way in whichever part it lands, the result does not even depend on the number
 * of parts.
 */
final class GemmJob {
    enum Op { NN, NT, TN }

    /** Up to this many rows the small-M paths are taken (the batch of a recurrent step is 20). */
    static final int SMALL_M = 64;

    Op op;
    int m, n, k;
    float alpha, beta;
    float[] a, b, c;
    int aOff, lda, bOff, ldb, cOff, ldc;

    void set(Op op, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        this.op = op;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        a = b = c = null;
    }

    /** Computes part {@code part} of {@code parts} with the given thread's buffers. */
    void run(int part, int parts, Workspace ws) {
        if (m <= SMALL_M && op == Op.NT) {
            int quads = (n + 3) / 4;
            int j0 = Math.min(n, 4 * lo(quads, part, parts));
            int j1 = Math.min(n, 4 * lo(quads, part + 1, parts));
            DotKernels.nt(m, j0, j1, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws.tile, ws.tmp);
        } else if (m <= SMALL_M) {
            int panels = (n + NR - 1) / NR;
            int j0 = Math.min(n, NR * lo(panels, part, parts));
            int j1 = Math.min(n, NR * lo(panels, part + 1, parts));
            BlockedGemm.smallM(this, j0, j1, ws);
        } else if (splitRows(parts)) {
            int strips = (m + BlockedGemm.MR - 1) / BlockedGemm.MR;
            int i0 = Math.min(m, BlockedGemm.MR * lo(strips, part, parts));
            int i1 = Math.min(m, BlockedGemm.MR * lo(strips, part + 1, parts));
            BlockedGemm.packed(this, i0, i1, 0, n, ws);
        } else {
            int panels = (n + NR - 1) / NR;
            int j0 = Math.min(n, NR * lo(panels, part, parts));
            int j1 = Math.min(n, NR * lo(panels, part + 1, parts));
            BlockedGemm.packed(this, 0, m, j0, j1, ws);
        }
    }

    /** Whether cutting the rows balances the parts better than cutting the columns. */
    private boolean splitRows(int parts) {
        int strips = (m + BlockedGemm.MR - 1) / BlockedGemm.MR;
        int panels = (n + NR - 1) / NR;
        long rowsWork = (long) ((strips + parts - 1) / parts) * BlockedGemm.MR * n;
        long colsWork = (long) ((panels + parts - 1) / parts) * NR * m;
        return rowsWork < colsWork;
    }

    /** First unit of part p when {@code units} are shared by {@code parts} as evenly as possible. */
    private static int lo(int units, int p, int parts) {
        return (int) ((long) units * p / parts);
    }
}
