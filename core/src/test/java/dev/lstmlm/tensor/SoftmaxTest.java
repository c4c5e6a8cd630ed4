package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    /** Odd widths for the vector tails, and the PTB vocabulary. */
    private static final int[] SIZES = {1, 7, 33, 1001, 10000};
    private static final double U = 0x1.0p-24;

    private static float[] logits(SplittableRandom r, int n, double scale) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) z[i] = (float) (scale * r.nextGaussian());
        return z;
    }

    /**
     * The vector kernel sums the exponentials (each ≤ 1) in float lanes of m = ⌈n/lanes⌉ terms;
     * recursive summation errs by at most (m−1)·u relative (u = 2⁻²⁴), which the logarithm turns
     * into an absolute error of the loss; the twin sums in double. So |Δloss| ≤ m·u.
     */
    private static double lossBound(int n) {
        int m = (n + FloatMath.S.length() - 1) / FloatMath.S.length();
        return m * U;
    }

    @Test
    void vectorKernelsMatchTheScalarTwinsWithinTheSummationBound() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : SIZES) {
            int off = 2;
            float[] z = new float[off + n];
            System.arraycopy(logits(r, n, 3), 0, z, off, n);
            int target = n / 3;
            float scale = 0.05f;
            double loss = Softmax.crossEntropy(z, off, n, target);
            double twin = Softmax.crossEntropyScalar(z.clone(), off, n, target, null, 0);
            assertThat(loss).as("n=%d", n).isCloseTo(twin, offset(lossBound(n)));

            float[] g = z.clone();
            float[] g2 = z.clone();
            double lossG = Softmax.crossEntropyWithGradient(g, off, n, target, scale);
            double twinG = Softmax.crossEntropyWithGradientScalar(g2, off, n, target, scale, null, 0, null, 0);
            assertThat(lossG).isEqualTo(loss);
            assertThat(twinG).isEqualTo(twin);
            // gⱼ = scale·eⱼ/S rounded: the relative error of S (m·u) plus that of the scale factor k
            // and of the product (2u) bound |Δgⱼ|; the target also rounds the subtraction of scale.
            double rel = lossBound(n) + 3 * U;
            for (int j = 0; j < n; j++) {
                double p = g2[off + j] + (j == target ? scale : 0);
                double tol = rel * Math.abs(p) + (j == target ? Math.ulp(scale) : Float.MIN_NORMAL);
                assertThat((double) g[off + j]).as("n=%d j=%d", n, j).isCloseTo(g2[off + j], offset(tol));
            }
            assertThat(g[0]).isEqualTo(z[0]);
        }
    }

    @Test
    void theFusedBiasEqualsAddingItFirstAndItsGradientIsTheRowGradient() {
        SplittableRandom r = new SplittableRandom(13);
        for (int n : SIZES) {
            float[] z = logits(r, n, 3);
            float[] bias = new float[n + 1];
            System.arraycopy(logits(r, n, 1), 0, bias, 1, n);
            float[] plain = z.clone();
            for (int j = 0; j < n; j++) plain[j] += bias[1 + j];
            int target = (2 * n) / 3;

            float[] fused = z.clone();
            assertThat(Softmax.crossEntropy(fused, 0, n, target, bias, 1)).isEqualTo(Softmax.crossEntropy(plain, 0, n, target));
            assertThat(fused).as("the logits are left in z").isEqualTo(plain);

            float[] g = z.clone();
            float[] dBias = new float[n + 2];
            double loss = Softmax.crossEntropyWithGradient(g, 0, n, target, 0.5f, bias, 1, dBias, 2);
            float[] want = plain.clone();
            assertThat(loss).isEqualTo(Softmax.crossEntropyWithGradient(want, 0, n, target, 0.5f));
            assertThat(g).isEqualTo(want);
            for (int j = 0; j < n; j++) assertThat(dBias[2 + j]).isEqualTo(want[j]);

            float[] twin = z.clone();
            float[] dTwin = new float[n + 2];
            double twinLoss = Softmax.crossEntropyWithGradientScalar(twin, 0, n, target, 0.5f, bias, 1, dTwin, 2);
            assertThat(twinLoss).isCloseTo(loss, offset(lossBound(n)));
            for (int j = 0; j < n; j++) {
                double tol = (lossBound(n) + 3 * U) * Math.abs(twin[j] + (j == target ? 0.5 : 0)) + (j == target ? Math.ulp(0.5f) : Float.MIN_NORMAL);
                assertThat((double) dBias[2 + j]).isCloseTo(dTwin[2 + j], offset(tol));
            }
            float[] twinLogits = z.clone();
            assertThat(Softmax.crossEntropyScalar(twinLogits, 0, n, target, bias, 1)).isCloseTo(loss, offset(lossBound(n)));
            assertThat(twinLogits).isEqualTo(plain);
        }
    }

    @Test
    void lossAndGradientMatchADoublePrecisionSoftmax() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : SIZES) {
            float[] z = logits(r, n, 4);
            int target = n - 1;
            float scale = 1.5f;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : z) max = Math.max(max, v);
            double sum = 0;
            for (float v : z) sum += Math.exp(v - max);
            double want = Math.log(sum) + max - z[target];
            float[] g = z.clone();
            double loss = Softmax.crossEntropyWithGradient(g, 0, n, target, scale);
            // Each exponential errs by 1.5 ulp (≤ 3u relative) plus the rounding of its float
            // argument zⱼ − max (|zⱼ − max|·u/2 absolute, the same relative error after exp); the
            // float lane sum adds m·u: see lossBound.
            double argumentError = 0;
            for (float v : z) argumentError += Math.exp(v - max) / sum * Math.abs(v - max) * U;
            assertThat(loss).as("n=%d", n).isCloseTo(want, offset(lossBound(n) + 4 * U + argumentError));
            double gradSum = 0;
            for (int j = 0; j < n; j++) {
                double p = Math.exp(z[j] - max) / sum;
                double expect = scale * (p - (j == target ? 1 : 0));
                double rel = lossBound(n) + 6 * U + argumentError + Math.abs(z[j] - max) * U;
                assertThat((double) g[j]).isCloseTo(expect, offset(scale * (rel * p + (j == target ? U : 0))));
                gradSum += g[j];
            }
            assertThat(gradSum).isCloseTo(0, offset(1e-5 * scale));
        }
    }

    @Test
    void hugeLogitsStayFinite() {
        float[] z = {1000f, 0f, -1000f, 913f};
        assertThat(Softmax.crossEntropy(z, 0, 4, 0)).isEqualTo(0.0);
        assertThat(Softmax.crossEntropy(z, 0, 4, 2)).isCloseTo(2000.0, offset(1e-9));
        float[] g = z.clone();
        double loss = Softmax.crossEntropyWithGradient(g, 0, 4, 1, 1f);
        assertThat(loss).isCloseTo(1000.0, offset(1e-9));
        assertThat(g).containsExactly(1f, -1f, 0f, 0f);
    }

    @Test
    void uniformLogitsGiveLogV() {
        int n = 10000;
        float[] z = new float[n];
        java.util.Arrays.fill(z, 7.25f);
        assertThat(Softmax.crossEntropy(z, 0, n, 123)).isCloseTo(Math.log(n), offset(1e-12));
    }
}
