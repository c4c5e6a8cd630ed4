package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.GradCheck;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.nn.RecurrentDropout;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The techniques after Zaremba et al. against {@link ReferenceLanguageModel} by central
 * differences, one at a time and all together: tied weights, a last layer of its own size, locked
 * dropout at the three sites, embedding dropout, weight drop, dropout on the recurrent h, AR and
 * TAR. For the random parts the reference uses the masks the model drew; the tolerances are
 * {@link LanguageModelGradientTest}'s (float rounding of the model under test, nothing else).
 */
class RegularizedGradientTest {
    static final int V = LanguageModelGradientTest.V;
    static final int E = 4;
    static final int H = 5;
    static final int L = 2;
    static final int B = 3;
    static final int T = 4;
    private static final double RTOL = 2e-6;
    private static final double COST_RTOL = 1e-6;

    static ModelConfig config(int embed, int last, boolean tied, Regularization r) {
        return new ModelConfig(V, ModelConfig.Input.EMBEDDING, embed, H, L, 1f, 1f, last, tied, r);
    }

    static Regularization reg(float emb, float layers, float out, float hidden, float words, float weight, float ar, float tar) {
        return new Regularization(emb, layers, out, hidden, words, weight, ar, tar);
    }

    @Test
    void tiedWeightsShareOneMatrixWhoseGradientHasBothParts() {
        ModelConfig c = config(H, 0, true, Regularization.NONE);
        LanguageModel m = new LanguageModel(c, Compute.of(Kernels.scalar(), 1));
        assertThat(m.params().has("decoder.weight")).isFalse();
        assertThat(m.params().view("encoder.weight").shape()).containsExactly(V, H);
        check(c, 1f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void aLastLayerOfItsOwnSizeFeedsADecoderTiedToASmallerEmbedding() {
        // AWD-LSTM's shape in miniature: E = 3, layers of 5 then 3, the decoder sharing the (V,3) embedding.
        ModelConfig c = config(3, 3, true, Regularization.NONE);
        LanguageModel m = new LanguageModel(c, Compute.of(Kernels.scalar(), 1));
        assertThat(m.params().view("rnn.weight_ih_l1").shape()).containsExactly(12, 5);
        assertThat(m.params().view("rnn.weight_hh_l1").shape()).containsExactly(12, 3);
        assertThat(m.newState(B).h).hasSize(B * (5 + 3));
        assertThat(c.stateShape(B)).containsExactly(B * 8);
        check(c, 1f, Compute.of(Kernels.scalar(), 1));
        check(config(E, 2, false, Regularization.NONE), 1f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void lockedDropoutAtEachSite() {
        check(config(E, 0, false, reg(0.4f, 0, 0, 0, 0, 0, 0, 0)), 1f, Compute.of(Kernels.scalar(), 1));
        check(config(E, 0, false, reg(0, 0.3f, 0, 0, 0, 0, 0, 0)), 1f, Compute.of(Kernels.scalar(), 1));
        check(config(E, 0, false, reg(0, 0, 0.5f, 0, 0, 0, 0, 0)), 1f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void embeddingDropout() {
        check(config(E, 0, false, reg(0, 0, 0, 0, 0.3f, 0, 0, 0)), 1f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void weightDropOnTheRecurrentMatrices() {
        check(config(E, 0, false, reg(0, 0, 0, 0, 0, 0.5f, 0, 0)), 1f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void lockedDropoutOnTheRecurrentInput() {
        check(config(E, 0, false, reg(0, 0, 0, 0.3f, 0, 0, 0, 0)), 1f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void activationAndTemporalActivationRegularization() {
        check(config(E, 0, false, reg(0, 0, 0, 0, 0, 0, 2f, 1f)), 1f, Compute.of(Kernels.scalar(), 1));
        check(config(E, 0, false, reg(0, 0, 0.4f, 0, 0, 0, 2f, 0)), 0.25f, Compute.of(Kernels.scalar(), 1));
        check(config(E, 0, false, reg(0, 0, 0.4f, 0, 0, 0, 0, 1f)), 0.25f, Compute.of(Kernels.scalar(), 1));
    }

    @Test
    void everythingTogetherWithTheFastGemm() {
        Regularization all = reg(0.4f, 0.25f, 0.4f, 0.2f, 0.1f, 0.5f, 2f, 1f);
        check(config(3, 3, true, all), 0.25f, Compute.of(Kernels.scalar(), 1));
        check(config(3, 3, true, all), 0.25f, Compute.create(2));
    }

    /** The model's cost and gradient against the reference's for the masks of one training window. */
    private static void check(ModelConfig cfg, float lossScale, Compute gemm) {
        LanguageModel m = new LanguageModel(cfg, gemm);
        m.initUniform(0.5f, 7);
        m.rngState(99);
        int[] x = LanguageModelGradientTest.tokens(4, T * B);
        int[] y = LanguageModelGradientTest.tokens(5, T * B);
        LanguageModel.State s = LanguageModelGradientTest.randomState(m, B, 6);
        LanguageModel.State start = m.newState(B);
        start.copyFrom(s);
        ParameterStore p = m.params();
        double cost = m.trainWindow(x, y, T, B, s, lossScale);

        ReferenceLanguageModel.Masks masks = drawnMasks(m, cfg);
        ReferenceLanguageModel ref = new ReferenceLanguageModel(cfg, p);
        double[] theta = GradCheck.toDouble(p.values());
        double want = ref.cost(theta, x, y, T, B, start.h, start.c, masks, false, null, null);
        assertThat(cost).as("the cross-entropy, without the regularizers").isCloseTo(want, offset(COST_RTOL * want));
        double[] numeric = GradCheck.centralDifferences(
                th -> lossScale * ref.cost(th, x, y, T, B, start.h, start.c, masks, true, null, null), theta);
        for (ParameterStore.View v : p.views()) {
            GradCheck.assertClose(gemm.name() + " " + cfg + " " + v.name(), p.grads(), v.offset(), numeric, v.offset(), v.size(), RTOL);
        }
    }

    /** What the model drew in its last training window, locked masks expanded over the T steps. */
    static ReferenceLanguageModel.Masks drawnMasks(LanguageModel m, ModelConfig cfg) {
        Regularization r = cfg.regularization();
        float[][] sites = new float[L + 1][];
        for (int site = 0; site <= L; site++) {
            float p = site == 0 ? r.dropoutEmb() : site == L ? r.dropoutOut() : r.dropoutLayers();
            if (p == 0) continue;
            int w = site == 0 ? cfg.embedSize() : cfg.layerHiddenSize(site - 1);
            float[] mask = m.workspace.masks[site];
            float[] full = new float[T * B * w];
            for (int t = 0; t < T; t++) System.arraycopy(mask, 0, full, t * B * w, B * w);
            sites[site] = full;
        }
        float[][] weights = r.weightDrop() > 0 ? new float[L][] : null;
        float[][] hidden = r.dropoutHidden() > 0 ? new float[L][] : null;
        for (int k = 0; k < L; k++) {
            RecurrentDropout d = r.weightDrop() > 0 || r.dropoutHidden() > 0 ? m.workspace.recurrent[k] : null;
            if (weights != null) weights[k] = d.weightMask().clone();
            if (hidden != null) hidden[k] = d.hiddenMask().clone();
        }
        return new ReferenceLanguageModel.Masks(sites, r.dropoutWords() > 0 ? m.workspace.wordMask.clone() : null, weights, hidden);
    }
}
