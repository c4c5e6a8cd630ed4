package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Kernels;
import org.junit.jupiter.api.Test;

class SgdTest {
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
        double norm = Sgd.step(p, 0.5, 1.0, Kernels.vector());
        assertThat(norm).isEqualTo(5.0);
        assertThat(p.values()).containsExactly(new float[] {1 - 0.5f * 0.6f, 1, 1, 1 - 0.5f * 0.8f}, within(1e-7f));
    }

    @Test
    void leavesGradientsBelowTheLimitAlone() {
        ParameterStore p = store(new float[] {1, 1, 1, 1}, new float[] {0.3f, 0, 0, 0.4f});
        assertThat(Sgd.step(p, 2.0, 5.0, Kernels.vector())).isCloseTo(0.5, within(1e-7));
        assertThat(p.values()).containsExactly(new float[] {1 - 2 * 0.3f, 1, 1, 1 - 2 * 0.4f}, within(1e-7f));
    }

    @Test
    void clipsTheWholeStoreInOnePass() {
        // 1001 gradients of 0.1 (norm 3.164) under max norm 1: every step is lr · 0.1 / 3.164
        ParameterStore p = ParameterStore.builder().add("a", 7, 11).add("b", 924).build();
        java.util.Arrays.fill(p.grads(), 0.1f);
        double norm = Sgd.step(p, 2.0, 1.0, Kernels.vector());
        assertThat(norm).isCloseTo(Math.sqrt(1001 * (double) 0.1f * 0.1f), within(1e-12));
        for (float v : p.values()) assertThat(v).isCloseTo((float) (-2.0 * 0.1f / norm), within(1e-7f));
    }

    @Test
    void keepsTheWeightsWhenTheGradientIsNotFinite() {
        ParameterStore p = store(new float[] {1, 2, 3, 4}, new float[] {0.1f, Float.NaN, 0, 1});
        assertThat(Sgd.step(p, 1.0, 5.0, Kernels.vector())).isNaN();
        assertThat(p.values()).containsExactly(1, 2, 3, 4);
        ParameterStore q = store(new float[] {1, 2, 3, 4}, new float[] {Float.POSITIVE_INFINITY, 0, 0, 1});
        assertThat(Sgd.step(q, 1.0, 5.0, Kernels.vector())).isInfinite();
        assertThat(q.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void clipFactorIsOneBelowTheLimit() {
        assertThat(Sgd.clipFactor(2, 5)).isEqualTo(1.0);
        assertThat(Sgd.clipFactor(10, 5)).isEqualTo(0.5);
    }

    @org.junit.jupiter.api.Test
    void theBlockPassesMatchTheSingleOneAndGiveTheSameBitsOnOneOrTwoThreads() {
        int n = 100_003;
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] values = new float[n];
        float[] grads = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) r.nextDouble();
            grads[i] = (float) (r.nextDouble() - 0.5);
        }
        for (double maxNorm : new double[] {1, 1e6}) { // clipped, and not
            ParameterStore want = store(values, grads);
            double wantNorm = Sgd.step(want, 0.7, maxNorm, Kernels.vector());
            float[][] got = new float[2][];
            for (int threads = 1; threads <= 2; threads++) {
                ParameterStore p = store(values, grads);
                double norm = new Sgd.Parallel(dev.lstmlm.tensor.Compute.create(threads)).step(p, 0.7, maxNorm);
                org.assertj.core.api.Assertions.assertThat(norm).isCloseTo(wantNorm, org.assertj.core.api.Assertions.within(1e-9 * wantNorm));
                for (int i = 0; i < n; i += 7) {
                    org.assertj.core.api.Assertions.assertThat(p.values()[i])
                            .isCloseTo(want.values()[i], org.assertj.core.api.Assertions.within(1e-6f));
                }
                org.assertj.core.api.Assertions.assertThat(p.grads()).isEqualTo(grads);
                got[threads - 1] = p.values().clone();
            }
            org.assertj.core.api.Assertions.assertThat(got[1]).isEqualTo(got[0]);
        }
        grads[n / 2] = Float.NaN;
        ParameterStore p = store(values, grads);
        org.assertj.core.api.Assertions.assertThat(new Sgd.Parallel(dev.lstmlm.tensor.Compute.create(2)).step(p, 0.7, 1)).isNaN();
        org.assertj.core.api.Assertions.assertThat(p.values()).isEqualTo(values);
    }
}
