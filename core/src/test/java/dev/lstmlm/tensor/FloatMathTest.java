package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class FloatMathTest {
    private static final int[] SIZES = {1, 7, 33, 1001};

    interface VectorFn {
        FloatVector apply(FloatVector v);
    }

    interface ScalarFn {
        float apply(float x);
    }

    /** Largest error in ulps of f against the double-precision exact function, over a float grid in [lo, hi]. */
    private static double maxUlpError(ScalarFn f, DoubleUnaryOperator exact, float lo, float hi) {
        double worst = 0;
        for (int sign = 0; sign < 2; sign++) {
            // Every 1009th float bit pattern: all binades, about 2 million points.
            for (int bits = 0; bits < 0x7f800000; bits += 1009) {
                float x = Float.intBitsToFloat(bits | (sign << 31));
                if (x < lo || x > hi) continue;
                double want = exact.applyAsDouble(x);
                worst = Math.max(worst, Math.abs(f.apply(x) - want) / Math.ulp((float) want));
            }
        }
        return worst;
    }

    @Test
    void expIsWithinOneAndAHalfUlp() {
        assertThat(maxUlpError(FloatMath::exp, Math::exp, -86f, 88f)).isLessThan(1.5);
    }

    @Test
    void tanhIsWithinTwoUlp() {
        assertThat(maxUlpError(FloatMath::tanh, Math::tanh, -90f, 90f)).isLessThan(2.0);
    }

    @Test
    void sigmoidIsWithinThreeUlp() {
        assertThat(maxUlpError(FloatMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -80f, 90f)).isLessThan(3.0);
    }

    @Test
    void edgeValuesStayFiniteAndExact() {
        assertThat(FloatMath.exp(0f)).isEqualTo(1f);
        assertThat(FloatMath.exp(-86.5f)).isZero();
        assertThat(FloatMath.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(FloatMath.exp(-85.9f)).isCloseTo((float) Math.exp(-85.9f), offset(2 * Math.ulp((float) Math.exp(-85.9f))));
        assertThat(FloatMath.exp(1e4f)).isFinite();
        assertThat(FloatMath.tanh(0f)).isEqualTo(0f);
        assertThat(FloatMath.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(FloatMath.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(FloatMath.tanh(-1e-30f)).isEqualTo(-1e-30f);
        assertThat(FloatMath.sigmoid(0f)).isEqualTo(0.5f);
        assertThat(FloatMath.sigmoid(1e4f)).isEqualTo(1f);
        assertThat(FloatMath.sigmoid(-1e4f)).isEqualTo(FloatMath.sigmoid(-80f)).isGreaterThanOrEqualTo(Float.MIN_NORMAL);
        assertThat(FloatMath.exp(Float.NaN)).isNaN();
        assertThat(FloatMath.tanh(Float.NaN)).isNaN();
        assertThat(FloatMath.sigmoid(Float.NaN)).isNaN();
    }

    @Test
    void vectorFunctionsEqualTheirScalarTwinsBitForBit() {
        check(FloatMath::exp, FloatMath::exp);
        check(FloatMath::tanh, FloatMath::tanh);
        check(FloatMath::sigmoid, FloatMath::sigmoid);
    }

    private static void check(VectorFn vf, ScalarFn sf) {
        SplittableRandom r = new SplittableRandom(7);
        int lanes = FloatMath.S.length();
        for (int n : SIZES) {
            int padded = (n + lanes - 1) / lanes * lanes;
            float[] x = new float[padded];
            for (int i = 0; i < padded; i++) {
                double scale = i % 3 == 0 ? 0.5 : i % 3 == 1 ? 5 : 100;
                x[i] = (float) (scale * (2 * r.nextDouble() - 1));
            }
            float[] got = new float[padded];
            for (int i = 0; i < padded; i += lanes) vf.apply(FloatVector.fromArray(FloatMath.S, x, i)).intoArray(got, i);
            for (int i = 0; i < padded; i++) {
                assertThat(Float.floatToRawIntBits(got[i])).as("x=%s", x[i]).isEqualTo(Float.floatToRawIntBits(sf.apply(x[i])));
            }
        }
    }
}
