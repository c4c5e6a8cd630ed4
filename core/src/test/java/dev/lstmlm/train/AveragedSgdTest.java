package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.nn.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AveragedSgdTest {
    private static ParameterStore store(int n, long seed) {
        ParameterStore p = ParameterStore.builder().add("a", 3).add("b", n - 3).build();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) p.values()[i] = (float) (2 * r.nextDouble() - 1);
        return p;
    }

    private static void gradients(ParameterStore p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < p.size(); i++) p.grads()[i] = (float) (r.nextDouble() - 0.5);
    }

    @Test
    void withoutDecayOrAveragingItIsPlainSgdToTheBit() {
        ParameterStore a = store(37, 1);
        ParameterStore b = store(37, 1);
        AveragedSgd opt = new AveragedSgd(37, 0, 0);
        for (int u = 1; u <= 5; u++) {
            gradients(a, u);
            gradients(b, u);
            assertThat(opt.step(a, 0.7, 1.0, u)).isEqualTo(Sgd.step(b, 0.7, 1.0, dev.lstmlm.tensor.Kernels.chosen()));
            assertThat(a.values()).isEqualTo(b.values());
        }
        assertThat(opt.state()).isEmpty();
    }

    @Test
    void weightDecayIsAddedToTheClippedGradient() {
        ParameterStore p = store(4, 2);
        float[] w = p.values().clone();
        System.arraycopy(new float[] {3, 0, 0, 4}, 0, p.grads(), 0, 4); // norm 5, clipped to 1: factor 0.2
        new AveragedSgd(4, 0.01, 0).step(p, 0.5, 1.0, 1);
        for (int i = 0; i < 4; i++) {
            double want = w[i] - 0.5 * (0.2 * p.grads()[i] + 0.01 * w[i]);
            assertThat((double) p.values()[i]).isCloseTo(want, within(1e-6));
        }
    }

    /** AWD-LSTM's rule, written as its main.py does with the whole list of losses. */
    private static boolean awdTriggers(List<Double> previous, double loss, int nonmono) {
        if (previous.size() <= nonmono) return false;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < previous.size() - nonmono; i++) min = Math.min(min, previous.get(i));
        return loss > min;
    }

    @Test
    void averagingStartsExactlyWhenAwdLstmsRuleSaysSo() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int nonmono = 1 + r.nextInt(6);
            AveragedSgd opt = new AveragedSgd(5, 0, nonmono);
            List<Double> seen = new ArrayList<>();
            double loss = 6;
            for (int check = 0; check < 40 && !opt.averaging(); check++) {
                loss += r.nextDouble() * 0.2 - 0.17; // mostly falling, sometimes not
                double recorded = (float) loss;
                boolean want = awdTriggers(seen, recorded, nonmono);
                assertThat(opt.validated(loss)).as("trial %d check %d", trial, check).isEqualTo(want);
                assertThat(opt.averaging()).isEqualTo(want);
                seen.add(recorded);
            }
        }
        AveragedSgd never = new AveragedSgd(5, 0, 0);
        for (int i = 0; i < 10; i++) assertThat(never.validated(10 + i)).isFalse();
    }

    @Test
    void theAverageIsTheMeanOfTheWeightsAfterUpdatesTwoToK() {
        int n = 21;
        ParameterStore p = store(n, 4);
        AveragedSgd opt = new AveragedSgd(n, 1e-3, 1);
        assertThat(opt.validated(4.0)).isFalse();
        assertThat(opt.validated(5.0)).isFalse(); // too few checks yet
        assertThat(opt.validated(4.5)).isTrue(); // 4.5 > min of all but the last loss: 4.0
        double[] sum = new double[n];
        int k = 7;
        for (int u = 1; u <= k; u++) {
            gradients(p, 10 + u);
            opt.step(p, 0.3, 10, u);
            if (u >= 2) for (int i = 0; i < n; i++) sum[i] += p.values()[i];
        }
        float[] trained = p.values().clone();
        opt.swapAverage(p);
        for (int i = 0; i < n; i++) assertThat((double) p.values()[i]).isCloseTo(sum[i] / (k - 1), within(1e-6));
        opt.swapAverage(p);
        assertThat(p.values()).isEqualTo(trained);
    }

    @Test
    void aRunContinuedFromTheSavedStateIsBitIdentical() {
        int n = 33;
        ParameterStore a = store(n, 5);
        AveragedSgd first = new AveragedSgd(n, 1.2e-6, 2);
        double[] losses = {5, 4.8, 4.9, 4.85, 4.95, 4.7};
        for (int u = 1; u <= 30; u++) {
            gradients(a, u);
            first.step(a, 1.0, 0.25, u);
            if (u % 5 == 0) first.validated(losses[u / 5 - 1]);
        }
        // "Save" after update 12 and continue in a fresh optimizer.
        ParameterStore b = store(n, 5);
        AveragedSgd again = new AveragedSgd(n, 1.2e-6, 2);
        AveragedSgd resumed = null;
        float[] savedWeights = null;
        for (int u = 1; u <= 30; u++) {
            AveragedSgd opt = resumed != null ? resumed : again;
            gradients(b, u);
            opt.step(b, 1.0, 0.25, u);
            if (u % 5 == 0) opt.validated(losses[u / 5 - 1]);
            if (u == 12) {
                resumed = new AveragedSgd(n, 1.2e-6, 2);
                for (var e : again.state().entrySet()) System.arraycopy(e.getValue(), 0, resumed.state().get(e.getKey()), 0, e.getValue().length);
                savedWeights = b.values().clone();
                System.arraycopy(savedWeights, 0, b.values(), 0, n);
            }
        }
        assertThat(first.averaging()).isTrue();
        assertThat(b.values()).isEqualTo(a.values());
        assertThat(resumed.state().get("ntasgd.average")).isEqualTo(first.state().get("ntasgd.average"));
        assertThat(resumed.state().get("ntasgd.scalars")).isEqualTo(first.state().get("ntasgd.scalars"));
    }
}
