package dev.lstmlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.GradCheck;
import dev.lstmlm.tensor.ScalarGemm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearTest {
    private static final int OUT = 7;
    private static final int IN = 4;
    private static final int N = 5;

    @Test
    void forwardAndBackwardMatchADoubleReference() {
        ParameterStore p = ParameterStore.builder().add("decoder.weight", OUT, IN).add("decoder.bias", OUT).build();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < p.size(); i++) p.values()[i] = (float) (r.nextDouble() - 0.5);
        float[] x = LstmTest.random(r, N * IN, 1);
        float[] weights = LstmTest.random(r, N * OUT, 1);
        Linear lin = new Linear(p, "decoder.weight", "decoder.bias", new ScalarGemm());
        float[] y = new float[N * OUT];
        lin.forward(y, 0, x, 0, N);

        double[] theta = Arrays.copyOf(GradCheck.toDouble(p.values()), p.size() + x.length);
        for (int i = 0; i < x.length; i++) theta[p.size() + i] = x[i];
        int bias = p.view("decoder.bias").offset();
        GradCheck.Fn loss = th -> {
            double s = 0;
            for (int n = 0; n < N; n++) {
                for (int o = 0; o < OUT; o++) {
                    double v = th[bias + o];
                    for (int i = 0; i < IN; i++) v += th[o * IN + i] * th[p.size() + n * IN + i];
                    s += weights[n * OUT + o] * v;
                }
            }
            return s;
        };
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < OUT; o++) {
                double v = theta[bias + o];
                for (int i = 0; i < IN; i++) v += theta[o * IN + i] * x[n * IN + i];
                assertThat((double) y[n * OUT + o]).isCloseTo(v, offset(1e-6));
            }
        }
        float[] dx = new float[N * IN];
        lin.backward(dx, 0, weights, 0, x, 0, N);
        double[] numeric = GradCheck.centralDifferences(loss, theta);
        GradCheck.assertClose("decoder.weight", p.grads(), 0, numeric, 0, OUT * IN, LstmTest.RTOL);
        GradCheck.assertClose("decoder.bias", p.grads(), bias, numeric, bias, OUT, LstmTest.RTOL);
        GradCheck.assertClose("dx", dx, 0, numeric, p.size(), dx.length, LstmTest.RTOL);

        float[] once = p.grads().clone();
        float[] dxOnce = dx.clone();
        lin.backward(dx, 0, weights, 0, x, 0, N);
        for (int i = 0; i < once.length; i++) assertThat(p.grads()[i]).isCloseTo(2 * once[i], offset(1e-6f));
        for (int i = 0; i < dx.length; i++) assertThat(dx[i]).isCloseTo(2 * dxOnce[i], offset(1e-6f));
    }
}
