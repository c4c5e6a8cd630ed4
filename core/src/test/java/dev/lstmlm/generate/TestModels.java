package dev.lstmlm.generate;

import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Small checkpoints for generation tests, built by hand so that their output is known. */
public final class TestModels {
    private TestModels() {}

    /**
     * A model whose next token depends only on the current one: after token x the logit of
     * {@code next[x]} leads all others by about 15 nats, so greedy decoding walks the cycle
     * x, next[x], next[next[x]], ... and sampling almost always does.
     *
     * <p>How: E = H = V, the embedding is the identity, the input gate and output gate are held open
     * and the forget gate shut by biases of ±10, and the cell input of unit x is tanh(3) for token x
     * and 0 otherwise; so h ≈ 0.76 on unit x only, whatever came before, and the decoder maps unit x
     * to token next[x] with weight 20.
     */
    public static LanguageModel cycle(int[] next) {
        int v = next.length;
        LanguageModel m = new LanguageModel(new ModelConfig(v, ModelConfig.Input.EMBEDDING, v, v, 1, 1f, 0f), Compute.create(1));
        ParameterStore p = m.params();
        float[] w = p.values();
        Arrays.fill(w, 0f);
        int enc = p.view("encoder.weight").offset();
        int wih = p.view("rnn.weight_ih_l0").offset();
        int bih = p.view("rnn.bias_ih_l0").offset();
        int dec = p.view("decoder.weight").offset();
        for (int x = 0; x < v; x++) {
            w[enc + x * v + x] = 1f;
            w[wih + (2 * v + x) * v + x] = 3f;   // gate g, unit x, input x
            w[bih + x] = 10f;                    // i open
            w[bih + v + x] = -10f;               // f shut
            w[bih + 3 * v + x] = 10f;            // o open
            w[dec + next[x] * v + x] = 20f;
        }
        return m;
    }

    /** A model with weights uniform in [-scale, scale) from {@code seed}. */
    public static LanguageModel random(int vocabSize, int hidden, float scale, long seed) {
        LanguageModel m = new LanguageModel(new ModelConfig(vocabSize, ModelConfig.Input.EMBEDDING, hidden, hidden, 2, 1f, 0f),
                Compute.create(1));
        m.initUniform(scale, seed);
        return m;
    }

    public static Path save(Path file, LanguageModel model, TokenizerKind kind, List<String> vocabulary) throws IOException {
        Checkpoint.save(file, model, new CheckpointMetadata(model.config(), kind, vocabulary));
        return file;
    }
}
