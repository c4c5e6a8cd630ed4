package dev.lstmlm.tensor;

/**
 * What a model computes with: the {@link Kernels} of the process, their {@link Gemm} and the
 * {@link WorkerPool} that the products and the other parallel loops share. One per command, made
 * by {@link #create} and named once on stderr ({@link #name()}: {@code vector-256 x2 threads}).
 *
 * @param gemm the matrix products; {@code kernels.gemm(pool)} unless a benchmark substitutes one
 */
public record Compute(Kernels kernels, Gemm gemm, WorkerPool pool) {
    public Compute {
        if (kernels == null || gemm == null || pool == null) {
            throw new IllegalArgumentException("kernels, gemm and pool must all be given");
        }
    }

    /**
     * The kernels that {@code -Dlstmlm.kernels} chooses ({@link Kernels#chosen()}) on {@code threads}
     * threads (capped at the available processors); 1 never starts a thread.
     */
    public static Compute create(int threads) {
        return of(Kernels.chosen(), threads);
    }

    /** These kernels on {@code threads} threads (capped at the available processors). */
    public static Compute of(Kernels kernels, int threads) {
        WorkerPool pool = WorkerPool.of(threads);
        return new Compute(kernels, kernels.gemm(pool), pool);
    }

    /** Threads of the pool, the caller included. */
    public int threads() {
        return pool.threads();
    }

    /** For the start-up line and logs: {@code vector-256 x2 threads}, {@code scalar x1 thread}. */
    public String name() {
        return kernels.name() + " x" + pool.threads() + (pool.threads() == 1 ? " thread" : " threads");
    }
}
