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
    void vectorFillEqualsTheScalarTwinAndLeavesTheSameGeneratorState() {
        for (int n : new int[] {1, 2, 7, 33, 1001, 20 * 20 * 200}) {
            for (float keep : new float[] {0.1f, 0.5f, 0.65f, 0.999f}) {
                SplitMix64 a = new SplitMix64(n * 31L + 5);
                SplitMix64 b = new SplitMix64(n * 31L + 5);
                float[] got = new float[n + 2];
                float[] want = new float[n + 2];
                DropoutMask.fill(got, 1, n, keep, a);
                DropoutMask.fillScalar(want, 1, n, keep, b);
                assertThat(got).as("n=%d keep=%s", n, keep).isEqualTo(want);
                assertThat(a.state()).isEqualTo(b.state());
            }
        }
    }

    @Test
    void eachDrawDecidesTwoElementsLowHalfFirst() {
        SplitMix64 r = new SplitMix64(11);
        long bits = new SplitMix64(11).nextLong();
        float[] mask = new float[2];
        DropoutMask.fillScalar(mask, 0, 2, 0.5f, r);
        assertThat(mask[0]).isEqualTo((bits & 0xffffffffL) < (1L << 31) ? 2f : 0f);
        assertThat(mask[1]).isEqualTo((bits >>> 32) < (1L << 31) ? 2f : 0f);
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
