package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatVecTest {

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 1", "33, 7", "1001, 33", "17, 1001", "800, 200", "10000, 200", "2600, 650"})
    void matchesItsScalarTwinBitForBit(int n, int k) {
        float[] a = random(k + 3, 1);
        float[] b = random(n * (k + 2) + 5, 2);
        float[] c = random(n + 4, 3);
        float[] expected = c.clone();
        MatVec.ntScalar(0, n, k, 0.5f, a, 3, b, 5, k + 2, 1f, expected, 4);
        MatVec.nt(0, n, k, 0.5f, a, 3, b, 5, k + 2, 1f, c, 4, MatVec.newScratch());
        assertThat(c).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 7", "33, 1001", "800, 200", "10000, 200", "2600, 650"})
    void aOneRowProductGivesTheBitsOfThatRowInALargerProductOnOneOrTwoThreads(int n, int k) {
        float[] a = random(4 * k, 4); // row 0 is the one-row product's a
        float[] b = random(n * k, 5);
        float[] c0 = random(4 * n, 6);
        for (float beta : new float[] {0f, 1f}) {
            float[] four = c0.clone();
            new VectorGemm(WorkerPool.of(2)).nt(4, n, k, 1f, a, 0, k, b, 0, k, beta, four, 0, n);
            float[] expected = java.util.Arrays.copyOf(four, n);
            for (int threads = 1; threads <= 2; threads++) {
                float[] c = java.util.Arrays.copyOf(c0, n);
                new VectorGemm(WorkerPool.of(threads)).nt(1, n, k, 1f, a, 0, k, b, 0, k, beta, c, 0, n);
                assertThat(c).as("%d threads, beta %s", threads, beta).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"7, 33", "1001, 200"})
    void agreesWithTheScalarGemm(int n, int k) {
        float[] a = random(k, 7);
        float[] b = random(n * k, 8);
        float[] expected = new float[n];
        new ScalarGemm().nt(1, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
        float[] c = new float[n];
        MatVec.nt(0, n, k, 1f, a, 0, b, 0, k, 0f, c, 0, MatVec.newScratch());
        // float sums of k products of magnitude below 1, in two different orders
        for (int j = 0; j < n; j++) assertThat(c[j]).isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-6f * k));
    }
}
