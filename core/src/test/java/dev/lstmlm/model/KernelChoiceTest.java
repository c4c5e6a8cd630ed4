package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.train.Sgd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whole model trained for a few windows (dropout on, state carried, SGD with clipping) on the
 * vector kernels and on their scalar twins ({@code -Dlstmlm.kernels=scalar}): the same costs,
 * gradient norms, weights and state to within float rounding. Sizes are not multiples of any
 * vector width, so the vector kernels' tails run too.
 */
class KernelChoiceTest {
    static final int V = 600, E = 75, H = 75, B = 6, T = 10, WINDOWS = 5;

    /**
     * The twins differ only in how sums are rounded: the scalar GEMM and softmax accumulate in
     * double, the vector ones in float lanes. A float sum of k terms errs by at most k·u of the sum
     * of their magnitudes (u = 2^-24, Higham §3.1). A logit sums k = H = 75 products of |h| < 1 and
     * |w| ≤ 0.1, so it is off by at most 75·u·7.5 ≈ 3.4e-5; a cross-entropy term moves by at most
     * twice its logits' error, and a cost (T = 10 mean terms of about log V = 6.4) by at most
     * 7e-4 absolute, 1e-5 relative. Observed: 3e-9 relative.
     */
    private static final double COST_RTOL = 1e-5;
    /**
     * Weights and state after five updates of lr 1: each update moves a weight by its clipped
     * gradient, whose twins differ by the rounding of sums of at most V = 600 terms (the decoder's
     * input gradient), 600·u ≈ 3.6e-5 of the gradient in the worst case, and the state by the
     * same through the cell; 1e-4 is that bound over the updates. Observed: 2.4e-7. A twin that
     * computed anything else (a wrong gate, mask, bias or scale) errs by 1e-2 or more.
     */
    private static final float VALUE_TOL = 1e-4f;

    record Run(double[] costs, double[] norms, float[] values, float[] h, float[] c) {}

    static Run train(Compute compute) {
        ModelConfig cfg = new ModelConfig(V, ModelConfig.Input.EMBEDDING, E, H, 2, 0.6f, 0f);
        LanguageModel m = new LanguageModel(cfg, compute);
        m.initUniform(0.1f, 11);
        m.rngState(5);
        Sgd.Parallel sgd = new Sgd.Parallel(compute);
        LanguageModel.State s = m.newState(B);
        SplittableRandom r = new SplittableRandom(3);
        double[] costs = new double[WINDOWS];
        double[] norms = new double[WINDOWS];
        int[] x = new int[T * B];
        int[] y = new int[T * B];
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(V);
                y[i] = (x[i] * 7 + 3) % V;
            }
            m.params().zeroGrads();
            costs[w] = m.trainWindow(x, y, T, B, s, 1f);
            norms[w] = sgd.step(m.params(), 1.0, 5.0);
        }
        return new Run(costs, norms, m.params().values().clone(), s.h.clone(), s.c.clone());
    }

    @Test
    void theVectorKernelsAndTheirScalarTwinsTrainTheSameModelToWithinRounding() {
        Run vector = train(Compute.of(Kernels.vector(), 2));
        Run scalar = train(Compute.of(Kernels.scalar(), 1));
        for (int w = 0; w < WINDOWS; w++) {
            assertThat(vector.costs[w]).as("cost of window %d", w).isCloseTo(scalar.costs[w], offset(COST_RTOL * scalar.costs[w]));
            assertThat(vector.norms[w]).as("gradient norm of window %d", w)
                    .isCloseTo(scalar.norms[w], offset(VALUE_TOL * scalar.norms[w]));
        }
        assertClose("weights", vector.values, scalar.values);
        assertClose("h", vector.h, scalar.h);
        assertClose("c", vector.c, scalar.c);
        // The scalar run did run other kernels: its double-precision sums round differently.
        assertThat(vector.values).isNotEqualTo(scalar.values);
    }

    @Test
    void theScalarTwinsGiveTheSameBitsOnOneAndTwoThreads() {
        Run one = train(Compute.of(Kernels.scalar(), 1));
        Run two = train(Compute.of(Kernels.scalar(), 2));
        assertThat(two.costs).isEqualTo(one.costs);
        assertThat(two.norms).isEqualTo(one.norms);
        assertThat(two.values).isEqualTo(one.values);
        assertThat(two.h).isEqualTo(one.h);
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > VALUE_TOL) {
                assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], offset(VALUE_TOL));
            }
        }
    }
}
