package dev.lstmlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.GradCheck;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.SplitMix64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {
    @Test
    void forwardMultipliesByTheMaskAndBackwardMatchesFiniteDifferencesForThatMask() {
        int n = 37;
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
            weights[i] = (float) (2 * r.nextDouble() - 1);
        }
        Dropout d = new Dropout(0.6f, Kernels.vector());
        float[] out = new float[n];
        float[] mask = new float[n];
        d.forward(out, 0, mask, 0, x, 0, n, new SplitMix64(3));
        int kept = 0;
        for (int i = 0; i < n; i++) {
            assertThat(mask[i]).isIn(0f, 1f / 0.6f);
            assertThat(out[i]).isEqualTo(x[i] * mask[i]);
            if (mask[i] != 0f) kept++;
        }
        assertThat(kept).isBetween(1, n - 1);

        float[] dx = weights.clone();
        d.backward(dx, 0, mask, 0, n);
        GradCheck.Fn loss = th -> {
            double s = 0;
            for (int i = 0; i < n; i++) s += weights[i] * th[i] * mask[i];
            return s;
        };
        double[] numeric = GradCheck.centralDifferences(loss, GradCheck.toDouble(x));
        GradCheck.assertClose("dx", dx, 0, numeric, 0, n, LstmTest.RTOL);
    }

    @Test
    void keepProbabilityMustBeBelowOne() {
        assertThatThrownBy(() -> new Dropout(1f, Kernels.vector())).hasMessageContaining("keep probability in (0, 1)");
        assertThatThrownBy(() -> new Dropout(0f, Kernels.vector())).isInstanceOf(IllegalArgumentException.class);
    }
}
