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
}
