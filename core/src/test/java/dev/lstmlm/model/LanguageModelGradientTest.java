package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.GradCheck;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The whole model against {@link ReferenceLanguageModel}: its cost, its final state and, by
 * central differences of the reference, the gradient of every parameter; with embedding and
 * one-hot input, with and without dropout (for dropout, the reference uses the masks the model
 * drew).
 */
class LanguageModelGradientTest {
    static final int V = 11;
    static final int E = 4;
    static final int H = 5;
    static final int L = 2;
    static final int B = 3;
    static final int T = 4;
    /**
     * Float gradients against exact ones: the worst observed error is about 2e-7 in the GradCheck
     * metric (a few units of float roundoff); 2e-6 leaves ten times that, while a wrong index, gate,
     * mask or scale errs by 1e-2 or more.
     */
    private static final double RTOL = 2e-6;
    /**
     * The cost (about 10 nats) sums T·B = 12 cross-entropies (over B) of float logits, each off by about
     * 1e-7; it passes at 2e-7 relative, and 1e-6 keeps a margin.
     */
    private static final double COST_RTOL = 1e-6;

    static ModelConfig config(ModelConfig.Input input, float keep) {
        return new ModelConfig(V, input, E, H, L, keep, 1f);
    }

    static LanguageModel model(ModelConfig cfg) {
        return model(cfg, Compute.of(Kernels.scalar(), 1));
    }

    static LanguageModel model(ModelConfig cfg, Compute compute) {
        LanguageModel m = new LanguageModel(cfg, compute);
        m.initUniform(0.5f, 7);
        return m;
    }

    static int[] tokens(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = r.nextInt(V);
        return t;
    }

    static LanguageModel.State randomState(LanguageModel m, int batch, long seed) {
        LanguageModel.State s = m.newState(batch);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < s.h.length; i++) {
            s.h[i] = (float) (1.6 * r.nextDouble() - 0.8);
            s.c[i] = (float) (3 * r.nextDouble() - 1.5);
        }
        return s;
    }

    @Test
    void costAndFinalStateMatchTheIndependentReference() {
        for (ModelConfig.Input input : ModelConfig.Input.values()) {
            LanguageModel m = model(config(input, 1f));
            int[] x = tokens(1, T * B);
            int[] y = tokens(2, T * B);
            LanguageModel.State s = randomState(m, B, 3);
            LanguageModel.State start = m.newState(B);
            start.copyFrom(s);
            double cost = m.evalWindow(x, y, T, B, s);
            double[] h = new double[s.h.length];
            double[] c = new double[s.c.length];
            double want = new ReferenceLanguageModel(m.config(), m.params())
                    .cost(GradCheck.toDouble(m.params().values()), x, y, T, B, start.h, start.c, null, h, c);
            assertThat(cost).as("%s", input).isCloseTo(want, offset(COST_RTOL * want));
            assertThat(cost).isGreaterThan(T * 1.0); // sanity: an untrained model is near T·log V ≈ 9.6
            for (int i = 0; i < h.length; i++) {
                assertThat((double) s.h[i]).isCloseTo(h[i], offset(1e-6));
                assertThat((double) s.c[i]).isCloseTo(c[i], offset(1e-6));
            }
        }
    }

    @Test
    void embeddingModelGradientsMatchFiniteDifferences() {
        checkGradients(config(ModelConfig.Input.EMBEDDING, 1f), 1f);
    }

    @Test
    void oneHotModelGradientsMatchFiniteDifferences() {
        checkGradients(config(ModelConfig.Input.ONE_HOT, 1f), 1f);
    }

    @Test
    void gradientsWithDropoutMatchFiniteDifferencesForTheDrawnMasks() {
        checkGradients(config(ModelConfig.Input.EMBEDDING, 0.6f), 1f);
        checkGradients(config(ModelConfig.Input.ONE_HOT, 0.6f), 1f);
    }

    @Test
    void lossScaleMultipliesTheGradient() {
        checkGradients(config(ModelConfig.Input.EMBEDDING, 1f), 0.25f);
    }

    @Test
    void gradientsWithTheFastGemmMatchFiniteDifferences() {
        checkGradients(config(ModelConfig.Input.EMBEDDING, 0.6f), 1f, Compute.create(2));
        checkGradients(config(ModelConfig.Input.ONE_HOT, 1f), 1f, Compute.create(2));
    }

    private static void checkGradients(ModelConfig cfg, float lossScale) {
        checkGradients(cfg, lossScale, Compute.of(Kernels.scalar(), 1));
    }

    private static void checkGradients(ModelConfig cfg, float lossScale, Compute compute) {
        LanguageModel m = model(cfg, compute);
        m.rngState(99);
        int[] x = tokens(4, T * B);
        int[] y = tokens(5, T * B);
        LanguageModel.State s = randomState(m, B, 6);
        LanguageModel.State start = m.newState(B);
        start.copyFrom(s);
        ParameterStore p = m.params();
        double cost = m.trainWindow(x, y, T, B, s, lossScale);

        float[][] masks = null;
        if (cfg.keepProb() < 1f) {
            masks = new float[L + 1][];
            if (cfg.input() == ModelConfig.Input.EMBEDDING) masks[0] = m.workspace.masks[0];
            for (int k = 1; k <= L; k++) masks[k] = m.workspace.masks[k];
        }
        float[][] fixed = masks;
        ReferenceLanguageModel ref = new ReferenceLanguageModel(cfg, p);
        double[] theta = GradCheck.toDouble(p.values());
        double want = ref.cost(theta, x, y, T, B, start.h, start.c, fixed, null, null);
        assertThat(cost).isCloseTo(want, offset(COST_RTOL * want));
        double[] numeric = GradCheck.centralDifferences(th -> lossScale * ref.cost(th, x, y, T, B, start.h, start.c, fixed, null, null), theta);
        for (ParameterStore.View v : p.views()) {
            GradCheck.assertClose(compute.name() + " " + cfg.input() + " keep " + cfg.keepProb() + " " + v.name(), p.grads(), v.offset(), numeric, v.offset(), v.size(), RTOL);
        }
    }
}
