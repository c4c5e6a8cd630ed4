package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {
    @Test
    void producesTheSequenceOfSplittableRandom() {
        for (long seed : new long[] {0L, 1L, -7L, 0x123456789abcdefL}) {
            SplitMix64 ours = new SplitMix64(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void savedStateResumesTheSequenceExactly() {
        SplitMix64 a = new SplitMix64(42);
        for (int i = 0; i < 17; i++) a.nextLong();
        long saved = a.state();
        long[] want = new long[5];
        for (int i = 0; i < 5; i++) want[i] = a.nextLong();
        SplitMix64 b = new SplitMix64(0);
        b.state(saved);
        for (int i = 0; i < 5; i++) assertThat(b.nextLong()).isEqualTo(want[i]);
    }

    @Test
    void uniformDrawsLieInTheUnitInterval() {
        SplitMix64 r = new SplitMix64(3);
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            float f = r.nextFloat();
            double d = r.nextDouble();
            assertThat(f).isGreaterThanOrEqualTo(0f).isLessThan(1f);
            assertThat(d).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            sum += f + d;
        }
        // Mean of 2n uniforms: 0.5 with standard deviation sqrt(1/12 / 2n) ≈ 6.5e-4; 5σ.
        assertThat(sum / (2 * n)).isBetween(0.5 - 3.3e-3, 0.5 + 3.3e-3);
    }
}
