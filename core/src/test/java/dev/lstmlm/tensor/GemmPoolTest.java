package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GemmPoolTest {
    @Test
    void isSizedToTheProcessorsAndShared() {
        assertThat(GemmPool.shared()).isSameAs(GemmPool.shared());
        assertThat(GemmPool.shared().threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void callersRacingForThePoolAllGetTheirOwnExactResult() throws Exception {
        VectorGemm two = new VectorGemm(2);
        GemmCheck[] checks = new GemmCheck[4];
        float[][] want = new float[checks.length][];
        for (int i = 0; i < checks.length; i++) {
            GemmJob.Op op = GemmJob.Op.values()[i % 3];
            checks[i] = new GemmCheck(op, 20 + 90 * (i % 2), 300 + i, 130, 1f, 0.5f, 1, 500 + i);
            want[i] = checks[i].run(new VectorGemm(1));
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
        VectorGemm two = new VectorGemm(2);
        int[] runs = new int[64];
        boolean[] open = {false};
        java.util.concurrent.atomic.AtomicInteger lateChunks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.IntConsumer task = i -> {
            if (!open[0]) lateChunks.incrementAndGet();
            synchronized (runs) {
                runs[i]++;
            }
            for (int spin = 0; spin < (i % 5) * 50; spin++) Thread.onSpinWait();
        };
        // A product of few chunks between the tasks, as in a model's window (8 chunks of 32 columns).
        GemmCheck product = new GemmCheck(GemmJob.Op.NN, 20, 256, 200, 1f, 0f, 0, 9);
        float[] want = product.run(new VectorGemm(1));
        for (int call = 0; call < 20_000; call++) {
            int chunks = 2 + call % 63;
            java.util.Arrays.fill(runs, 0);
            open[0] = true;
            two.forEachChunk(chunks, task);
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
