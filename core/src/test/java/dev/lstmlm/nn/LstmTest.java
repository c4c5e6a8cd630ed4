package dev.lstmlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.GradCheck;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmTest {
    private static final int T = 4;
    private static final int B = 3;
    private static final int H = 5;
    private static final float FORGET_BIAS = 1f;
    /**
     * The analytic gradients are computed in float (unit roundoff u = 6e-8) and compared with exact
     * ones; the worst observed error is 1.5e-7 (about 2u) in the GradCheck metric, so 2e-6 leaves
     * ten times that as margin, while a wrong index, gate or missing term errs by 1e-2 or more.
     */
    static final double RTOL = 2e-6;

    /** Parameters of layers with the given input widths, uniform in ±0.5, in PyTorch's order. */
    static ParameterStore store(int... inputs) {
        ParameterStore.Builder b = ParameterStore.builder();
        for (int k = 0; k < inputs.length; k++) {
            b.add("rnn.weight_ih_l" + k, 4 * H, inputs[k]);
            b.add("rnn.weight_hh_l" + k, 4 * H, H);
            b.add("rnn.bias_ih_l" + k, 4 * H);
            b.add("rnn.bias_hh_l" + k, 4 * H);
        }
        ParameterStore p = b.build();
        SplittableRandom r = new SplittableRandom(inputs.length * 31L + inputs[0]);
        for (int i = 0; i < p.size(); i++) p.values()[i] = (float) (r.nextDouble() - 0.5);
        return p;
    }

    static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (scale * (2 * r.nextDouble() - 1));
        return a;
    }

    /**
     * The textbook LSTM in double, weights read from theta at wOff in PyTorch's layout:
     * x (T,B,in) → {h (T,B,H), h after the last step (B,H), c after the last step (B,H)}.
     */
    static double[][] reference(double[] theta, int wOff, int in, double[] x, double[] h0, double[] c0) {
        int wih = wOff;
        int whh = wih + 4 * H * in;
        int bih = whh + 4 * H * H;
        int bhh = bih + 4 * H;
        double[] h = h0.clone();
        double[] c = c0.clone();
        double[] hs = new double[T * B * H];
        for (int t = 0; t < T; t++) {
            double[] hn = new double[B * H];
            double[] cn = new double[B * H];
            for (int b = 0; b < B; b++) {
                double[] z = new double[4 * H];
                for (int g = 0; g < 4 * H; g++) {
                    double s = theta[bih + g] + theta[bhh + g];
                    for (int i = 0; i < in; i++) s += theta[wih + g * in + i] * x[(t * B + b) * in + i];
                    for (int j = 0; j < H; j++) s += theta[whh + g * H + j] * h[b * H + j];
                    z[g] = s;
                }
                for (int j = 0; j < H; j++) {
                    double ig = sigmoid(z[j]);
                    double fg = sigmoid(z[H + j] + FORGET_BIAS);
                    double gg = Math.tanh(z[2 * H + j]);
                    double og = sigmoid(z[3 * H + j]);
                    cn[b * H + j] = fg * c[b * H + j] + ig * gg;
                    hn[b * H + j] = og * Math.tanh(cn[b * H + j]);
                }
            }
            h = hn;
            c = cn;
            System.arraycopy(h, 0, hs, t * B * H, B * H);
        }
        return new double[][] {hs, h, c};
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    static double dot(double[] a, float[] r) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * r[i];
        return s;
    }

    @Test
    void gradientsOverAWindowWithACarriedStateMatchFiniteDifferences() {
        int in = 4;
        SplittableRandom r = new SplittableRandom(1);
        ParameterStore p = store(in);
        Lstm lstm = new Lstm(p, 0, FORGET_BIAS, Compute.of(Kernels.scalar(), 1));
        float[] x = random(r, T * B * in, 1);
        float[] h0 = random(r, B * H, 0.8);
        float[] c0 = random(r, B * H, 1.5);
        float[] weights = random(r, T * B * H, 1); // loss = Σ weights ⊙ h
        LstmCache cache = new LstmCache(H, T * B, B);
        lstm.forward(x, 0, T, B, h0, c0, 0, cache);

        double[] theta = concat(GradCheck.toDouble(p.values()), GradCheck.toDouble(x));
        int xOff = p.size();
        double[][] ref = reference(theta, 0, in, Arrays.copyOfRange(theta, xOff, theta.length), GradCheck.toDouble(h0), GradCheck.toDouble(c0));
        for (int i = 0; i < T * B * H; i++) {
            assertThat((double) cache.output()[cache.outputOffset(B) + i]).isCloseTo(ref[0][i], offset(1e-6));
        }
        float[] hT = new float[B * H];
        float[] cT = new float[B * H];
        cache.copyFinalState(T, B, hT, cT, 0);
        for (int i = 0; i < B * H; i++) {
            assertThat((double) hT[i]).isCloseTo(ref[1][i], offset(1e-6));
            assertThat((double) cT[i]).isCloseTo(ref[2][i], offset(1e-6));
        }

        float[] dx = new float[T * B * in];
        lstm.backward(weights.clone(), 0, x, 0, dx, 0, T, B, cache);
        double[] numeric = GradCheck.centralDifferences(th -> dot(reference(th, 0, in, Arrays.copyOfRange(th, xOff, th.length),
                GradCheck.toDouble(h0), GradCheck.toDouble(c0))[0], weights), theta);
        checkLayer(p, 0, numeric, 0);
        GradCheck.assertClose("dx", dx, 0, numeric, xOff, dx.length, RTOL);
    }

    @Test
    void oneHotInputGathersColumnsAndScatterAddsTheirGradient() {
        int vocab = 7;
        SplittableRandom r = new SplittableRandom(2);
        ParameterStore p = store(vocab);
        Lstm lstm = new Lstm(p, 0, FORGET_BIAS, Compute.of(Kernels.scalar(), 1));
        int[] tokens = {3, 0, 6, 3, 3, 1, 2, 6, 0, 5, 4, 3};
        double[] oneHot = new double[T * B * vocab];
        for (int i = 0; i < tokens.length; i++) oneHot[i * vocab + tokens[i]] = 1;
        float[] h0 = random(r, B * H, 0.8);
        float[] c0 = random(r, B * H, 1.5);
        float[] weights = random(r, T * B * H, 1);
        LstmCache cache = new LstmCache(H, T * B, B);
        lstm.forwardOneHot(tokens, 0, T, B, h0, c0, 0, cache);
        double[] theta = GradCheck.toDouble(p.values());
        double[][] ref = reference(theta, 0, vocab, oneHot, GradCheck.toDouble(h0), GradCheck.toDouble(c0));
        for (int i = 0; i < T * B * H; i++) {
            assertThat((double) cache.output()[cache.outputOffset(B) + i]).isCloseTo(ref[0][i], offset(1e-6));
        }
        lstm.backwardOneHot(weights.clone(), 0, tokens, 0, T, B, cache);
        double[] numeric = GradCheck.centralDifferences(th -> dot(reference(th, 0, vocab, oneHot,
                GradCheck.toDouble(h0), GradCheck.toDouble(c0))[0], weights), theta);
        checkLayer(p, 0, numeric, 0);
        assertThatThrownBy(() -> lstm.forwardOneHot(new int[] {7}, 0, 1, 1, h0, c0, 0, cache))
                .hasMessageContaining("token id 7 is outside");
    }

    @Test
    void stackedLayersBackpropagateIntoTheLowerLayerAndTheInput() {
        int in = 3;
        SplittableRandom r = new SplittableRandom(3);
        ParameterStore p = store(in, H);
        Lstm lower = new Lstm(p, 0, FORGET_BIAS, Compute.of(Kernels.scalar(), 1));
        Lstm upper = new Lstm(p, 1, FORGET_BIAS, Compute.of(Kernels.scalar(), 1));
        float[] x = random(r, T * B * in, 1);
        float[] h0 = random(r, 2 * B * H, 0.8);
        float[] c0 = random(r, 2 * B * H, 1.5);
        float[] weights = random(r, T * B * H, 1);
        LstmCache c1 = new LstmCache(H, T * B, B);
        LstmCache c2 = new LstmCache(H, T * B, B);
        lower.forward(x, 0, T, B, h0, c0, 0, c1);
        upper.forward(c1.output(), c1.outputOffset(B), T, B, h0, c0, B * H, c2);
        float[] dMid = new float[T * B * H];
        float[] dx = new float[T * B * in];
        upper.backward(weights.clone(), 0, c1.output(), c1.outputOffset(B), dMid, 0, T, B, c2);
        lower.backward(dMid, 0, x, 0, dx, 0, T, B, c1);

        double[] theta = concat(GradCheck.toDouble(p.values()), GradCheck.toDouble(x));
        int xOff = p.size();
        int upperOff = p.view("rnn.weight_ih_l1").offset();
        double[] h0d = GradCheck.toDouble(h0);
        double[] c0d = GradCheck.toDouble(c0);
        GradCheck.Fn f = th -> {
            double[] mid = reference(th, 0, in, Arrays.copyOfRange(th, xOff, th.length),
                    Arrays.copyOfRange(h0d, 0, B * H), Arrays.copyOfRange(c0d, 0, B * H))[0];
            double[] top = reference(th, upperOff, H, mid, Arrays.copyOfRange(h0d, B * H, 2 * B * H), Arrays.copyOfRange(c0d, B * H, 2 * B * H))[0];
            return dot(top, weights);
        };
        double[] numeric = GradCheck.centralDifferences(f, theta);
        checkLayer(p, 0, numeric, 0);
        checkLayer(p, 1, numeric, 0);
        GradCheck.assertClose("dx", dx, 0, numeric, xOff, dx.length, RTOL);
    }

    @Test
    void backwardAddsIntoTheGradientsInsteadOfOverwritingThem() {
        int in = 2;
        SplittableRandom r = new SplittableRandom(4);
        ParameterStore p = store(in);
        Lstm lstm = new Lstm(p, 0, FORGET_BIAS, Compute.of(Kernels.scalar(), 1));
        float[] x = random(r, T * B * in, 1);
        float[] h0 = random(r, B * H, 1);
        float[] c0 = random(r, B * H, 1);
        float[] dh = random(r, T * B * H, 1);
        LstmCache cache = new LstmCache(H, T * B, B);
        lstm.forward(x, 0, T, B, h0, c0, 0, cache);
        lstm.backward(dh.clone(), 0, x, 0, null, 0, T, B, cache);
        float[] once = p.grads().clone();
        lstm.forward(x, 0, T, B, h0, c0, 0, cache);
        lstm.backward(dh.clone(), 0, x, 0, null, 0, T, B, cache);
        for (int i = 0; i < once.length; i++) {
            assertThat(p.grads()[i]).isCloseTo(2 * once[i], offset(1e-6f * (1 + Math.abs(once[i]))));
        }
        assertThat(once).isNotEqualTo(new float[once.length]);
    }

    @Test
    void aCacheTooSmallForTheWindowIsRejected() {
        ParameterStore p = store(2);
        Lstm lstm = new Lstm(p, 0, 0f, Compute.of(Kernels.scalar(), 1));
        LstmCache cache = new LstmCache(H, 4, 2);
        assertThatThrownBy(() -> lstm.forward(new float[30], 0, 3, 2, new float[2 * H], new float[2 * H], 0, cache))
                .hasMessageContaining("does not fit 3 steps of 2 rows");
    }

    private static void checkLayer(ParameterStore p, int layer, double[] numeric, int base) {
        for (String name : new String[] {"rnn.weight_ih_l", "rnn.weight_hh_l", "rnn.bias_ih_l", "rnn.bias_hh_l"}) {
            ParameterStore.View v = p.view(name + layer);
            GradCheck.assertClose(v.name(), p.grads(), v.offset(), numeric, base + v.offset(), v.size(), RTOL);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
