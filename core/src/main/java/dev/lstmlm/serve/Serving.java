package dev.lstmlm.serve;

import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.SamplerOptions;
import dev.lstmlm.generate.Tokenizer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What every endpoint works with: the scheduler, the prompt encoder and the limits. */
record Serving(Scheduler scheduler, Prompts prompts, ServerOptions options) {

    Tokenizer tokenizer() {
        return prompts.tokenizer();
    }

    Sequence sequence(int[] feed, int[] targets, int maxNew, int top, Sampler sampler, int previous, List<String> stops,
                      Sequence.Listener listener) {
        return new Sequence(feed, targets, maxNew, top, sampler, tokenizer(), previous, stops, listener,
                scheduler.layers(), scheduler.hidden());
    }

    Sampler sampler(SamplerOptions options, long seed) {
        return new Sampler(tokenizer().vocabSize(), options, seed);
    }

    /** A seed for a request that gives none. */
    static long randomSeed() {
        return ThreadLocalRandom.current().nextLong();
    }

    /** {@code start} (when not negative) followed by {@code ids[0..n)}. */
    static int[] withStart(int start, int[] ids, int n) {
        int s = start >= 0 ? 1 : 0;
        int[] feed = new int[s + n];
        if (s == 1) feed[0] = start;
        System.arraycopy(ids, 0, feed, s, n);
        return feed;
    }

    static int[] none(int n) {
        int[] t = new int[n];
        java.util.Arrays.fill(t, Sequence.NONE);
        return t;
    }
}
