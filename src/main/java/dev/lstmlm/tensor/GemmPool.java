package dev.lstmlm.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The process-wide helper threads of {@link VectorGemm}: one per extra core, started once, reused by
 * every call. The calling thread always computes part 0 itself, so a call with t threads wakes only
 * t − 1 workers. A worker spins for {@link #SPIN_NANOS} after each job (the next product of a
 * recurrent step follows within microseconds, far sooner than a parked thread wakes up) and then
 * parks, so an idle process burns no CPU.
 *
 * <p>Only one call uses the workers at a time: a second thread calling meanwhile computes its whole
 * product alone instead of waiting or starting more threads, which keeps the process at one thread
 * per core (two threads each driving a spinning pool lost 30% in the notes' measurements).
 */
final class GemmPool {
    /** How long an idle worker spins before it parks. */
    static final long SPIN_NANOS = 100_000;

    private static volatile GemmPool shared;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile GemmJob job;
    /** Call number × 256 + parts of the call: one volatile read tells a worker both. */
    private volatile long posted;
    private volatile Throwable failure;

    private GemmPool(int threads) {
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** The pool of this process, sized to the available processors; created on first use. */
    static GemmPool shared() {
        GemmPool p = shared;
        if (p == null) {
            synchronized (GemmPool.class) {
                p = shared;
                if (p == null) {
                    p = new GemmPool(Runtime.getRuntime().availableProcessors());
                    shared = p;
                }
            }
        }
        return p;
    }

    /** Threads a call can use: the caller plus the workers. */
    int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code job.run(i, n, …)} for every part i < n, part 0 on the calling thread, and returns
     * when all are done; n must not exceed {@link #threads()}. Rethrows a worker's failure.
     */
    void run(GemmJob job, int n, Workspace callerSpace) {
        if (n <= 1 || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < n; i++) {
                job.run(i, n, callerSpace);
            }
            return;
        }
        try {
            this.job = job;
            failure = null;
            pending.set(n - 1);
            posted = ((posted >>> 8) + 1) << 8 | n;
            for (int i = 0; i < n - 1; i++) {
                if (workers[i].parked) {
                    LockSupport.unpark(workers[i]);
                }
            }
            Throwable own = null;
            try {
                job.run(0, n, callerSpace);
            } catch (Throwable t) {
                own = t;
            }
            while (pending.get() != 0) {
                Thread.onSpinWait();
            }
            Throwable t = own != null ? own : failure;
            if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            }
        } finally {
            this.job = null;
            busy.set(false);
        }
    }

    private final class Worker extends Thread {
        private final int part;
        private final Workspace space = new Workspace();
        volatile boolean parked;

        Worker(int part) {
            super("lstmlm-gemm-" + part);
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long idleSince = System.nanoTime();
                while (posted == seen) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true;
                    if (posted == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
                seen = posted;
                int parts = (int) (seen & 0xff);
                if (part < parts) {
                    try {
                        job.run(part, parts, space);
                    } catch (Throwable t) {
                        failure = t;
                    }
                    pending.decrementAndGet();
                }
            }
        }
    }
}
