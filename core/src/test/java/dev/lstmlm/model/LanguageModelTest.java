package dev.lstmlm.model;

import static dev.lstmlm.model.LanguageModelGradientTest.B;
import static dev.lstmlm.model.LanguageModelGradientTest.T;
import static dev.lstmlm.model.LanguageModelGradientTest.config;
import static dev.lstmlm.model.LanguageModelGradientTest.model;
import static dev.lstmlm.model.LanguageModelGradientTest.randomState;
import static dev.lstmlm.model.LanguageModelGradientTest.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LanguageModelTest {

    @Test
    void parametersHaveThePyTorchNamesAndShapes() {
        ParameterStore p = model(config(ModelConfig.Input.EMBEDDING, 1f)).params();
        assertThat(p.views()).extracting(ParameterStore.View::name).containsExactly(
                "encoder.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "decoder.weight", "decoder.bias");
        assertThat(p.view("encoder.weight").shape()).containsExactly(11, 4);
        assertThat(p.view("rnn.weight_ih_l0").shape()).containsExactly(20, 4);
        assertThat(p.view("rnn.weight_hh_l0").shape()).containsExactly(20, 5);
        assertThat(p.view("rnn.bias_hh_l0").shape()).containsExactly(20);
        assertThat(p.view("rnn.weight_ih_l1").shape()).containsExactly(20, 5);
        assertThat(p.view("decoder.weight").shape()).containsExactly(11, 5);
        assertThat(p.view("decoder.bias").shape()).containsExactly(11);

        ParameterStore q = model(config(ModelConfig.Input.ONE_HOT, 1f)).params();
        assertThat(q.has("encoder.weight")).isFalse();
        assertThat(q.view("rnn.weight_ih_l0").shape()).containsExactly(20, 11);
    }

    @Test
    void aWholeWindowEqualsTheSameTokensFedOneStepAtATime() {
        for (ModelConfig.Input input : ModelConfig.Input.values()) {
            LanguageModel m = model(config(input, 0.5f)); // dropout must be off in both paths
            int steps = 7;
            int[] x = tokens(10, steps);
            int[] y = tokens(11, steps);
            LanguageModel.State window = randomState(m, 1, 12);
            LanguageModel.State stepped = m.newState(1);
            stepped.copyFrom(window);
            double cost = m.evalWindow(x, y, steps, 1, window);
            float[] logits = new float[11];
            double sum = 0;
            for (int t = 0; t < steps; t++) {
                m.step(x[t], stepped, logits);
                sum += m.compute().kernels().crossEntropy(logits, 0, 11, y[t], null, 0);
            }
            // Every kernel computes a row independently of the others and ScalarGemm sums each
            // product in the same order whatever the number of rows, so the two agree bit for bit.
            assertThat(sum).as("%s", input).isEqualTo(cost);
            assertThat(stepped.h).isEqualTo(window.h);
            assertThat(stepped.c).isEqualTo(window.c);
        }
    }

    @Test
    void withTheFastGemmAWindowAndItsStepsAgreeToFloatRounding() {
        ModelConfig cfg = new ModelConfig(300, ModelConfig.Input.EMBEDDING, 48, 64, 2, 1f, 0f);
        LanguageModel m = new LanguageModel(cfg, Compute.create(2));
        m.initUniform(0.1f, 3);
        int steps = 35;
        int[] x = new int[steps];
        int[] y = new int[steps];
        for (int t = 0; t < steps; t++) {
            x[t] = (t * 37) % 300;
            y[t] = (t * 91 + 5) % 300;
        }
        LanguageModel.State window = m.newState(1);
        LanguageModel.State stepped = m.newState(1);
        double cost = m.evalWindow(x, y, steps, 1, window);
        float[] logits = new float[300];
        double sum = 0;
        for (int t = 0; t < steps; t++) {
            m.step(x[t], stepped, logits);
            sum += m.compute().kernels().crossEntropy(logits, 0, 300, y[t], null, 0);
        }
        // The fast GEMM may sum a product of T rows in another order than one of a single row; each
        // float result then differs by a few ulp, about 1e-7 relative, and the cost (35 terms of
        // about log 300) by far less than 1e-5 relative. (Observed: identical.)
        assertThat(sum).isCloseTo(cost, offset(1e-5 * cost));
        for (int i = 0; i < window.h.length; i++) assertThat(stepped.h[i]).isCloseTo(window.h[i], offset(1e-5f));
    }

    @Test
    void theFastGemmTrainsBitIdenticallyOnOneAndTwoThreads() {
        double[][] costs = new double[2][];
        float[][] grads = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Compute compute = Compute.create(threads);
            LanguageModel m = new LanguageModel(new ModelConfig(500, ModelConfig.Input.EMBEDDING, 64, 96, 2, 0.5f, 0f), compute);
            m.initUniform(0.1f, 5);
            m.rngState(9);
            LanguageModel.State s = m.newState(8);
            costs[threads - 1] = new double[2];
            for (int w = 0; w < 2; w++) {
                int[] x = new int[20 * 8];
                int[] y = new int[20 * 8];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i * 13 + w) % 500;
                    y[i] = (i * 29 + 7 * w) % 500;
                }
                costs[threads - 1][w] = m.trainWindow(x, y, 20, 8, s, 1f);
            }
            grads[threads - 1] = m.params().grads().clone();
        }
        assertThat(costs[1]).isEqualTo(costs[0]);
        assertThat(grads[1]).isEqualTo(grads[0]);
    }

    @Test
    void theSameSeedGivesBitIdenticalCostsGradientsAndStates() {
        double[][] costs = new double[2][];
        float[][] grads = new float[2][];
        float[][] states = new float[2][];
        for (int run = 0; run < 2; run++) {
            LanguageModel m = model(config(ModelConfig.Input.EMBEDDING, 0.6f));
            m.rngState(1234);
            LanguageModel.State s = m.newState(B);
            costs[run] = new double[3];
            for (int w = 0; w < 3; w++) {
                costs[run][w] = m.trainWindow(tokens(20 + w, T * B), tokens(30 + w, T * B), T, B, s, 1f);
            }
            grads[run] = m.params().grads().clone();
            states[run] = s.h.clone();
        }
        assertThat(costs[1]).isEqualTo(costs[0]);
        assertThat(grads[1]).isEqualTo(grads[0]);
        assertThat(states[1]).isEqualTo(states[0]);
    }

    @Test
    void aRunResumedFromParametersStateAndGeneratorRepeatsTheUninterruptedRun() {
        ModelConfig cfg = config(ModelConfig.Input.EMBEDDING, 0.6f);
        LanguageModel a = model(cfg);
        a.rngState(77);
        LanguageModel.State sa = a.newState(B);
        double[] want = new double[3];
        float[] savedValues = null;
        long savedRng = 0;
        LanguageModel.State savedState = a.newState(B);
        for (int w = 0; w < 3; w++) {
            if (w == 1) {
                savedValues = a.params().values().clone();
                savedRng = a.rngState();
                savedState.copyFrom(sa);
            }
            a.params().zeroGrads();
            want[w] = a.trainWindow(tokens(40 + w, T * B), tokens(50 + w, T * B), T, B, sa, 1f);
            sgd(a.params(), 0.5f);
        }
        LanguageModel b = new LanguageModel(cfg, Compute.of(Kernels.scalar(), 1));
        System.arraycopy(savedValues, 0, b.params().values(), 0, savedValues.length);
        b.rngState(savedRng);
        for (int w = 1; w < 3; w++) {
            b.params().zeroGrads();
            assertThat(b.trainWindow(tokens(40 + w, T * B), tokens(50 + w, T * B), T, B, savedState, 1f)).isEqualTo(want[w]);
            sgd(b.params(), 0.5f);
        }
        assertThat(b.params().values()).isEqualTo(a.params().values());
        assertThat(savedState.h).isEqualTo(sa.h);
        assertThat(b.rngState()).isEqualTo(a.rngState());
    }

    private static void sgd(ParameterStore p, float lr) {
        for (int i = 0; i < p.size(); i++) p.values()[i] -= lr * p.grads()[i];
    }

    @Test
    void dropoutKeepsTheConfiguredFractionAndLeavesEvaluationAlone() {
        ModelConfig cfg = new ModelConfig(50, ModelConfig.Input.EMBEDDING, 64, 64, 2, 0.6f, 0f);
        LanguageModel m = new LanguageModel(cfg, Compute.of(Kernels.scalar(), 1));
        m.initUniform(0.1f, 1);
        int steps = 10;
        int batch = 8;
        int rows = steps * batch;
        int[] x = new int[rows];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = (i * 7) % 50;
            y[i] = (i * 13 + 1) % 50;
        }
        long before = m.rngState();
        m.trainWindow(x, y, steps, batch, m.newState(batch), 1f);
        assertThat(m.rngState()).isNotEqualTo(before);
        long kept = 0;
        long total = 0;
        for (int site = 0; site <= 2; site++) {
            float[] mask = m.workspace.masks[site];
            for (int i = 0; i < rows * 64; i++) {
                assertThat(mask[i]).isIn(0f, 1f / 0.6f);
                if (mask[i] != 0f) kept++;
            }
            total += rows * 64;
        }
        assertThat(Arrays.copyOf(m.workspace.masks[1], rows * 64)).isNotEqualTo(Arrays.copyOf(m.workspace.masks[2], rows * 64));
        double sd = Math.sqrt(total * 0.6 * 0.4);
        assertThat((double) kept).isBetween(0.6 * total - 5 * sd, 0.6 * total + 5 * sd);

        // Evaluation ignores dropout: the same cost as a model without it, and no draws.
        LanguageModel plain = new LanguageModel(new ModelConfig(50, ModelConfig.Input.EMBEDDING, 64, 64, 2, 1f, 0f), Compute.of(Kernels.scalar(), 1));
        System.arraycopy(m.params().values(), 0, plain.params().values(), 0, m.params().size());
        long rng = m.rngState();
        double eval = m.evalWindow(x, y, steps, batch, m.newState(batch));
        assertThat(eval).isEqualTo(plain.evalWindow(x, y, steps, batch, plain.newState(batch)));
        assertThat(m.rngState()).isEqualTo(rng);
        m.step(3, m.newState(1), new float[50]);
        assertThat(m.rngState()).isEqualTo(rng);
        long plainRng = plain.rngState();
        plain.trainWindow(x, y, steps, batch, plain.newState(batch), 1f);
        assertThat(plain.rngState()).as("keep probability 1 draws nothing").isEqualTo(plainRng);
    }

    @Test
    void withoutDropoutTrainingReturnsTheEvaluationCostAndState() {
        LanguageModel m = model(config(ModelConfig.Input.EMBEDDING, 1f));
        int[] x = tokens(60, T * B);
        int[] y = tokens(61, T * B);
        LanguageModel.State a = randomState(m, B, 62);
        LanguageModel.State b = m.newState(B);
        b.copyFrom(a);
        double eval = m.evalWindow(x, y, T, B, a);
        assertThat(m.trainWindow(x, y, T, B, b, 1f)).isEqualTo(eval);
        assertThat(b.h).isEqualTo(a.h);
        assertThat(b.c).isEqualTo(a.c);
    }

    @Test
    void trainingAddsTheScaledGradientWithoutZeroing() {
        LanguageModel m = model(config(ModelConfig.Input.EMBEDDING, 1f));
        int[] x = tokens(70, T * B);
        int[] y = tokens(71, T * B);
        m.trainWindow(x, y, T, B, randomState(m, B, 72), 1f);
        float[] full = m.params().grads().clone();
        m.params().zeroGrads();
        m.trainWindow(x, y, T, B, randomState(m, B, 72), 0.5f);
        float[] half = m.params().grads().clone();
        // Halving is exact in binary floating point, and the scale enters once, at the logits.
        for (int i = 0; i < full.length; i++) assertThat(half[i]).isEqualTo(0.5f * full[i]);
        m.trainWindow(x, y, T, B, randomState(m, B, 72), 1f);
        for (int i = 0; i < full.length; i++) {
            assertThat(m.params().grads()[i]).isCloseTo(1.5f * full[i], offset(1e-6f * (1 + Math.abs(full[i]))));
        }
    }

    @Test
    void buffersAreReusedAcrossWindowsThatFit() {
        LanguageModel m = model(config(ModelConfig.Input.EMBEDDING, 0.6f));
        m.trainWindow(tokens(1, T * B), tokens(2, T * B), T, B, m.newState(B), 1f);
        WindowBuffers w = m.workspace;
        float[] mask = w.masks[1];
        m.trainWindow(tokens(3, T * B), tokens(4, T * B), T, B, m.newState(B), 1f);
        m.evalWindow(tokens(5, 2 * B), tokens(6, 2 * B), 2, B, m.newState(B));
        m.step(1, m.newState(1), new float[11]);
        assertThat(m.workspace).isSameAs(w);
        assertThat(m.workspace.masks[1]).isSameAs(mask);
        m.evalWindow(tokens(7, 2 * T * B), tokens(8, 2 * T * B), 2 * T, B, m.newState(B));
        assertThat(m.workspace).isNotSameAs(w);
        assertThat(m.workspace.rows).isEqualTo(2 * T * B);
    }

    @Test
    void wrongArgumentsAreRejectedWithAClearMessage() {
        LanguageModel m = model(config(ModelConfig.Input.EMBEDDING, 1f));
        int[] x = tokens(1, T * B);
        assertThatThrownBy(() -> m.trainWindow(x, x, T, B, m.newState(B + 1), 1f)).hasMessageContaining("use newState(3)");
        assertThatThrownBy(() -> m.evalWindow(x, x, T + 1, B, m.newState(B))).hasMessageContaining("needs 15 inputs");
        int[] bad = x.clone();
        bad[5] = 11;
        LanguageModel.State untouched = m.newState(B);
        assertThatThrownBy(() -> m.evalWindow(bad, x, T, B, untouched)).hasMessageContaining("token 11 at position 5 is outside");
        assertThatThrownBy(() -> m.trainWindow(x, bad, T, B, untouched, 1f)).hasMessageContaining("token 11 at position 5");
        assertThat(untouched.h).containsOnly(0f);
        assertThat(m.params().grads()).containsOnly(0f);
        assertThatThrownBy(() -> m.step(0, m.newState(B), new float[11])).hasMessageContaining("use newState(1)");
        assertThatThrownBy(() -> m.step(0, m.newState(1), new float[10])).hasMessageContaining("logits must hold 11");
    }

    @Test
    void uniformInitIsDeterministicAndBounded() {
        LanguageModel a = model(config(ModelConfig.Input.EMBEDDING, 1f));
        LanguageModel b = model(config(ModelConfig.Input.EMBEDDING, 1f));
        assertThat(a.params().values()).isEqualTo(b.params().values());
        b.initUniform(0.5f, 8);
        assertThat(a.params().values()).isNotEqualTo(b.params().values());
        double sum = 0;
        for (float v : a.params().values()) {
            assertThat(v).isBetween(-0.5f, 0.5f);
            sum += v;
        }
        int n = a.params().size();
        // Uniform(-0.5, 0.5): mean 0, sd of the mean 1/sqrt(12 n); 5σ.
        assertThat(sum / n).isCloseTo(0, offset(5 / Math.sqrt(12.0 * n)));
    }

    @Test
    void truncatedNormalInitDrawsWeightsWithinTwoDeviationsAndZeroesBiases() {
        ModelConfig cfg = new ModelConfig(64, ModelConfig.Input.ONE_HOT, 0, 64, 1, 1f, 0f);
        LanguageModel m = new LanguageModel(cfg, Compute.of(Kernels.scalar(), 1));
        m.initTruncatedNormal(-0.1f, 0.1f, 5);
        ParameterStore p = m.params();
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (ParameterStore.View v : p.views()) {
            for (int i = v.offset(); i < v.offset() + v.size(); i++) {
                float x = p.values()[i];
                if (v.name().contains("bias")) {
                    assertThat(x).as(v.name()).isZero();
                } else {
                    assertThat(x).isBetween(-0.3f, 0.1f);
                    sum += x;
                    sq += (double) x * x;
                    n++;
                }
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        // A normal truncated at ±2σ keeps its mean and has standard deviation 0.8796σ.
        assertThat(mean).isCloseTo(-0.1, offset(5 * 0.088 / Math.sqrt(n)));
        assertThat(sd).isCloseTo(0.08796, offset(0.002));
        LanguageModel again = new LanguageModel(cfg, Compute.of(Kernels.scalar(), 1));
        again.initTruncatedNormal(-0.1f, 0.1f, 5);
        assertThat(again.params().values()).isEqualTo(p.values());
        assertThat(n).isEqualTo(256 * 64 + 256 * 64 + 64 * 64);
    }
}
