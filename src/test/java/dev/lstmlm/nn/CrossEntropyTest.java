package dev.lstmlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.GradCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {
    private static final int V = 11;
    private static final int N = 6;

    private static double reference(double[] z, int[] targets) {
        double s = 0;
        for (int r = 0; r < N; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < V; j++) max = Math.max(max, z[r * V + j]);
            double sum = 0;
            for (int j = 0; j < V; j++) sum += Math.exp(z[r * V + j] - max);
            s += Math.log(sum) + max - z[r * V + targets[r]];
        }
        return s;
    }

    @Test
    void lossAndScaledGradientMatchADoubleReference() {
        SplittableRandom r = new SplittableRandom(1);
        float[] z = LstmTest.random(r, N * V, 3);
        int[] targets = {0, 10, 5, 5, 2, 7};
        CrossEntropy ce = new CrossEntropy(V);
        double[] zd = GradCheck.toDouble(z);
        double want = reference(zd, targets);
        assertThat(ce.forward(z, 0, targets, 0, N)).isCloseTo(want, offset(1e-6));
        float scale = 0.25f;
        float[] g = z.clone();
        double loss = ce.forwardBackward(g, 0, targets, 0, N, scale);
        assertThat(loss).isEqualTo(ce.forward(z, 0, targets, 0, N));
        double[] numeric = GradCheck.centralDifferences(th -> scale * reference(th, targets), zd);
        GradCheck.assertClose("dlogits", g, 0, numeric, 0, g.length, LstmTest.RTOL);
    }

    @Test
    void targetsOutsideTheVocabularyAreRejected() {
        CrossEntropy ce = new CrossEntropy(V);
        assertThatThrownBy(() -> ce.forward(new float[V], 0, new int[] {V}, 0, 1)).hasMessageContaining("target 11 is outside");
    }
}
