package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmCellTest {
    /** {rows, H}: odd widths for the vector tails, then PTB small and medium batches. */
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {2, 33}, {1, 1001}, {20, 200}, {20, 650}};

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (scale * (2 * r.nextDouble() - 1));
        return a;
    }

    @Test
    void vectorForwardAndBackwardEqualTheScalarTwinBitForBit() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int h = shape[1];
            int n = rows * h;
            int off = 3; // offsets must be honoured
            float[] gates = random(r, off + 4 * n, 4);
            float[] bias = random(r, off + 4 * h, 1);
            float[] cPrev = random(r, off + n, 2);
            float[] gates2 = gates.clone();
            float[] c = new float[off + n], c2 = new float[off + n];
            float[] tc = new float[off + n], tc2 = new float[off + n];
            float[] hv = new float[off + n], h2 = new float[off + n];
            LstmCell.forward(rows, h, bias, off, gates, off, cPrev, off, c, off, tc, off, hv, off);
            LstmCell.forwardScalar(rows, h, bias, off, gates2, off, cPrev, off, c2, off, tc2, off, h2, off);
            assertThat(gates).as("activations %s", (Object) shape).isEqualTo(gates2);
            assertThat(c).isEqualTo(c2);
            assertThat(tc).isEqualTo(tc2);
            assertThat(hv).isEqualTo(h2);

            float[] dh = random(r, off + n, 1);
            float[] dc = random(r, off + n, 1);
            float[] dc2 = dc.clone();
            float[] dBias = random(r, off + 4 * h, 1);
            float[] dBias2 = dBias.clone();
            LstmCell.backward(rows, h, gates, off, cPrev, off, tc, off, dh, off, dc, off, dBias, off);
            LstmCell.backwardScalar(rows, h, gates2, off, cPrev, off, tc2, off, dh, off, dc2, off, dBias2, off);
            assertThat(gates).as("gate gradients %s", (Object) shape).isEqualTo(gates2);
            assertThat(dc).isEqualTo(dc2);
            assertThat(dBias).isEqualTo(dBias2);
        }
    }

    @Test
    void forwardAndBackwardMatchTheDoublePrecisionFormulas() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 3;
        int h = 37;
        int n = rows * h;
        float[] z = random(r, 4 * n, 4);
        float[] bias = random(r, 4 * h, 1);
        float[] cPrev = random(r, n, 2);
        float[] gates = z.clone();
        float[] c = new float[n], tc = new float[n], hv = new float[n];
        LstmCell.forward(rows, h, bias, 0, gates, 0, cPrev, 0, c, 0, tc, 0, hv, 0);
        float[] dh = random(r, n, 1);
        float[] dcNext = random(r, n, 1);
        float[] dc = dcNext.clone();
        float[] dz = gates.clone();
        float[] dBias = new float[4 * h];
        LstmCell.backward(rows, h, dz, 0, cPrev, 0, tc, 0, dh, 0, dc, 0, dBias, 0);

        // The activations are within 3 ulp of exact (FloatMath), i.e. within 2e-7 absolute since
        // they lie in [-1, 1]; c = f·c_prev + i·g then carries about (|c_prev| + 2)·2e-7, and tanh(c)
        // and h add a few ulp more: 1e-6·(1 + |c_prev|) bounds them all with room to spare, while
        // any wrong gate, sign or bias would be off by 1e-2 or more.
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < h; j++) {
                int g = b * 4 * h + j;
                int s = b * h + j;
                double i = sigmoid(z[g] + bias[j]), f = sigmoid(z[g + h] + bias[h + j]);
                double gg = Math.tanh(z[g + 2 * h] + bias[2 * h + j]), o = sigmoid(z[g + 3 * h] + bias[3 * h + j]);
                double cv = f * cPrev[s] + i * gg;
                double t = Math.tanh(cv);
                double tol = 1e-6 * (1 + Math.abs(cPrev[s]));
                assertThat((double) gates[g]).isCloseTo(i, offset(tol));
                assertThat((double) gates[g + h]).isCloseTo(f, offset(tol));
                assertThat((double) gates[g + 2 * h]).isCloseTo(gg, offset(tol));
                assertThat((double) gates[g + 3 * h]).isCloseTo(o, offset(tol));
                assertThat((double) c[s]).isCloseTo(cv, offset(tol));
                assertThat((double) hv[s]).isCloseTo(o * t, offset(tol));

                double dcTotal = dcNext[s] + dh[s] * o * (1 - t * t);
                assertThat((double) dc[s]).isCloseTo(dcTotal * f, offset(tol));
                assertThat((double) dz[g]).isCloseTo(dcTotal * gg * i * (1 - i), offset(tol));
                assertThat((double) dz[g + h]).isCloseTo(dcTotal * cPrev[s] * f * (1 - f), offset(tol));
                assertThat((double) dz[g + 2 * h]).isCloseTo(dcTotal * i * (1 - gg * gg), offset(tol));
                assertThat((double) dz[g + 3 * h]).isCloseTo(dh[s] * t * o * (1 - o), offset(tol));
            }
        }
        for (int g = 0; g < 4 * h; g++) {
            double sum = 0;
            for (int b = 0; b < rows; b++) sum += dz[b * 4 * h + g];
            assertThat((double) dBias[g]).as("dBias is the column sum of dz").isCloseTo(sum, offset(1e-6));
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
