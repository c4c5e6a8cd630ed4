package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.VectorShape;
import org.junit.jupiter.api.Test;

class SimdTest {
    @Test
    void usesTheForcedWidthOrTheMachinesPreferredOne() {
        String forced = System.getProperty(Simd.PROPERTY);
        int expected = forced == null ? Math.max(128, VectorShape.preferredShape().vectorBitSize()) : Integer.parseInt(forced);
        assertThat(Simd.bits()).isEqualTo(expected);
        assertThat(Simd.FLOATS.vectorBitSize()).isEqualTo(expected);
        assertThat(Simd.DOUBLES.vectorBitSize()).isEqualTo(expected);
        assertThat(Simd.INTS.length()).isEqualTo(Simd.FLOATS.length());
        assertThat(Simd.LONGS.length() * 2).isEqualTo(Simd.FLOATS.length());
    }

    @Test
    void everyKernelUsesTheOneWidth() {
        assertThat(MicroKernels.S).isSameAs(Simd.FLOATS);
        assertThat(FloatMath.S).isSameAs(Simd.FLOATS);
        assertThat(MicroKernels.NR).isEqualTo(2 * Simd.FLOATS.length());
    }

    @Test
    void foldSlotsAreAPermutationOfTheSixteenTotals() {
        boolean[] seen = new boolean[16];
        for (int e = 0; e < 16; e++) {
            int s = LaneFold.slot(e);
            assertThat(s).isBetween(0, 15);
            assertThat(seen[s]).as("slot %d used twice", s).isFalse();
            seen[s] = true;
        }
    }
}
