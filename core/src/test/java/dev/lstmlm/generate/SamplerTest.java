package dev.lstmlm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SamplerTest {
    /** Token i has probability P[i]; sorted by probability the tokens are 1, 3, 4, 2, 0. */
    private static final double[] P = {0.05, 0.40, 0.10, 0.30, 0.15};
    private static final float[] LOGITS = logitsOf(P);

    private static float[] logitsOf(double[] p) {
        float[] x = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = (float) Math.log(p[i]) + 3f;  // softmax ignores the shift
        }
        return x;
    }

    private static float[] randomLogits(Random r, int v) {
        float[] x = new float[v];
        for (int i = 0; i < v; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
        }
        return x;
    }

    private static int[] kept(SamplerOptions options, float[] logits) {
        int[] out = new int[logits.length];
        int n = new Sampler(logits.length, options, 0).keptTokens(logits, out);
        return Arrays.copyOf(out, n);
    }

    private static long[] counts(Sampler s, float[] logits, int draws) {
        long[] c = new long[logits.length];
        for (int i = 0; i < draws; i++) {
            c[s.next(logits)]++;
        }
        return c;
    }

    private static TreeSet<Integer> drawn(long[] counts) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) set.add(i);
        }
        return set;
    }

    private static TreeSet<Integer> setOf(int... tokens) {
        TreeSet<Integer> set = new TreeSet<>();
        for (int t : tokens) set.add(t);
        return set;
    }

    /** Pearson's statistic of observed counts against probabilities p (zero-probability cells must be empty). */
    private static double chiSquare(long[] counts, double[] p) {
        long n = Arrays.stream(counts).sum();
        double chi = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                assertThat(counts[i]).as("draws of token %d, which has probability 0", i).isZero();
                continue;
            }
            double expected = n * p[i];
            chi += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        return chi;
    }

    @Test
    void greedyTakesTheArgmaxAndTheLowestIndexAmongTies() {
        Sampler s = new Sampler(5, SamplerOptions.argmax(), 1);
        assertThat(s.next(LOGITS)).isEqualTo(1);
        assertThat(s.next(new float[] {1, 3, 0, 3, 3})).isEqualTo(1);
        assertThat(s.next(new float[] {2, 2, 2, 2, 2})).isEqualTo(0);
        long state = s.randomState();
        s.next(LOGITS);
        assertThat(s.randomState()).as("greedy consumes no randomness").isEqualTo(state);
    }

    @Test
    void topKOfOneEqualsGreedy() {
        Random r = new Random(7);
        Sampler topOne = new Sampler(1001, SamplerOptions.sampling().withTopK(1).withTemperature(3), 99);
        for (int trial = 0; trial < 200; trial++) {
            float[] x = randomLogits(r, 1001);
            assertThat(topOne.next(x)).isEqualTo(Sampler.argmax(x));
        }
    }

    @Test
    void topKKeepsTheKLargestInDescendingOrder() {
        assertThat(kept(SamplerOptions.sampling().withTopK(3), LOGITS)).containsExactly(1, 3, 4);
        assertThat(kept(SamplerOptions.sampling().withTopK(5), LOGITS)).containsExactly(1, 3, 4, 2, 0);
        long[] c = counts(new Sampler(5, SamplerOptions.sampling().withTopK(3), 5), LOGITS, 20_000);
        assertThat(drawn(c)).isEqualTo(setOf(1, 3, 4));
        // Renormalised over the three survivors: 0.40, 0.30, 0.15 of 0.85. Critical χ²(2 dof, 0.999) = 13.8.
        assertThat(chiSquare(c, new double[] {0, 0.40 / 0.85, 0, 0.30 / 0.85, 0.15 / 0.85})).isLessThan(13.8);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // Cumulative in descending order: 0.40, 0.70, 0.85, 0.95, 1.00.
        assertThat(kept(SamplerOptions.sampling().withTopP(0.35), LOGITS)).containsExactly(1);
        assertThat(kept(SamplerOptions.sampling().withTopP(0.60), LOGITS)).containsExactly(1, 3);
        assertThat(kept(SamplerOptions.sampling().withTopP(0.75), LOGITS)).containsExactly(1, 3, 4);
        assertThat(kept(SamplerOptions.sampling().withTopP(0.90), LOGITS)).containsExactly(1, 3, 4, 2);
        assertThat(kept(SamplerOptions.sampling().withTopP(0.97), LOGITS)).containsExactly(1, 3, 4, 2, 0);
        assertThat(kept(SamplerOptions.sampling(), LOGITS)).containsExactly(1, 3, 4, 2, 0);
    }

    @Test
    void topPDrawsOnlyFromTheKeptSetInProportion() {
        long[] c = counts(new Sampler(5, SamplerOptions.sampling().withTopP(0.75), 11), LOGITS, 20_000);
        assertThat(drawn(c)).isEqualTo(setOf(1, 3, 4));
        assertThat(chiSquare(c, new double[] {0, 0.40 / 0.85, 0, 0.30 / 0.85, 0.15 / 0.85})).isLessThan(13.8);

        c = counts(new Sampler(5, SamplerOptions.sampling().withTopP(0.60), 12), LOGITS, 20_000);
        assertThat(drawn(c)).isEqualTo(setOf(1, 3));
    }

    @Test
    void topKAppliesBeforeTopPWhichSeesTheRenormalisedSurvivors() {
        // Alone, top-p 0.8 keeps 1, 3, 4 (0.70 < 0.8 ≤ 0.85). After top-k 3 the survivors weigh
        // 0.47, 0.35, 0.18, so 1 and 3 already reach 0.8.
        assertThat(kept(SamplerOptions.sampling().withTopP(0.8), LOGITS)).containsExactly(1, 3, 4);
        assertThat(kept(SamplerOptions.sampling().withTopK(3).withTopP(0.8), LOGITS)).containsExactly(1, 3);
        long[] c = counts(new Sampler(5, SamplerOptions.sampling().withTopK(3).withTopP(0.8), 3), LOGITS, 10_000);
        assertThat(drawn(c)).isEqualTo(setOf(1, 3));
    }

    @Test
    void temperatureAppliesBeforeTopP() {
        // At T = 0.5 the probabilities become proportional to P², so token 1 alone weighs 0.16/0.285 = 0.56.
        assertThat(kept(SamplerOptions.sampling().withTemperature(0.5).withTopP(0.5), LOGITS)).containsExactly(1);
        assertThat(kept(SamplerOptions.sampling().withTopP(0.5), LOGITS)).containsExactly(1, 3);
    }

    @Test
    void tiesAreBrokenTowardsTheLowerIndex() {
        float[] flat = {2, 2, 2, 2};
        assertThat(kept(SamplerOptions.sampling().withTopK(2), flat)).containsExactly(0, 1);
        // Four equal weights: two of them reach exactly 0.5.
        assertThat(kept(SamplerOptions.sampling().withTopP(0.5), flat)).containsExactly(0, 1);
        assertThat(kept(SamplerOptions.sampling().withTopK(2), new float[] {1, 2, 2, 2, 0})).containsExactly(1, 2);
        assertThat(kept(SamplerOptions.sampling(), flat)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void temperatureNearZeroApproachesGreedy() {
        Random r = new Random(3);
        Sampler cold = new Sampler(1001, SamplerOptions.sampling().withTemperature(1e-4), 8);
        for (int trial = 0; trial < 200; trial++) {
            float[] x = randomLogits(r, 1001);
            int best = Sampler.argmax(x);
            x[best] += 0.01f;  // a gap of 100 temperatures: the runner-up weighs e^-100 at most
            assertThat(cold.next(x)).isEqualTo(best);
        }
        Sampler frozen = new Sampler(5, SamplerOptions.sampling().withTemperature(1e-45), 8);
        assertThat(frozen.next(LOGITS)).as("1/T overflows a float: the T → 0 limit").isEqualTo(1);
    }

    @Test
    void plainSamplingMatchesTheSoftmax() {
        long[] c = counts(new Sampler(5, SamplerOptions.sampling(), 2024), LOGITS, 100_000);
        // Critical χ²(4 dof, 0.999) = 18.5; a sampler off by one token would score in the thousands.
        assertThat(chiSquare(c, P)).isLessThan(18.5);
    }

    @Test
    void temperatureDividesTheLogits() {
        double t = 2;
        double[] q = new double[P.length];
        double z = 0;
        for (int i = 0; i < P.length; i++) {
            q[i] = Math.pow(P[i], 1 / t);
            z += q[i];
        }
        for (int i = 0; i < P.length; i++) {
            q[i] /= z;
        }
        long[] c = counts(new Sampler(5, SamplerOptions.sampling().withTemperature(t), 77), LOGITS, 100_000);
        assertThat(chiSquare(c, q)).isLessThan(18.5);
    }

    @Test
    void tokensWithZeroProbabilityAreNeverDrawn() {
        float[] x = {Float.NEGATIVE_INFINITY, 0, Float.NEGATIVE_INFINITY, 1};
        long[] c = counts(new Sampler(4, SamplerOptions.sampling(), 1), x, 5_000);
        assertThat(drawn(c)).isEqualTo(setOf(1, 3));
        assertThat(kept(SamplerOptions.sampling(), x)).containsExactly(3, 1);
        assertThat(kept(SamplerOptions.sampling().withTopK(3), x)).containsExactly(3, 1);
    }

    @Test
    void sameSeedGivesTheSameSamples() {
        Random r = new Random(5);
        float[][] steps = new float[300][];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = randomLogits(r, 33);
        }
        for (SamplerOptions o : new SamplerOptions[] {
                SamplerOptions.sampling(), SamplerOptions.sampling().withTopK(5).withTopP(0.9).withTemperature(0.8)}) {
            Sampler a = new Sampler(33, o, 42);
            Sampler b = new Sampler(33, o, 42);
            Sampler other = new Sampler(33, o, 43);
            int[] seqA = new int[steps.length];
            int[] seqB = new int[steps.length];
            int[] seqOther = new int[steps.length];
            for (int i = 0; i < steps.length; i++) {
                seqA[i] = a.next(steps[i]);
                seqB[i] = b.next(steps[i]);
                seqOther[i] = other.next(steps[i]);
            }
            assertThat(seqB).isEqualTo(seqA);
            assertThat(seqOther).isNotEqualTo(seqA);
        }
    }

    @Test
    void restoringTheRandomStateReplaysTheDraws() {
        Sampler s = new Sampler(5, SamplerOptions.sampling(), 9);
        s.next(LOGITS);
        long saved = s.randomState();
        int[] first = new int[50];
        for (int i = 0; i < first.length; i++) {
            first[i] = s.next(LOGITS);
        }
        s.setRandomState(saved);
        for (int i = 0; i < first.length; i++) {
            assertThat(s.next(LOGITS)).isEqualTo(first[i]);
        }
    }

    @Test
    void uniformDrawsCoverTheRangeEvenlyAndFollowTheSeed() {
        Sampler s = new Sampler(10, SamplerOptions.argmax(), 4);
        long[] c = new long[10];
        for (int i = 0; i < 70_000; i++) {
            c[s.uniform(3, 10)]++;
        }
        assertThat(Arrays.copyOf(c, 3)).containsOnly(0L);
        for (int t = 3; t < 10; t++) {
            assertThat(c[t]).isBetween(9_500L, 10_500L);  // 10,000 expected, sd 93
        }
        Sampler a = new Sampler(10, SamplerOptions.sampling(), 8);
        Sampler b = new Sampler(10, SamplerOptions.sampling(), 8);
        for (int i = 0; i < 20; i++) {
            assertThat(a.uniform(0, 10)).isEqualTo(b.uniform(0, 10));
        }
        assertThatThrownBy(() -> s.uniform(4, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.uniform(4, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keptTokensMatchAFullSortOnLargeVocabularies() {
        Random r = new Random(17);
        for (int v : new int[] {7, 33, 1001, 10_000}) {
            for (int trial = 0; trial < 30; trial++) {
                float[] x = randomLogits(r, v);
                double t = new double[] {0.3, 1, 2.5}[trial % 3];
                int k = trial % 2 == 0 ? SamplerOptions.ALL : 1 + r.nextInt(Math.min(v, 200));
                double p = trial % 5 == 0 ? 1 : 0.05 + 0.94 * r.nextDouble();
                SamplerOptions o = SamplerOptions.sampling().withTemperature(t).withTopK(k).withTopP(p);
                assertThat(kept(o, x)).as("V=%d %s", v, o).containsExactly(referenceKept(x, t, k, p));
            }
        }
    }

    /** Top-k then top-p the obvious way: sort every token, probabilities in double. */
    private static int[] referenceKept(float[] x, double t, int k, double p) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> x[a] != x[b] ? Float.compare(x[b], x[a]) : Integer.compare(a, b));
        int n = Math.min(k, x.length);
        double[] w = new double[n];
        double mass = 0;
        for (int j = 0; j < n; j++) {
            w[j] = Math.exp((x[order[j]] - x[order[0]]) / t);
            mass += w[j];
        }
        double cumulative = 0;
        int kept = 0;
        while (kept < n && cumulative < p * mass) {
            cumulative += w[kept++];
        }
        if (p == 1) kept = n;
        int[] out = new int[kept];
        for (int j = 0; j < kept; j++) out[j] = order[j];
        return out;
    }

    @Test
    void wrongLogitCountAndBrokenLogitsAreRejected() {
        Sampler s = new Sampler(5, SamplerOptions.sampling(), 0);
        assertThatThrownBy(() -> s.next(new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 5 logits, got 4");
        assertThatThrownBy(() -> s.next(new float[] {0, Float.NaN, 0, 0, 0}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NaN");
        float[] allMasked = new float[5];
        Arrays.fill(allMasked, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> s.next(allMasked)).isInstanceOf(IllegalStateException.class);
    }
}
