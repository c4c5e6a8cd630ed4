package dev.lstmlm.generate;

import dev.lstmlm.tensor.Kernels;

/**
 * Picks the next token from V logits: greedy, or a draw after temperature, top-k and top-p (see
 * {@link SamplerOptions}). Seeded: the same seed, options and logits give the same tokens, and the
 * random state can be saved and restored with {@link #randomState()} / {@link #setRandomState}.
 *
 * <p>A call allocates nothing: the buffers for V weights, V packed keys and V kept indices are made
 * once. Top-k and top-p need the most probable tokens in order, but only the first few. So the
 * sampler first finds a logit threshold above which the cut must fall (a few vectorised counting
 * passes, see {@link #threshold}), collects only the tokens above it into a binary heap and pops
 * them in order until the cut: O(V) vector work plus O(candidates · log candidates) instead of a
 * sort of all V. Each heap entry packs a token's logit and index into one long whose natural order
 * is "larger logit first, then lower index", so ties are broken the same way every time and
 * nothing is boxed.
 *
 * <p>Not thread-safe: one sampler per generating thread.
 */
public final class Sampler {
    /** The threshold search stops widening here: tokens this many nats below the top weigh e^-64 of it. */
    private static final float WIDEST_NATS = 64f;
    /** Halvings of the last widening step: the candidates then lie within 1/16 of a step of the cut. */
    private static final int BISECTIONS = 4;

    private final int vocabSize;
    private final Kernels kernels;
    private final SamplerOptions options;
    /** greedy, or a temperature so small that 1/T overflows a float (the limit of T → 0) */
    private final boolean greedy;
    private final float temperature;
    private final float invTemperature;
    private final boolean cuts;
    /** (V) unnormalised probabilities exp((logit − max) / T) */
    private final float[] weights;
    /** (V) min-heap of packed (descending logit, ascending index) keys */
    private final long[] heap;
    /** (V) indices kept by the cut, in descending order of probability */
    private final int[] kept;
    /** the largest logit of the current call */
    private float max;
    /** SplitMix64 state (Steele, Lea and Flood 2014, the generator behind java.util.SplittableRandom) */
    private long randomState;

    /** A sampler on the kernels of the process ({@link Kernels#chosen()}). */
    public Sampler(int vocabSize, SamplerOptions options, long seed) {
        this(vocabSize, options, seed, Kernels.chosen());
    }

    /** A sampler whose passes over the logits run on {@code kernels}. */
    public Sampler(int vocabSize, SamplerOptions options, long seed, Kernels kernels) {
        if (vocabSize < 1) throw new IllegalArgumentException("vocabulary size must be at least 1, got " + vocabSize);
        if (options == null) throw new IllegalArgumentException("options must not be null");
        this.vocabSize = vocabSize;
        this.kernels = kernels;
        this.options = options;
        this.temperature = (float) options.temperature();
        this.invTemperature = (float) (1 / options.temperature());
        this.greedy = options.greedy() || Float.isInfinite(invTemperature);
        this.cuts = options.cuts(vocabSize);
        this.weights = new float[vocabSize];
        this.heap = new long[vocabSize];
        this.kept = new int[vocabSize];
        this.randomState = seed;
    }

    public SamplerOptions options() {
        return options;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** The next token for these logits (V of them); advances the random state unless greedy. */
    public int next(float[] logits) {
        checkLength(logits);
        if (greedy) return argmax(logits);
        double total = fillWeights(logits);
        double u = nextDouble();
        if (!cuts) return kernels.draw(weights, vocabSize, u * total);
        int n = cut(logits, total, options.topK(), options.topP());
        double mass = 0;
        for (int j = 0; j < n; j++) {
            mass += weights[kept[j]];
        }
        u *= mass;
        for (int j = 0; j < n; j++) {
            u -= weights[kept[j]];
            if (u < 0) return kept[j];
        }
        for (int j = n - 1; j > 0; j--) {
            if (weights[kept[j]] > 0) return kept[j];  // u rounded past the end
        }
        return kept[0];
    }

    /**
     * Writes into {@code out} the tokens that {@link #next} can draw for these logits, in descending
     * order of probability (ties: lower index first), and returns their number. Does not touch the
     * random state.
     */
    public int keptTokens(float[] logits, int[] out) {
        checkLength(logits);
        if (out.length < vocabSize) throw new IllegalArgumentException("out needs room for " + vocabSize + " tokens");
        if (greedy) {
            out[0] = argmax(logits);
            return 1;
        }
        double total = fillWeights(logits);
        int n = cuts ? cut(logits, total, options.topK(), options.topP()) : cut(logits, total, vocabSize, 1);
        while (n > 1 && weights[kept[n - 1]] == 0) {
            n--;  // underflowed to probability 0: never drawn
        }
        System.arraycopy(kept, 0, out, 0, n);
        return n;
    }

    /**
     * A token drawn uniformly from [from, to), from the same random stream as {@link #next}, so that a
     * seed fixes it too; for the first character of a sample that has no prime.
     */
    public int uniform(int from, int to) {
        if (from < 0 || to > vocabSize || from >= to) {
            throw new IllegalArgumentException("need 0 <= from < to <= " + vocabSize + ", got [" + from + ", " + to + ")");
        }
        return Math.min(to - 1, from + (int) (nextDouble() * (to - from)));
    }

    /** The random generator's state; {@link #setRandomState} with it replays the same draws. */
    public long randomState() {
        return randomState;
    }

    public void setRandomState(long state) {
        randomState = state;
    }

    /** The lowest index among the largest logits. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) best = i;
        }
        return best;
    }

    /** Fills {@link #weights} for these logits and returns their sum. */
    private double fillWeights(float[] logits) {
        max = kernels.max(logits, vocabSize);
        double total = kernels.expShifted(logits, max, invTemperature, weights, vocabSize);
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalStateException("the logits hold NaN or infinite values; the model output is broken");
        }
        return total;
    }

    /**
     * Fills kept[0..n) with the tokens left after top-k then top-p, most probable first, and returns
     * n. Needs {@link #weights} filled and their sum in {@code total}.
     */
    private int cut(float[] logits, double total, int topK, double p) {
        int limit = Math.min(topK, vocabSize);
        // Top-p is taken of the distribution renormalised over the k survivors, so with top-k the
        // candidates need only hold k tokens; without it they must hold p of the weight. Keeping
        // every token (p = 1) counts them rather than weighing them, so that rounding in the sum
        // cannot drop the least likely.
        boolean byCount = limit < vocabSize || p >= 1;
        double target = p * total;
        float threshold = threshold(logits, byCount ? limit : 1, byCount ? 0 : target);
        while (true) {
            int size = kernels.collectAtLeast(logits, vocabSize, threshold, heap);
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i, size);
            }
            if (byCount) {
                double mass = 0;
                for (int j = 0; j < limit; j++) {
                    kept[j] = pop(size--);
                    mass += weights[kept[j]];
                }
                return p < 1 ? prefixReaching(p * mass, limit) : limit;
            }
            double cumulative = 0;
            int n = 0;
            while (size > 0) {
                int token = pop(size--);
                kept[n++] = token;
                cumulative += weights[token];
                if (cumulative >= target) return n;
            }
            if (threshold == Float.NEGATIVE_INFINITY) return n;
            // The vector sum behind the threshold rounded the candidates' weight up: take every token.
            threshold = Float.NEGATIVE_INFINITY;
        }
    }

    /**
     * A logit threshold such that the tokens at or above it number at least {@code count} and weigh
     * at least {@code weight}: the cut lies among them. Widens from the top logit by doubling steps
     * (in nats of the tempered distribution), then halves the last step a few times so that few
     * extra tokens enter the heap. Tied logits are all above or all below, so the heap still breaks
     * ties.
     */
    private float threshold(float[] logits, int count, double weight) {
        float inside = 0.5f;
        float outside = 0;
        while (!holds(logits, max - inside * temperature, count, weight)) {
            if (inside >= WIDEST_NATS) return Float.NEGATIVE_INFINITY;
            outside = inside;
            inside *= 2;
        }
        for (int i = 0; i < BISECTIONS; i++) {
            float mid = (inside + outside) / 2;
            if (holds(logits, max - mid * temperature, count, weight)) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        return max - inside * temperature;
    }

    private boolean holds(float[] logits, float threshold, int count, double weight) {
        return kernels.countAtLeast(logits, vocabSize, threshold) >= count
                && (weight == 0 || kernels.weightAtLeast(logits, weights, vocabSize, threshold) >= weight);
    }

    /** The length of the shortest prefix of kept[0..n) whose weights sum to at least target. */
    private int prefixReaching(double target, int n) {
        double cumulative = 0;
        for (int j = 0; j < n; j++) {
            cumulative += weights[kept[j]];
            if (cumulative >= target) return j + 1;
        }
        return n;
    }

    /** Removes the heap's top from heap[0..size) and returns its token. */
    private int pop(int size) {
        int token = (int) heap[0];
        heap[0] = heap[size - 1];
        siftDown(0, size - 1);
        return token;
    }

    private void siftDown(int i, int size) {
        long x = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] < heap[child]) child++;
            if (heap[child] >= x) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    private double nextDouble() {
        long z = (randomState += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    private void checkLength(float[] logits) {
        if (logits.length != vocabSize) {
            throw new IllegalArgumentException("expected " + vocabSize + " logits, got " + logits.length);
        }
    }
}
