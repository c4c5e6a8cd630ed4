package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DropoutMaskTest {
    @Test
    void keepsTheRequestedFractionScaledByTheInverseKeep() {
        for (float keep : new float[] {0.35f, 0.5f, 0.9f}) {
            int n = 100_001;
            float[] mask = new float[n + 1];
            DropoutMask.fill(mask, 1, n, keep, new SplitMix64(9));
            int kept = 0;
            for (int i = 1; i <= n; i++) {
                if (mask[i] != 0f) {
                    assertThat(mask[i]).isEqualTo(1f / keep);
                    kept++;
                }
            }
            assertThat(mask[0]).isZero();
            // Binomial(n, keep): 5 standard deviations.
            double sd = Math.sqrt(n * keep * (1 - keep));
            assertThat((double) kept).isBetween(n * keep - 5 * sd, n * keep + 5 * sd);
        }
    }

    @Test
    void theMaskIsAFunctionOfTheGeneratorState() {
        SplitMix64 rng = new SplitMix64(5);
        rng.nextLong();
        long saved = rng.state();
        float[] a = new float[33];
        float[] b = new float[33];
        DropoutMask.fill(a, 0, 33, 0.5f, rng);
        long after = rng.state();
        rng.state(saved);
        DropoutMask.fill(b, 0, 33, 0.5f, rng);
        assertThat(b).isEqualTo(a);
        assertThat(rng.state()).isEqualTo(after);
        float[] c = new float[33];
        DropoutMask.fill(c, 0, 33, 0.5f, rng);
        assertThat(c).isNotEqualTo(a);
    }
}
