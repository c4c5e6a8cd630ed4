package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Kernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamTest {
    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static ParameterStore store(float[] values, float[] grads) {
        ParameterStore p = ParameterStore.builder().add("w", values.length).build();
        System.arraycopy(values, 0, p.values(), 0, values.length);
        System.arraycopy(grads, 0, p.grads(), 0, grads.length);
        return p;
    }

    @Test
    void theFirstUpdateMovesEveryWeightByTheLearningRateAgainstItsGradientSign() {
        // m̂ = g and v̂ = g² after one update, so the step is lr · g / (|g| + ε) ≈ lr · sign(g)
        ParameterStore p = store(new float[] {1, 1, 1}, new float[] {0.5f, -3f, 1e-3f});
        Adam.withDefaults(3, Kernels.vector()).step(p, 0.01, 100, 1);
        assertThat(p.values()).containsExactly(new float[] {0.99f, 1.01f, 0.99f}, within(1e-6f));
    }

    @Test
    void followsTheTorchFormulaComputedInDoubleOverManyUpdates() {
        int n = 37;
        float[] w0 = random(n, 5);
        ParameterStore p = store(w0, new float[n]);
        Adam adam = new Adam(n, 0.8, 0.99, 1e-6, Kernels.vector());
        double[] w = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) w[i] = w0[i];
        Random r = new Random(9);
        double maxNorm = 2.0;
        for (int t = 1; t <= 50; t++) {
            float[] g = new float[n];
            double norm = 0;
            for (int i = 0; i < n; i++) {
                g[i] = (float) (r.nextGaussian() * (t % 3 == 0 ? 3 : 0.1));
                norm += (double) g[i] * g[i];
            }
            norm = Math.sqrt(norm);
            System.arraycopy(g, 0, p.grads(), 0, n);
            assertThat(adam.step(p, 0.01, maxNorm, t)).isCloseTo(norm, within(1e-6 * norm));
            double clip = maxNorm / Math.max(norm, maxNorm);
            for (int i = 0; i < n; i++) {
                double gi = g[i] * clip;
                m[i] = 0.8 * m[i] + 0.2 * gi;
                v[i] = 0.99 * v[i] + 0.01 * gi * gi;
                double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.99, t)) + 1e-6;
                w[i] -= 0.01 / (1 - Math.pow(0.8, t)) * m[i] / denominator;
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat((double) p.values()[i]).as("w[%d]", i).isCloseTo(w[i], within(1e-5));
        }
    }

    @Test
    void aNonFiniteGradientChangesNothing() {
        ParameterStore p = store(new float[] {1, 2}, new float[] {0.5f, 0.5f});
        Adam adam = Adam.withDefaults(2, Kernels.vector());
        adam.step(p, 0.1, 5, 1);
        float[] w = p.values().clone();
        float[] m = adam.state().get("adam.m").clone();
        float[] v = adam.state().get("adam.v").clone();
        p.grads()[1] = Float.NaN;
        assertThat(adam.step(p, 0.1, 5, 2)).isNaN();
        assertThat(p.values()).isEqualTo(w);
        assertThat(adam.state().get("adam.m")).isEqualTo(m);
        assertThat(adam.state().get("adam.v")).isEqualTo(v);
    }

    @Test
    void minimisesAQuadratic() {
        ParameterStore p = store(new float[] {5, -3, 0.5f}, new float[3]);
        Adam adam = Adam.withDefaults(3, Kernels.vector());
        for (int t = 1; t <= 2000; t++) {
            for (int i = 0; i < 3; i++) p.grads()[i] = 2 * (p.values()[i] - i);  // minimum at (0, 1, 2)
            adam.step(p, 0.05, 100, t);
        }
        assertThat(p.values()).containsExactly(new float[] {0, 1, 2}, within(1e-3f));
    }
}
