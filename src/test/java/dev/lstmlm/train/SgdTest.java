package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.nn.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SgdTest {
    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian() * 3;
        return a;
    }

    @Test
    void vectorNormMatchesTheScalarTwinOnOddSizes() {
        for (int n : new int[] {0, 1, 7, 33, 1001, 460_003}) {
            float[] g = random(n, n);
            // the float partial sums of Sgd.BLOCK elements bound the relative error by 1e-5 (see Sgd.BLOCK)
            assertThat(Sgd.globalNorm(g)).as("n=%d", n).isCloseTo(Sgd.globalNormScalar(g), within(1e-5 * Sgd.globalNormScalar(g) + 1e-30));
        }
    }

    @Test
    void vectorUpdateEqualsTheScalarTwinExactly() {
        for (int n : new int[] {1, 7, 33, 1001, 100_003}) {
            float[] g = random(n, 2 * n);
            float[] w = random(n, 3 * n);
            float[] w2 = w.clone();
            Sgd.update(w, g, 0.37f);
            Sgd.updateScalar(w2, g, 0.37f);
            assertThat(w).as("n=%d", n).isEqualTo(w2);
        }
    }

    private static ParameterStore store(float[] values, float[] grads) {
        ParameterStore p = ParameterStore.builder().add("a", 2).add("b", values.length - 2).build();
        System.arraycopy(values, 0, p.values(), 0, values.length);
        System.arraycopy(grads, 0, p.grads(), 0, grads.length);
        return p;
    }

    @Test
    void clipsByTheNormOverAllParametersTogether() {
        // gradients (3, 0 | 0, 4): each view has norm ≤ 4 but the global norm is 5, so with max norm 1
        // clip_by_global_norm scales by 1/5 and the step is lr · (0.6, 0, 0, 0.8)
        ParameterStore p = store(new float[] {1, 1, 1, 1}, new float[] {3, 0, 0, 4});
        double norm = Sgd.step(p, 0.5, 1.0);
        assertThat(norm).isEqualTo(5.0);
        assertThat(p.values()).containsExactly(new float[] {1 - 0.5f * 0.6f, 1, 1, 1 - 0.5f * 0.8f}, within(1e-7f));
    }

    @Test
    void leavesGradientsBelowTheLimitAlone() {
        ParameterStore p = store(new float[] {1, 1, 1, 1}, new float[] {0.3f, 0, 0, 0.4f});
        assertThat(Sgd.step(p, 2.0, 5.0)).isCloseTo(0.5, within(1e-7));
        assertThat(p.values()).containsExactly(new float[] {1 - 2 * 0.3f, 1, 1, 1 - 2 * 0.4f}, within(1e-7f));
    }

    @Test
    void keepsTheWeightsWhenTheGradientIsNotFinite() {
        ParameterStore p = store(new float[] {1, 2, 3, 4}, new float[] {0.1f, Float.NaN, 0, 1});
        assertThat(Sgd.step(p, 1.0, 5.0)).isNaN();
        assertThat(p.values()).containsExactly(1, 2, 3, 4);
        ParameterStore q = store(new float[] {1, 2, 3, 4}, new float[] {Float.POSITIVE_INFINITY, 0, 0, 1});
        assertThat(Sgd.step(q, 1.0, 5.0)).isInfinite();
        assertThat(q.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void clipFactorIsOneBelowTheLimit() {
        assertThat(Sgd.clipFactor(2, 5)).isEqualTo(1.0);
        assertThat(Sgd.clipFactor(10, 5)).isEqualTo(0.5);
    }
}
