package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void theWorkersAreSharedAndSizedToTheProcessors() {
        assertThat(SharedWorkers.shared()).isSameAs(SharedWorkers.shared());
        assertThat(SharedWorkers.shared().threads()).isEqualTo(CORES);
    }

    @Test
    void aPoolHasTheThreadsAskedForCappedAtTheProcessors() {
        assertThat(WorkerPool.of(1).threads()).isEqualTo(1);
        assertThat(WorkerPool.of(2).threads()).isEqualTo(Math.min(2, CORES));
        assertThat(WorkerPool.of(1000).threads()).isEqualTo(CORES);
        assertThatThrownBy(() -> WorkerPool.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be at least 1, got 0");
    }

    @Test
    void forEachChunkRunsEveryChunkOnceAndCanNestAProductAndALoop() {
        GemmCheck t = new GemmCheck(GemmJob.Op.NN, 20, 200, 300, 1f, 0f, 0, 600);
        float[] want = t.run(new VectorGemm(WorkerPool.of(1)));
        for (int threads = 1; threads <= 2; threads++) {
            WorkerPool pool = WorkerPool.of(threads);
            VectorGemm g = new VectorGemm(pool);
            for (int chunks : new int[] {0, 1, 2, 7, 64}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, chunks));
                AtomicIntegerArray inner = new AtomicIntegerArray(Math.max(1, chunks));
                float[][] c = new float[Math.max(1, chunks)][];
                pool.forEachChunk(chunks, i -> {
                    seen.incrementAndGet(i);
                    c[i] = t.run(g); // a product inside a chunk: alone on a worker, or on the caller's own job
                    pool.forEachChunk(3, j -> inner.incrementAndGet(i)); // a loop inside a chunk runs on its thread
                });
                for (int i = 0; i < chunks; i++) {
                    assertThat(seen.get(i)).as("%d threads, chunk %d of %d", threads, i, chunks).isEqualTo(1);
                    assertThat(inner.get(i)).as("%d threads, inner chunks of chunk %d", threads, i).isEqualTo(3);
                    assertThat(c[i]).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void aFailingChunkFailsTheCallAndThePoolStillWorks() {
        WorkerPool two = WorkerPool.of(2);
        assertThatThrownBy(() -> two.forEachChunk(8, i -> {
            if (i == 5) throw new IllegalStateException("chunk 5");
        })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 5");
        AtomicInteger ran = new AtomicInteger();
        two.forEachChunk(8, i -> ran.incrementAndGet());
        assertThat(ran.get()).isEqualTo(8);
    }

    @Test
    void oneThreadRunsEveryChunkOnTheCallersThreadInOrder() {
        StringBuilder order = new StringBuilder();
        Thread caller = Thread.currentThread();
        WorkerPool.of(1).forEachChunk(5, i -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            order.append(i);
        });
        assertThat(order).hasToString("01234");
    }

    @Test
    void callersRacingForThePoolAllGetTheirOwnExactResult() throws Exception {
        VectorGemm two = new VectorGemm(WorkerPool.of(2));
        GemmCheck[] checks = new GemmCheck[4];
        float[][] want = new float[checks.length][];
        for (int i = 0; i < checks.length; i++) {
            GemmJob.Op op = GemmJob.Op.values()[i % 3];
            checks[i] = new GemmCheck(op, 20 + 90 * (i % 2), 300 + i, 130, 1f, 0.5f, 1, 500 + i);
            want[i] = checks[i].run(new VectorGemm(WorkerPool.of(1)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(checks.length);
        try {
            Future<?>[] done = new Future<?>[checks.length];
            for (int i = 0; i < checks.length; i++) {
                GemmCheck t = checks[i];
                float[] w = want[i];
                done[i] = callers.submit(() -> {
                    for (int rep = 0; rep < 10; rep++) {
                        assertThat(t.run(two)).as(t.toString()).isEqualTo(w);
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * Back-to-back calls with chunks of different counts and lengths: a worker still finishing its
     * claim loop of one call must never run a chunk of the next under the old call's number, nor
     * let a call return before all its chunks are done (each chunk checks that its call is still
     * open, and each call that every chunk ran exactly once).
     */
    @Test
    void aCallReturnsOnlyAfterEachOfItsChunksRanExactlyOnce() {
        WorkerPool pool = WorkerPool.of(2);
        VectorGemm two = new VectorGemm(pool);
        int[] runs = new int[64];
        boolean[] open = {false};
        AtomicInteger lateChunks = new AtomicInteger();
        IntConsumer task = i -> {
            if (!open[0]) lateChunks.incrementAndGet();
            synchronized (runs) {
                runs[i]++;
            }
            for (int spin = 0; spin < (i % 5) * 50; spin++) Thread.onSpinWait();
        };
        // A product of few chunks between the tasks, as in a model's window (8 chunks of 32 columns).
        GemmCheck product = new GemmCheck(GemmJob.Op.NN, 20, 256, 200, 1f, 0f, 0, 9);
        float[] want = product.run(new VectorGemm(WorkerPool.of(1)));
        for (int call = 0; call < 20_000; call++) {
            int chunks = 2 + call % 63;
            java.util.Arrays.fill(runs, 0);
            open[0] = true;
            pool.forEachChunk(chunks, task);
            open[0] = false;
            synchronized (runs) {
                for (int i = 0; i < runs.length; i++) {
                    assertThat(runs[i]).as("call %d: runs of chunk %d of %d", call, i, chunks).isEqualTo(i < chunks ? 1 : 0);
                }
            }
            assertThat(product.run(two)).isEqualTo(want);
        }
        assertThat(lateChunks.get()).as("chunks that ran after their call had returned").isZero();
    }
}
