package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private static final int[] SIZES = {1, 7, 33, 1001, 20 * 200};

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (2 * r.nextDouble() - 1);
        return a;
    }

    @Test
    void mulEqualsItsScalarTwinAndWorksInPlace() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] a = random(r, n + 5);
            float[] b = random(r, n + 2);
            float[] got = new float[n + 1];
            float[] want = new float[n + 1];
            Elementwise.mul(n, a, 5, b, 2, got, 1);
            Elementwise.mulScalar(n, a, 5, b, 2, want, 1);
            assertThat(got).isEqualTo(want);
            assertThat(want[1 + n / 2]).isEqualTo(a[5 + n / 2] * b[2 + n / 2]);
            Elementwise.mul(n, a, 5, b, 2, a, 5);
            for (int i = 0; i < n; i++) assertThat(a[5 + i]).isEqualTo(want[1 + i]);
        }
    }

    @Test
    void addToEqualsItsScalarTwin() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : SIZES) {
            float[] src = random(r, n + 3);
            float[] dst = random(r, n + 1);
            float[] want = dst.clone();
            Elementwise.addTo(n, src, 3, dst, 1);
            Elementwise.addToScalar(n, src, 3, want, 1);
            assertThat(dst).isEqualTo(want);
            assertThat(dst[0]).isEqualTo(want[0]);
        }
    }
}
