package dev.lstmlm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.tensor.Compute;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowScorerTest {
    private static final long BUDGET_NANOS = 60_000_000_000L;
    private static final int CLEAN_IN_A_ROW = 5;

    @Test
    void paddingRowsAreSkippedAndTheRestMatchTheReference() {
        LanguageModel model = new LanguageModel(new ModelConfig(11, ModelConfig.Input.EMBEDDING, 6, 8, 2, 1f, 0f), Compute.create(1));
        model.initUniform(0.5f, 4);
        WindowScorer w = new WindowScorer(model, 3);
        // three rows of (start 1) 2 3 4 | 5 6 | 7, padded with token 0 and target -1
        int[] x = {1, 1, 1, 2, 5, 0, 3, 0, 0};
        int[] y = {2, 5, 7, 3, 6, -1, 4, -1, -1};
        w.logprob[5] = 123;
        w.run(x, y, 3, 3, model.newState(3), 2);
        assertThat(w.logprob[5]).as("padding is not scored").isEqualTo(123);
        double[] a = Reference.logprobs(model, 1, new int[] {2, 3, 4});
        assertThat(w.logprob[0]).isCloseTo(a[0], within(1e-5));
        assertThat(w.logprob[3]).isCloseTo(a[1], within(1e-5));
        assertThat(w.logprob[6]).isCloseTo(a[2], within(1e-5));
        assertThat(w.logprob[7 - 3]).isCloseTo(Reference.logprobs(model, 1, new int[] {5, 6})[1], within(1e-5));
        double[] dist = Reference.distributionAfter(model, 1, new int[] {7}, 0);
        int best = 0;
        for (int j = 1; j < dist.length; j++) if (dist[j] > dist[best]) best = j;
        assertThat(w.topIds[2 * 2]).isEqualTo(best);
        assertThat(w.topLogprobs[2 * 2]).isCloseTo((float) dist[best], within(1e-5f));
    }

    @Test
    void aWindowAllocatesNothingOnceCompiled() {
        // ptb-small's shapes, 64 lines of 16 steps, with the 5 best tokens per row.
        int v = 10_000, t = 16, b = 64;
        LanguageModel model = new LanguageModel(new ModelConfig(v, ModelConfig.Input.EMBEDDING, 200, 200, 2, 1f, 0f), Compute.create(2));
        model.initUniform(0.1f, 1);
        WindowScorer w = new WindowScorer(model, b);
        int[] x = new int[t * b];
        int[] y = new int[t * b];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(v);
            y[i] = i % 13 == 0 ? -1 : r.nextInt(v);
        }
        LanguageModel.State state = model.newState(b);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        long start = System.nanoTime();
        int clean = 0;
        long last = -1;
        long windows = 0;
        while (clean < CLEAN_IN_A_ROW && System.nanoTime() - start < BUDGET_NANOS) {
            long before = threads.getThreadAllocatedBytes(self);
            state.zero();
            w.run(x, y, t, b, state, 5);
            last = threads.getThreadAllocatedBytes(self) - before;
            clean = last == 0 ? clean + 1 : 0;
            windows++;
        }
        assertThat(clean)
                .as("windows in a row without allocation after %d windows (the last allocated %d bytes)", windows, last)
                .isEqualTo(CLEAN_IN_A_ROW);
    }
}
