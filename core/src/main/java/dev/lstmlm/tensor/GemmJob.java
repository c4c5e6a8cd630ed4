package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.NR;

/**
 * The arguments of one product and how it is cut into chunks that threads claim one at a time. A
 * chunk is a range of whole tiles (columns of C, or rows when C is narrow); since every element of
 * C is computed the same way in whichever chunk it lands, the result depends neither on the cut
 * nor on which thread takes which chunk, and a thread that is late (a worker descheduled on a busy
 * machine) costs nothing: the others take its chunks.
 */
final class GemmJob implements SharedWorkers.Job {
    enum Op { NN, NT, TN }

    private enum Path { MATVEC, DOT, SMALL_M, PACKED_COLUMNS, PACKED_ROWS, PREPACKED }

    /** Up to this many rows the small-M paths are taken (the batch of a recurrent step is 20). */
    static final int SMALL_M = 64;
    /** Chunks per thread on the paths without per-chunk packing, for balance when a thread is late. */
    private static final int CHUNKS_PER_THREAD = 4;

    Op op;
    int m, n, k;
    float alpha, beta;
    float[] a, b, c;
    /** B is a {@link PackedMatrix} in panels ({@code b} its data): set after {@link #set} for such a call. */
    boolean prepacked;
    int aOff, lda, bOff, ldb, cOff, ldc;
    /** Changes with every call, so that a workspace knows whether it already holds this call's packed A. */
    long stamp;

    private Path path;
    private int units, unit, chunks;

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
        this.prepacked = false;
        stamp++;
    }

    /** Drops the references to the caller's arrays once the call is over. */
    void clear() {
        a = b = c = null;
    }

    /** Chooses the path and the cut for {@code threads} threads; returns the number of chunks. */
    int plan(int threads) {
        if (prepacked) {
            // B needs no packing: chunks of whole panels, as on the small-M path.
            path = Path.PREPACKED;
            unit = NR;
            units = (n + NR - 1) / NR;
            chunks = threads == 1 ? 1 : Math.min(units, CHUNKS_PER_THREAD * threads);
            return chunks;
        }
        if (m == 1 && op == Op.NT) {
            // A batch-1 step: 16 rows of B per block against one load of a; same bits as DOT.
            path = Path.MATVEC;
            unit = MatVec.ROWS;
            units = (n + unit - 1) / unit;
            chunks = threads == 1 ? 1 : Math.min(units, CHUNKS_PER_THREAD * threads);
            return chunks;
        }
        if (m <= SMALL_M) {
            path = op == Op.NT ? Path.DOT : Path.SMALL_M;
            unit = op == Op.NT ? 4 : NR;
            units = (n + unit - 1) / unit;
            chunks = threads == 1 ? 1 : Math.min(units, CHUNKS_PER_THREAD * threads);
            return chunks;
        }
        int strips = (m + BlockedGemm.MR - 1) / BlockedGemm.MR;
        int panels = (n + NR - 1) / NR;
        long rowsWork = (long) ((strips + threads - 1) / threads) * BlockedGemm.MR * n;
        long colsWork = (long) ((panels + threads - 1) / threads) * NR * m;
        if (threads > 1 && rowsWork < colsWork) {
            // Each chunk of rows packs all of B again: one chunk per thread.
            path = Path.PACKED_ROWS;
            unit = BlockedGemm.MR;
            units = strips;
            chunks = threads;
        } else {
            // A chunk of columns packs its own part of B and all of A once per NC columns, as one
            // thread does: at most NC columns per chunk, a multiple of the threads, and two per
            // thread while a chunk keeps at least 12 panels, so that a late thread can be relieved.
            path = Path.PACKED_COLUMNS;
            unit = NR;
            units = panels;
            int perBlock = BlockedGemm.NC / NR;
            chunks = threads * ((panels + threads * perBlock - 1) / (threads * perBlock));
            if (threads > 1 && chunks < 2 * threads && panels >= 2 * threads * 12) {
                chunks = 2 * threads;
            }
        }
        chunks = Math.min(chunks, units);
        return chunks;
    }

    /** Computes chunk {@code i} of the plan with the given thread's buffers. */
    @Override
    public void chunk(int i, Workspace ws) {
        int lo = Math.min(path == Path.PACKED_ROWS ? m : n, unit * first(i));
        int hi = Math.min(path == Path.PACKED_ROWS ? m : n, unit * first(i + 1));
        switch (path) {
            case MATVEC -> MatVec.nt(lo, hi, k, alpha, a, aOff, b, bOff, ldb, beta, c, cOff, ws.matvec);
            case DOT -> DotKernels.nt(m, lo, hi, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    ws.tile, ws.tmp);
            case SMALL_M -> BlockedGemm.smallM(this, lo, hi, ws);
            case PACKED_ROWS -> BlockedGemm.packed(this, lo, hi, 0, n, ws);
            case PACKED_COLUMNS -> BlockedGemm.packed(this, 0, m, lo, hi, ws);
            case PREPACKED -> BlockedGemm.prepacked(this, lo, hi, ws);
        }
    }

    /** First unit of chunk i when the units are shared by the chunks as evenly as possible. */
    private int first(int i) {
        return (int) ((long) units * i / chunks);
    }
}
