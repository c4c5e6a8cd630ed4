package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackingTest {

    /**
     * rowsTransposed against its definition: dst[p·w + r] = src[min(r, rows − 1)·ld + p] in every
     * 16-lane group that starts below {@code rows}, 0 in the groups past it, nothing written past
     * the panel; steps in whole blocks of 16 go through the in-register transpose, the rest through
     * gathers.
     */
    @ParameterizedTest
    @CsvSource({"1, 1, 12", "5, 15, 12", "12, 16, 12", "12, 17, 12", "7, 47, 8", "8, 256, 8", "12, 256, 12",
            "16, 33, 32", "17, 64, 32", "32, 256, 32", "3, 16, 32", "32, 1, 32", "20, 650, 32"})
    void matchesItsDefinition(int rows, int kc, int w) {
        int ld = kc + 3, off = 5, dOff = 7;
        SplittableRandom r = new SplittableRandom(rows * 1000L + kc * 10L + w);
        float[] src = new float[off + rows * ld + 2];
        for (int i = 0; i < src.length; i++) src[i] = (float) r.nextDouble();
        float[] dst = new float[dOff + kc * w + 16];
        Arrays.fill(dst, Float.NaN);
        Packing.rowsTransposed(src, off, ld, rows, kc, w, dst, dOff, new int[MicroKernels.L], new float[512]);
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < w; i++) {
                int group = i / MicroKernels.L * MicroKernels.L;
                float want = group >= rows ? 0f : src[off + Math.min(i, rows - 1) * ld + p];
                assertThat(dst[dOff + p * w + i]).as("p=%d r=%d", p, i).isEqualTo(want);
            }
        }
        for (int i = 0; i < dOff; i++) assertThat(dst[i]).isNaN();
        for (int i = dOff + kc * w; i < dst.length; i++) assertThat(dst[i]).as("past the panel at %d", i).isNaN();
    }
}
