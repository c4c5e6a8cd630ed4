package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerKernelsTest {

    private static float[] logits(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 4);
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 1001, 10000})
    void maxMatchesScalarTwin(int n) {
        float[] x = logits(n, n);
        assertThat(SamplerKernels.max(x, n)).isEqualTo(SamplerKernels.maxScalar(x, n));
        x[n - 1] = 100f;  // in the scalar tail for most sizes
        assertThat(SamplerKernels.max(x, n)).isEqualTo(100f);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 1001, 10000})
    void expShiftedMatchesScalarTwin(int n) {
        float[] x = logits(n, 31L * n);
        float max = SamplerKernels.maxScalar(x, n);
        for (float invT : new float[] {1f, 0.5f, 1e4f}) {
            float[] fast = new float[n];
            float[] slow = new float[n];
            double fastSum = SamplerKernels.expShifted(x, max, invT, fast, n);
            double slowSum = SamplerKernels.expShiftedScalar(x, max, invT, slow, n);
            // Both round an exp within 1 double ulp of exact to float, so they differ by at most one
            // float ulp: one step between the (non-negative) floats' bit patterns.
            for (int i = 0; i < n; i++) {
                int ulps = Math.abs(Float.floatToIntBits(fast[i]) - Float.floatToIntBits(slow[i]));
                assertThat(ulps).as("w[%d] = %s vs %s at 1/T=%s", i, fast[i], slow[i], invT).isLessThanOrEqualTo(1);
            }
            // The vector sum adds in float lanes: n terms of at most 1, each rounding ≤ 2^-24 relative.
            assertThat(fastSum).isCloseTo(slowSum, within(slowSum * n * 0x1p-24));
            assertThat(slowSum).isGreaterThanOrEqualTo(1.0);  // the max itself weighs exp(0) = 1
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 1001, 10000})
    void drawMatchesScalarTwin(int n) {
        float[] w = new float[n];
        float[] x = logits(n, 5L * n);
        double total = SamplerKernels.expShiftedScalar(x, SamplerKernels.maxScalar(x, n), 1f, w, n);
        if (n > 1) {
            total -= w[n / 2];
            w[n / 2] = 0;  // a token of probability 0 inside a vector
        }
        double[] before = new double[n + 1];  // before[i] = w[0] + ... + w[i-1], in double
        for (int i = 0; i < n; i++) {
            before[i + 1] = before[i] + w[i];
        }
        // The vector draw skips whole vectors by their float sums, so its boundaries may sit a
        // rounding away from the scalar ones: n additions of at most 2^-24 of the total each.
        double slack = n * 0x1p-24 * total;
        Random r = new Random(n);
        int same = 0;
        for (int i = 0; i < 2000; i++) {
            double u = r.nextDouble() * total;
            int token = SamplerKernels.draw(w, n, u);
            assertThat(w[token]).isPositive();
            assertThat(u).as("u=%s drew %d", u, token).isBetween(before[token] - slack, before[token + 1] + slack);
            if (token == SamplerKernels.drawScalar(w, n, u)) same++;
        }
        assertThat(same).as("draws equal to the scalar twin's").isGreaterThanOrEqualTo(1990);
        int lastPositive = n - 1;
        while (w[lastPositive] == 0) lastPositive--;
        assertThat(SamplerKernels.draw(w, n, total * 1.01)).as("u past the end").isEqualTo(lastPositive);
        assertThat(SamplerKernels.drawScalar(w, n, total * 1.01)).isEqualTo(lastPositive);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 1001, 10000})
    void thresholdKernelsMatchScalarTwins(int n) {
        float[] x = logits(n, 3L * n);
        x[n - 1] = x[0];  // a tie, across the vector part and the tail for most sizes
        float[] w = new float[n];
        SamplerKernels.expShiftedScalar(x, SamplerKernels.maxScalar(x, n), 1f, w, n);
        long[] fast = new long[n];
        long[] slow = new long[n];
        for (float threshold : new float[] {Float.NEGATIVE_INFINITY, -3f, 0f, x[0], 5f, Float.POSITIVE_INFINITY}) {
            int count = SamplerKernels.countAtLeastScalar(x, n, threshold);
            assertThat(SamplerKernels.countAtLeast(x, n, threshold)).isEqualTo(count);
            double weight = SamplerKernels.weightAtLeastScalar(x, w, n, threshold);
            assertThat(SamplerKernels.weightAtLeast(x, w, n, threshold)).isCloseTo(weight, within(weight * n * 0x1p-24 + 1e-30));
            assertThat(SamplerKernels.collectAtLeast(x, n, threshold, fast)).isEqualTo(count);
            assertThat(SamplerKernels.collectAtLeastScalar(x, n, threshold, slow)).isEqualTo(count);
            assertThat(Arrays.copyOf(fast, count)).isEqualTo(Arrays.copyOf(slow, count));
        }
        assertThat(SamplerKernels.countAtLeast(x, n, Float.NEGATIVE_INFINITY)).isEqualTo(n);
        assertThat(SamplerKernels.countAtLeast(x, n, x[0])).isGreaterThanOrEqualTo(n == 1 ? 1 : 2);
    }

    @Test
    void packedKeysSortByDescendingLogitThenAscendingIndex() {
        float[] values = {3f, -0.5f, Float.NEGATIVE_INFINITY, 3f, 0f, -7f, 1e-30f, Float.MAX_VALUE, -0.5f};
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            keys[i] = SamplerKernels.pack(values[i], i);
        }
        Arrays.sort(keys);
        int[] order = Arrays.stream(keys).mapToInt(k -> (int) k).toArray();
        assertThat(order).containsExactly(7, 0, 3, 6, 4, 1, 8, 5, 2);
        assertThat((int) SamplerKernels.pack(1f, 9_999_999)).isEqualTo(9_999_999);
    }
}
