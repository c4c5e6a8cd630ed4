package dev.lstmlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.GradCheck;
import dev.lstmlm.tensor.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    private static final int V = 11;
    private static final int E = 5;

    private static ParameterStore store() {
        ParameterStore p = ParameterStore.builder().add("encoder.weight", V, E).build();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < p.size(); i++) p.values()[i] = (float) (r.nextDouble() - 0.5);
        return p;
    }

    @Test
    void forwardCopiesTheRowsOfTheTokens() {
        ParameterStore p = store();
        Embedding emb = new Embedding(p, "encoder.weight", Kernels.vector());
        int[] ids = {9, 4, 10, 0};
        float[] out = new float[1 + 3 * E];
        emb.forward(out, 1, ids, 1, 3);
        for (int r = 0; r < 3; r++) {
            for (int e = 0; e < E; e++) assertThat(out[1 + r * E + e]).isEqualTo(p.values()[ids[1 + r] * E + e]);
        }
        assertThat(out[0]).isZero();
    }

    @Test
    void gradientScatterAddsRepeatedTokensAndMatchesFiniteDifferences() {
        ParameterStore p = store();
        Embedding emb = new Embedding(p, "encoder.weight", Kernels.vector());
        int[] ids = {3, 7, 3, 0, 10, 3, 7};
        SplittableRandom r = new SplittableRandom(2);
        float[] weights = new float[ids.length * E]; // loss = Σ weights ⊙ out
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (2 * r.nextDouble() - 1);
        emb.backward(weights, 0, ids, 0, ids.length);
        GradCheck.Fn loss = th -> {
            double s = 0;
            for (int row = 0; row < ids.length; row++) {
                for (int e = 0; e < E; e++) s += weights[row * E + e] * th[ids[row] * E + e];
            }
            return s;
        };
        double[] numeric = GradCheck.centralDifferences(loss, GradCheck.toDouble(p.values()));
        GradCheck.assertClose("encoder.weight", p.grads(), 0, numeric, 0, p.size(), LstmTest.RTOL);
        for (int e = 0; e < E; e++) assertThat(p.grads()[5 * E + e]).as("token 5 never occurs").isZero();
    }

    @Test
    void tokensOutsideTheVocabularyAreRejected() {
        Embedding emb = new Embedding(store(), "encoder.weight", Kernels.vector());
        assertThatThrownBy(() -> emb.forward(new float[E], 0, new int[] {V}, 0, 1))
                .hasMessageContaining("token id 11 is outside the vocabulary [0, 11)");
        assertThatThrownBy(() -> emb.forward(new float[E], 0, new int[] {-1}, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
