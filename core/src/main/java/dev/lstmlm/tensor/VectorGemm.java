package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.NR;

import java.util.Arrays;

/**
 * The fast {@link Gemm}: packed, register-blocked sgemm on the Vector API (12×32 tiles of C in
 * 512-bit registers, see {@link MicroKernels} and {@link BlockedGemm}), with direct paths for a few
 * rows of A ({@link GemmJob#SMALL_M}; the recurrent step of the model multiplies a batch of 20),
 * cut into chunks that the threads of a {@link WorkerPool} claim ({@link GemmJob}).
 *
 * <p>Results are deterministic: the same inputs give the same bits on every call, whatever the
 * number of threads, because chunks fall on tile boundaries and the summation order of each
 * element depends only on the shape and its place in the tile grid. They differ from {@link ScalarGemm} by float rounding.
 *
 * <p>Obtain instances from {@link Kernels#gemm} (through {@link Compute}).
 */
public final class VectorGemm implements Gemm {
    /** Below this many multiply-adds a call runs on the calling thread alone: waking a worker costs more. */
    static final long PARALLEL_MIN_MADDS = 1L << 17;

    private final int threads;
    private final WorkerPool pool;

    VectorGemm(WorkerPool pool) {
        this.pool = pool;
        this.threads = pool.threads();
    }

    /** Threads a large product is split over (the caller included). */
    public int threads() {
        return threads;
    }

    @Override
    public void nn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(m, k, a, aOff, lda, "A", k, n, b, bOff, ldb, "B", m, n, c, cOff, ldc);
        run(GemmJob.Op.NN, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void nt(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(m, k, a, aOff, lda, "A", n, k, b, bOff, ldb, "B", m, n, c, cOff, ldc);
        run(GemmJob.Op.NT, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void tn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        GemmArgs.check(k, m, a, aOff, lda, "A", k, n, b, bOff, ldb, "B", m, n, c, cOff, ldc);
        run(GemmJob.Op.TN, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * Packs op(B) into 32-column panels, each k×32 and contiguous: the layout the micro-kernels
     * read, so that a product with it packs nothing and streams B sequentially.
     */
    @Override
    public PackedMatrix pack(boolean transposed, int k, int n, float[] b, int bOff, int ldb, PackedMatrix reuse) {
        GemmArgs.matrix(transposed ? n : k, transposed ? k : n, b, bOff, ldb, "B");
        int panels = (n + NR - 1) / NR;
        PackedMatrix p = PackedMatrix.of(PackedMatrix.Layout.PANELS, k, n, panels * k * NR, reuse);
        if (k == 0 || n == 0) {
            return p;
        }
        if (transposed) {
            Workspace ws = Workspace.current();
            for (int t = 0; t < panels; t++) {
                int cols = Math.min(NR, n - t * NR);
                Packing.rowsTransposed(b, bOff + t * NR * ldb, ldb, cols, k, NR, p.data, t * k * NR, ws.index, ws.transpose);
            }
        } else {
            Packing.panels(b, bOff, ldb, n, k, p.data);
        }
        return p;
    }

    @Override
    public void nn(int m, float alpha, float[] a, int aOff, int lda, PackedMatrix b, float beta, float[] c, int cOff, int ldc) {
        if (b.layout != PackedMatrix.Layout.PANELS) {
            throw new IllegalArgumentException("this operand was packed by another GEMM (" + b.layout + ")");
        }
        GemmArgs.matrix(m, b.k, a, aOff, lda, "A");
        GemmArgs.matrix(m, b.n, c, cOff, ldc, "C");
        run(GemmJob.Op.NN, true, m, b.n, b.k, alpha, a, aOff, lda, b.data, 0, NR, beta, c, cOff, ldc);
    }

    private void run(GemmJob.Op op, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        run(op, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** With {@code prepacked}, b is the data of a {@link PackedMatrix} in panels. */
    private void run(GemmJob.Op op, boolean prepacked, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Workspace ws = Workspace.current();
        GemmJob job = ws.job;
        job.set(op, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        job.prepacked = prepacked;
        try {
            if (threads == 1 || (long) m * n * k < PARALLEL_MIN_MADDS) {
                for (int i = 0, chunks = job.plan(1); i < chunks; i++) {
                    job.chunk(i, ws);
                }
            } else {
                pool.run(job, job.plan(threads), ws);
            }
        } finally {
            job.clear();
        }
    }

    /** C = β·C, with β = 0 clearing C even where it holds NaN. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, o, o + n, 0f);
            } else {
                for (int j = o; j < o + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    @Override
    public String name() {
        return "vector-" + MicroKernels.S.vectorBitSize() + " x" + threads;
    }
}
