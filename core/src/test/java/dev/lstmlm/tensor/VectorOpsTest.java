package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
    private static final int[] SIZES = {0, 1, 7, 15, 16, 17, 33, 1001, 100_003};

    private static float[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 8 - 4);
        }
        return x;
    }

    @Test
    void axpyGivesTheBitsOfItsTwinAndLeavesTheRestAlone() {
        for (int n : SIZES) {
            float[] x = random(n + 5, n);
            float[] y = random(n + 9, n + 1);
            float[] want = y.clone();
            ScalarOps.axpy(n, -0.37f, x, 5, want, 2);
            float[] got = y.clone();
            VectorOps.axpy(n, -0.37f, x, 5, got, 2);
            assertThat(got).as("n=%d", n).isEqualTo(want);
            if (n > 0) {
                assertThat(got[2]).isEqualTo(Math.fma(x[5], -0.37f, y[2]));
                assertThat(got[n + 2]).isEqualTo(y[n + 2]);
            }
        }
    }

    @Test
    void adamGivesTheBitsOfItsTwin() {
        for (int n : SIZES) {
            float[] w = random(n, n);
            float[] g = random(n, n + 1);
            float[] m = random(n, n + 2);
            float[] v = random(n, n + 3);
            for (int i = 0; i < n; i++) v[i] *= v[i];
            float[] w2 = w.clone();
            float[] m2 = m.clone();
            float[] v2 = v.clone();
            VectorOps.adam(n, w, g, m, v, 0.7f, 0.9f, 0.999f, 0.002f, 1.3f, 1e-8f);
            ScalarOps.adam(n, w2, g, m2, v2, 0.7f, 0.9f, 0.999f, 0.002f, 1.3f, 1e-8f);
            assertThat(w).as("n=%d", n).isEqualTo(w2);
            assertThat(m).isEqualTo(m2);
            assertThat(v).isEqualTo(v2);
            if (n > 0) assertThat(w[0]).isNotEqualTo(random(n, n)[0]);
        }
    }

    @Test
    void sumOfSquaresAgreesWithItsTwinToDoubleRounding() {
        for (int n : SIZES) {
            float[] x = random(n + 2, 3 * n);
            double want = ScalarOps.sumOfSquares(n, x, 2);
            // Both sums of n non-negative exact squares in double: each is within n·2^-53 relative.
            assertThat(VectorOps.sumOfSquares(n, x, 2)).as("n=%d", n).isCloseTo(want, within(2 * n * 0x1p-53 * want));
        }
        assertThat(VectorOps.sumOfSquares(3, new float[] {3, 4, 12}, 0)).isEqualTo(169.0);
    }
}
