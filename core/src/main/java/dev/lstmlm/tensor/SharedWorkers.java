package dev.lstmlm.tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The process-wide helper threads behind every {@link WorkerPool}: one per extra core, started once,
 * reused by every call (the GEMM's products, the optimizer's passes, the decoder's softmax rows).
 * The calling thread works too; all threads claim the chunks of a {@link Job} from one counter
 * until none is left, so a worker that wakes late (parked, or descheduled on a shared
 * machine) just finds nothing to do. A worker spins for {@link #SPIN_NANOS} after each call (the
 * next product of a recurrent step follows within microseconds, much sooner than a parked thread
 * wakes up) and then parks, so an idle process burns no CPU.
 *
 * <p>Only one call uses the workers at a time: a second thread calling meanwhile runs all its chunks
 * alone instead of waiting or starting more threads, which keeps the process at one thread
 * per core: more threads than cores, spinning or not, only take turns on the same cores.
 */
final class SharedWorkers {
    /** How long an idle worker spins before it parks. */
    static final long SPIN_NANOS = 100_000;
    /** How long a caller whose chunks are done spins for the workers' last chunks before yielding. */
    static final long CALLER_SPIN_NANOS = 20_000;

    /** Work cut into independent chunks; chunk i runs with the buffers of the thread that claims it. */
    interface Job {
        void chunk(int i, Workspace ws);
    }

    private static volatile SharedWorkers shared;

    private final int maxThreads;
    private volatile Worker[] workers = new Worker[0];
    private final AtomicInteger busy = new AtomicInteger();
    /**
     * Call number × 2^32 + next chunk to claim; a claim for another call than one's own fails.
     * Call numbers start at 1, so 0 is a closed ticket that no claim matches.
     */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile int chunks;
    /** The latest call number; workers wait for it to change. */
    private volatile long posted;
    private volatile int helpers;
    private volatile Throwable failure;

    private SharedWorkers(int maxThreads) {
        this.maxThreads = maxThreads;
    }

    /**
     * The pool of this process; it never holds more than one thread per available processor, and
     * starts its workers only when {@link #reserve} asks for them.
     */
    static SharedWorkers shared() {
        SharedWorkers p = shared;
        if (p == null) {
            synchronized (SharedWorkers.class) {
                p = shared;
                if (p == null) {
                    p = new SharedWorkers(Runtime.getRuntime().availableProcessors());
                    shared = p;
                }
            }
        }
        return p;
    }

    /** Most threads a call can use: the caller plus one worker per other processor. */
    int threads() {
        return maxThreads;
    }

    /** Starts workers, if not yet running, so that calls can use {@code threads} threads (at most {@link #threads()}). */
    synchronized void reserve(int threads) {
        int wanted = Math.min(threads, maxThreads) - 1;
        Worker[] old = workers;
        if (old.length >= wanted) {
            return;
        }
        Worker[] grown = Arrays.copyOf(old, wanted);
        for (int i = old.length; i < wanted; i++) {
            grown[i] = new Worker(i);
            grown[i].start();
        }
        workers = grown;
    }

    /**
     * Whether another call holds the workers now. A chunk that asks this of its own call gets true,
     * so that a nested parallel loop runs on its thread without touching the outer call's job.
     */
    boolean inUse() {
        return busy.get() != 0;
    }

    /**
     * Computes all {@code n} chunks of the job with the caller and up to {@code threads − 1}
     * workers; returns when every chunk is done and rethrows a worker's failure.
     */
    void run(Job job, int n, int threads, Workspace callerSpace) {
        if (threads <= 1 || n <= 1 || busy.get() != 0 || !busy.compareAndSet(0, 1)) {
            for (int i = 0; i < n; i++) {
                job.chunk(i, callerSpace);
            }
            return;
        }
        try {
            // Close the last call's ticket before touching the job and the chunk count: a worker
            // still in the last call's claim loop may read the new count, but its claim, a CAS on
            // the old ticket, then fails. Without this, such a late claim ran a chunk of the new
            // call under an old number and counted it done, so a call could return while a worker
            // still wrote into its arrays.
            ticket.set(0);
            long call = posted % Integer.MAX_VALUE + 1;
            this.job = job;
            this.chunks = n;
            this.helpers = threads - 1;
            failure = null;
            done.set(0);
            ticket.set(call << 32);
            posted = call;
            Worker[] ws = workers;
            for (int i = 0; i < threads - 1 && i < ws.length; i++) {
                if (ws[i].parked) {
                    LockSupport.unpark(ws[i]);
                }
            }
            work(call, callerSpace);
            // Spin while the last chunks are likely to finish at once; then yield, so that a caller
            // sharing its core with a descheduled worker (busy machine) does not keep it waiting.
            for (long since = System.nanoTime(); done.get() < n; ) {
                if (System.nanoTime() - since < CALLER_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) {
                throw e;
            } else if (t instanceof Error e) {
                throw e;
            }
        } finally {
            this.job = null;
            busy.set(0);
        }
    }

    /**
     * Claims and computes chunks of call {@code call} until none is left. A chunk that fails still
     * counts as done, so that the caller never returns while another thread works on its arrays.
     */
    private void work(long call, Workspace space) {
        while (true) {
            long t = ticket.get();
            int i = (int) t;
            if (t >>> 32 != call || i >= chunks) {
                return;
            }
            if (ticket.compareAndSet(t, t + 1)) {
                try {
                    job.chunk(i, space);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final class Worker extends Thread {
        private final int index;
        private final Workspace space = new Workspace();
        volatile boolean parked;

        Worker(int index) {
            super("lstmlm-worker-" + (index + 1));
            this.index = index;
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
                if (index < helpers) {
                    work(seen, space);
                }
            }
        }
    }
}
