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

class DecoderTest {
    private static final int V = 11;
    private static final int H = 4;
    private static final int N = 6;
    private static final int[] TARGETS = {0, 10, 5, 5, 2, 7};

    private static ParameterStore store() {
        ParameterStore p = ParameterStore.builder().add("decoder.weight", V, H).add("decoder.bias", V).build();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < p.size(); i++) p.values()[i] = (float) (2 * r.nextDouble() - 1);
        return p;
    }

    /** theta = parameters then x (N,H); returns the logits (N,V) in double. */
    private static double[] logits(double[] theta, int params, int bias) {
        double[] z = new double[N * V];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < V; o++) {
                double s = theta[bias + o];
                for (int i = 0; i < H; i++) s += theta[o * H + i] * theta[params + n * H + i];
                z[n * V + o] = s;
            }
        }
        return z;
    }

    private static double crossEntropy(double[] z) {
        double s = 0;
        for (int r = 0; r < N; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < V; j++) max = Math.max(max, z[r * V + j]);
            double sum = 0;
            for (int j = 0; j < V; j++) sum += Math.exp(z[r * V + j] - max);
            s += Math.log(sum) + max - z[r * V + TARGETS[r]];
        }
        return s;
    }

    @Test
    void logitsLossAndGradientsMatchADoublePrecisionReference() {
        ParameterStore p = store();
        Decoder d = new Decoder(p, "decoder.weight", "decoder.bias", Compute.of(Kernels.scalar(), 1));
        float[] x = LstmTest.random(new SplittableRandom(2), N * H, 1.5);
        double[] theta = Arrays.copyOf(GradCheck.toDouble(p.values()), p.size() + x.length);
        for (int i = 0; i < x.length; i++) theta[p.size() + i] = x[i];
        int bias = p.view("decoder.bias").offset();
        double[] want = logits(theta, p.size(), bias);

        float[] out = new float[N * V];
        d.logits(out, 0, x, 0, N);
        for (int i = 0; i < out.length; i++) assertThat((double) out[i]).isCloseTo(want[i], offset(1e-6));
        float[] z = new float[N * V];
        double loss = d.loss(z, 0, x, 0, TARGETS, 0, N);
        assertThat(loss).isCloseTo(crossEntropy(want), offset(1e-5));
        assertThat(z).as("loss leaves the logits in z").isEqualTo(out);

        float scale = 0.25f;
        assertThat(d.lossAndGradient(z, 0, x, 0, TARGETS, 0, N, scale)).isEqualTo(loss);
        float[] dx = new float[N * H];
        d.backward(dx, 0, z, 0, x, 0, N);
        double[] numeric = GradCheck.centralDifferences(th -> scale * crossEntropy(logits(th, p.size(), bias)), theta);
        GradCheck.assertClose("decoder.weight", p.grads(), 0, numeric, 0, V * H, LstmTest.RTOL);
        GradCheck.assertClose("decoder.bias", p.grads(), bias, numeric, bias, V, LstmTest.RTOL);
        GradCheck.assertClose("dx", dx, 0, numeric, p.size(), dx.length, LstmTest.RTOL);
    }

    @Test
    void gradientsAreAddedNeverOverwritten() {
        ParameterStore p = store();
        Decoder d = new Decoder(p, "decoder.weight", "decoder.bias", Compute.of(Kernels.scalar(), 1));
        float[] x = LstmTest.random(new SplittableRandom(3), N * H, 1);
        float[] z = new float[N * V];
        float[] dx = new float[N * H];
        d.lossAndGradient(z, 0, x, 0, TARGETS, 0, N, 1f);
        d.backward(dx, 0, z, 0, x, 0, N);
        float[] once = p.grads().clone();
        float[] dxOnce = dx.clone();
        d.lossAndGradient(z, 0, x, 0, TARGETS, 0, N, 1f);
        d.backward(dx, 0, z, 0, x, 0, N);
        for (int i = 0; i < once.length; i++) assertThat(p.grads()[i]).isCloseTo(2 * once[i], offset(1e-6f));
        for (int i = 0; i < dx.length; i++) assertThat(dx[i]).isCloseTo(2 * dxOnce[i], offset(1e-6f));
    }

    @Test
    void rowBlocksShareTheThreadsAndGiveTheSameBitsOnOneOrTwo() {
        int v = 1000, h = 64, n = 203; // more rows than blocks, not a multiple of them
        float[][] grads = new float[2][];
        float[][] dz = new float[2][];
        double[] loss = new double[2];
        for (int threads = 1; threads <= 2; threads++) {
            ParameterStore p = ParameterStore.builder().add("decoder.weight", v, h).add("decoder.bias", v).build();
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < p.size(); i++) p.values()[i] = (float) (2 * r.nextDouble() - 1);
            Decoder d = new Decoder(p, "decoder.weight", "decoder.bias", dev.lstmlm.tensor.Compute.create(threads));
            float[] x = LstmTest.random(new SplittableRandom(6), n * h, 1);
            int[] targets = new int[n];
            for (int i = 0; i < n; i++) targets[i] = r.nextInt(v);
            float[] z = new float[n * v];
            double evalLoss = d.loss(z, 0, x, 0, targets, 0, n);
            loss[threads - 1] = d.lossAndGradient(z, 0, x, 0, targets, 0, n, 0.5f);
            assertThat(loss[threads - 1]).isEqualTo(evalLoss);
            grads[threads - 1] = p.grads().clone();
            dz[threads - 1] = z;
            // the bias gradient is the column sum of dz
            int bias = p.view("decoder.bias").offset();
            for (int j = 0; j < v; j += 97) {
                double s = 0;
                for (int i = 0; i < n; i++) s += z[i * v + j];
                assertThat((double) p.grads()[bias + j]).isCloseTo(s, offset(1e-5));
            }
        }
        assertThat(loss[1]).isEqualTo(loss[0]);
        assertThat(grads[1]).isEqualTo(grads[0]);
        assertThat(dz[1]).isEqualTo(dz[0]);
    }

    @Test
    void targetsOutsideTheVocabularyAreRejected() {
        Decoder d = new Decoder(store(), "decoder.weight", "decoder.bias", Compute.of(Kernels.scalar(), 1));
        assertThatThrownBy(() -> d.loss(new float[V], 0, new float[H], 0, new int[] {V}, 0, 1)).hasMessageContaining("target 11 is outside");
    }
}
