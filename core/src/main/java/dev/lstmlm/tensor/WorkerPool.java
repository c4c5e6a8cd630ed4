package dev.lstmlm.tensor;

import java.util.function.IntConsumer;

/**
 * Parallel loops on up to {@link #threads()} threads: the calling thread and workers of the
 * process-wide {@link SharedWorkers}, which hold one thread per core whatever the number of pools.
 * The GEMM cuts its products into chunks on it; code that only needs threads (the optimizer's
 * passes over the parameters, the decoder's softmax rows) calls {@link #forEachChunk} and never sees
 * a GEMM.
 *
 * <p>Only one call uses the workers at a time: a call made while another thread's call holds them,
 * or from inside a chunk, runs all its chunks on its own thread. Results never depend on which
 * thread ran a chunk, only on how the caller cut the work.
 */
public final class WorkerPool {
    private final int threads;
    /** Null on one thread: such a pool never starts a worker. */
    private final SharedWorkers workers;

    private WorkerPool(int threads, SharedWorkers workers) {
        this.threads = threads;
        this.workers = workers;
    }

    /**
     * A pool of {@code threads} threads, the caller included, capped at the available processors
     * (more threads than cores only take turns on the same cores); 1 never starts a thread.
     */
    public static WorkerPool of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int usable = Math.min(threads, Runtime.getRuntime().availableProcessors());
        if (usable <= 1) {
            return new WorkerPool(1, null);
        }
        SharedWorkers workers = SharedWorkers.shared();
        workers.reserve(usable);
        return new WorkerPool(usable, workers);
    }

    /** Threads a call is shared among, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * Calls {@code task.accept(i)} for every i in [0, chunks) and returns when all are done, sharing
     * them among the pool's threads. The chunks must be independent of each other. Pass a task object
     * that lives as long as its owner (not a new capturing lambda per call) so that the call
     * allocates nothing. A worker's exception is rethrown here once every chunk is done.
     */
    public void forEachChunk(int chunks, IntConsumer task) {
        if (workers == null || chunks <= 1 || workers.inUse()) {
            for (int i = 0; i < chunks; i++) task.accept(i);
            return;
        }
        Workspace ws = Workspace.current();
        TaskJob job = ws.taskJob;
        job.task = task;
        try {
            workers.run(job, chunks, threads, ws);
        } finally {
            job.task = null;
        }
    }

    /** Runs the job's {@code chunks} chunks on this pool's threads, or all on the caller's with one thread. */
    void run(SharedWorkers.Job job, int chunks, Workspace callerSpace) {
        if (workers == null) {
            for (int i = 0; i < chunks; i++) job.chunk(i, callerSpace);
        } else {
            workers.run(job, chunks, threads, callerSpace);
        }
    }

    /** A {@link #forEachChunk} call as a job; one per thread, in its {@link Workspace}. */
    static final class TaskJob implements SharedWorkers.Job {
        IntConsumer task;

        @Override
        public void chunk(int i, Workspace ws) {
            task.accept(i);
        }
    }
}
