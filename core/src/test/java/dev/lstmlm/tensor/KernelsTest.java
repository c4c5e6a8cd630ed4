package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two sets of kernels through the {@link Kernels} interface, method by method: each vector
 * method and its scalar twin compute the same function, with the same bits where the twins promise
 * it. The tight bounds of the rounding-dependent ones are in each kernel's own test (SoftmaxTest,
 * VectorOpsTest, SamplerKernelsTest); here 1e-5 relative only checks that both sets are wired to
 * the right kernel (a wrong one errs by far more).
 */
class KernelsTest {
    private static final int[] SIZES = {1, 7, 33, 1001};
    private static final Kernels V = Kernels.vector();
    private static final Kernels S = Kernels.scalar();

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (scale * (2 * r.nextDouble() - 1));
        return a;
    }

    @Test
    void theSetsAreNamedAndMultiplyWithTheirOwnGemm() {
        assertThat(V.name()).isEqualTo("vector-" + Simd.bits());
        assertThat(S.name()).isEqualTo("scalar");
        assertThat(V.gemm(WorkerPool.of(1))).isInstanceOf(VectorGemm.class);
        assertThat(S.gemm(WorkerPool.of(2))).isInstanceOf(ScalarGemm.class);
    }

    @Test
    void theLstmCellAndTheElementwiseLoopsGiveTheSameBits() {
        SplittableRandom r = new SplittableRandom(1);
        for (int h : SIZES) {
            int rows = 2, n = rows * h;
            float[] gates = random(r, 4 * n, 4), gates2 = gates.clone();
            float[] bias = random(r, 4 * h, 1), cPrev = random(r, n, 2);
            float[][] out = new float[6][n];
            V.lstmForward(rows, h, bias, 0, gates, 0, cPrev, 0, out[0], 0, out[1], 0, out[2], 0);
            S.lstmForward(rows, h, bias, 0, gates2, 0, cPrev, 0, out[3], 0, out[4], 0, out[5], 0);
            assertThat(gates).isEqualTo(gates2);
            assertThat(out[0]).isEqualTo(out[3]);
            assertThat(out[2]).isEqualTo(out[5]);
            float[] dh = random(r, n, 1), dc = random(r, n, 1), dc2 = dc.clone();
            float[] dBias = new float[4 * h], dBias2 = new float[4 * h];
            V.lstmBackward(rows, h, gates, 0, cPrev, 0, out[1], 0, dh, 0, dc, 0, dBias, 0);
            S.lstmBackward(rows, h, gates2, 0, cPrev, 0, out[4], 0, dh, 0, dc2, 0, dBias2, 0);
            assertThat(gates).isEqualTo(gates2);
            assertThat(dc).isEqualTo(dc2);
            assertThat(dBias).isEqualTo(dBias2);

            float[] a = random(r, n, 1), b = random(r, n, 1), p = new float[n], q = new float[n];
            V.mul(n, a, 0, b, 0, p, 0);
            S.mul(n, a, 0, b, 0, q, 0);
            assertThat(p).isEqualTo(q);
            V.addTo(n, a, 0, p, 0);
            S.addTo(n, a, 0, q, 0);
            assertThat(p).isEqualTo(q);
            V.axpy(n, -0.3f, a, 0, p, 0);
            S.axpy(n, -0.3f, a, 0, q, 0);
            assertThat(p).isEqualTo(q);

            SplitMix64 r1 = new SplitMix64(h), r2 = new SplitMix64(h);
            V.dropoutMask(p, 0, n, 0.6f, r1);
            S.dropoutMask(q, 0, n, 0.6f, r2);
            assertThat(p).isEqualTo(q);
            assertThat(r1.state()).isEqualTo(r2.state());
        }
    }

    @Test
    void theOptimizerPassesAgree() {
        SplittableRandom r = new SplittableRandom(2);
        for (int n : SIZES) {
            float[] g = random(r, n, 1);
            assertThat(V.sumOfSquares(n, g, 0)).isCloseTo(S.sumOfSquares(n, g, 0), offset(1e-12 * n));
            float[] w = random(r, n, 1), m = random(r, n, 0.1), v = random(r, n, 0.1);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[] w2 = w.clone(), m2 = m.clone(), v2 = v.clone();
            V.adam(n, w, g, m, v, 0.5f, 0.9f, 0.999f, 0.01f, 1.2f, 1e-8f);
            S.adam(n, w2, g, m2, v2, 0.5f, 0.9f, 0.999f, 0.01f, 1.2f, 1e-8f);
            assertThat(w).isEqualTo(w2);
            assertThat(m).isEqualTo(m2);
            assertThat(v).isEqualTo(v2);
        }
    }

    @Test
    void theSoftmaxCrossEntropiesAgreeToRounding() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : SIZES) {
            float[] z = random(r, n, 5), bias = random(r, n, 1);
            int target = n / 2;
            float[] z2 = z.clone();
            double loss = V.crossEntropy(z, 0, n, target, bias, 0);
            assertThat(loss).isCloseTo(S.crossEntropy(z2, 0, n, target, bias, 0), offset(1e-5 * (1 + Math.abs(loss))));
            float[] g = random(r, n, 5), g2 = g.clone(), dBias = new float[n], dBias2 = new float[n];
            loss = V.crossEntropyWithGradient(g, 0, n, target, 0.5f, bias, 0, dBias, 0);
            double twin = S.crossEntropyWithGradient(g2, 0, n, target, 0.5f, bias, 0, dBias2, 0);
            assertThat(loss).isCloseTo(twin, offset(1e-5 * (1 + Math.abs(loss))));
            for (int j = 0; j < n; j++) {
                assertThat(g[j]).isCloseTo(g2[j], offset(1e-6f));
                assertThat(dBias[j]).isCloseTo(dBias2[j], offset(1e-6f));
            }
        }
    }

    @Test
    void theSamplerPassesAgree() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : SIZES) {
            float[] x = random(r, n, 4);
            float max = V.max(x, n);
            assertThat(max).isEqualTo(S.max(x, n));
            float[] w = new float[n], w2 = new float[n];
            double sum = V.expShifted(x, max, 0.8f, w, n);
            assertThat(sum).isCloseTo(S.expShifted(x, max, 0.8f, w2, n), offset(1e-5 * sum));
            // The draw on the same weights: a point well inside the token's interval.
            int token = n / 3;
            double before = 0;
            for (int i = 0; i < token; i++) before += w2[i];
            double u = before + w2[token] / 2;
            assertThat(V.draw(w2, n, u)).isEqualTo(S.draw(w2, n, u));
            if (w2[token] > 0) assertThat(S.draw(w2, n, u)).isEqualTo(token);
            float threshold = max - 2f;
            assertThat(V.countAtLeast(x, n, threshold)).isEqualTo(S.countAtLeast(x, n, threshold));
            assertThat(V.weightAtLeast(x, w2, n, threshold)).isCloseTo(S.weightAtLeast(x, w2, n, threshold), offset(1e-5 * sum));
            long[] k = new long[n], k2 = new long[n];
            int size = V.collectAtLeast(x, n, threshold, k);
            assertThat(size).isEqualTo(S.collectAtLeast(x, n, threshold, k2));
            assertThat(java.util.Arrays.copyOf(k, size)).isEqualTo(java.util.Arrays.copyOf(k2, size));
        }
    }
}
