package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of models with the options beyond Zaremba et al.: tied weights are written twice
 * under PyTorch's two names (and checked equal on loading), a last layer of its own size and the
 * regularizers round-trip through model_config, and a Zaremba model's config JSON gains no key.
 */
class TiedCheckpointTest {
    @TempDir Path dir;

    private static final Regularization AWD = new Regularization(0.4f, 0.25f, 0.4f, 0f, 0.1f, 0.5f, 2f, 1f);
    private static final ModelConfig TIED = new ModelConfig(6, ModelConfig.Input.EMBEDDING, 3, 4, 2, 1f, 0f, 3, true, AWD);

    private static List<String> vocab() {
        return List.of("a", "b", "c", "d", "e", "f");
    }

    private static LanguageModel model() {
        LanguageModel m = new LanguageModel(TIED, Compute.of(Kernels.scalar(), 1));
        m.initAwd(0.1f, 3);
        return m;
    }

    @Test
    void tiedWeightsAreWrittenUnderBothNamesAndLoadBackEqual() throws IOException {
        LanguageModel m = model();
        Path file = dir.resolve("tied.safetensors");
        Checkpoint.save(file, m, new CheckpointMetadata(TIED, TokenizerKind.WORD, vocab()));

        SafeTensors.Header h = SafeTensors.readHeader(file);
        assertThat(h.tensors()).extracting(SafeTensors.Entry::name).containsExactly("encoder.weight", "decoder.weight",
                "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "decoder.bias");
        assertThat(h.tensor("decoder.weight").shape()).containsExactly(6, 3);
        assertThat(h.tensor("rnn.weight_hh_l1").shape()).containsExactly(12, 3);
        float[] enc = new float[18];
        float[] dec = new float[18];
        SafeTensors.read(file, h, h.tensor("encoder.weight"), enc, 0);
        SafeTensors.read(file, h, h.tensor("decoder.weight"), dec, 0);
        assertThat(dec).isEqualTo(enc);
        assertThat(h.metadata()).containsEntry("tied", "decoder.weight=encoder.weight");
        assertThat(h.metadata().get("model_config")).contains("\"tied\":true").contains("\"last_hidden_size\":3")
                .contains("\"weight_drop\":0.5");

        Checkpoint.Loaded back = Checkpoint.load(file, Compute.of(Kernels.scalar(), 1));
        assertThat(back.metadata().config()).isEqualTo(TIED);
        assertThat(back.model().params().values()).isEqualTo(m.params().values());
        assertThat(back.model().params().has("decoder.weight")).isFalse();
    }

    @Test
    void tiedCopiesThatDifferAreRejected() throws IOException {
        LanguageModel m = model();
        Path file = dir.resolve("tampered.safetensors");
        ParameterStore p = m.params();
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        float[] other = new float[18];
        System.arraycopy(p.values(), p.view("encoder.weight").offset(), other, 0, 18);
        other[7] += 1e-3f;
        for (ParameterStore.View v : p.views()) {
            tensors.add(new SafeTensors.Tensor(v.name(), v.shape(), p.values(), v.offset()));
            if (v.name().equals("encoder.weight")) tensors.add(new SafeTensors.Tensor("decoder.weight", v.shape(), other, 0));
        }
        SafeTensors.write(file, tensors, Checkpoint.encode(new CheckpointMetadata(TIED, TokenizerKind.WORD, vocab())));
        assertThatThrownBy(() -> Checkpoint.load(file, Compute.of(Kernels.scalar(), 1))).isInstanceOf(UserError.class)
                .hasMessageContaining("encoder.weight and decoder.weight are tied but they differ at element 7");

        tensors.removeIf(t -> t.name().equals("decoder.weight"));
        SafeTensors.write(file, tensors, Checkpoint.encode(new CheckpointMetadata(TIED, TokenizerKind.WORD, vocab())));
        assertThatThrownBy(() -> Checkpoint.load(file, Compute.of(Kernels.scalar(), 1))).isInstanceOf(UserError.class)
                .hasMessageContaining("has tied weights but no decoder.weight");
    }

    @Test
    void aZarembaConfigGainsNoNewKeys() {
        ModelConfig plain = new ModelConfig(6, ModelConfig.Input.EMBEDDING, 4, 4, 2, 0.5f, 0f);
        assertThat(plain.tied()).isFalse();
        assertThat(plain.lastHiddenSize()).isZero();
        assertThat(plain.regularization()).isEqualTo(Regularization.NONE);
        assertThat(ModelConfigJson.write(plain).toString()).isEqualTo("{\"vocab_size\":6,\"input\":\"embedding\",\"embed_size\":4,"
                + "\"hidden_size\":4,\"num_layers\":2,\"keep_prob\":0.5,\"forget_bias\":0.0}");
    }

    @Test
    void impossibleTyingIsRefusedWithAReason() {
        assertThatThrownBy(() -> new ModelConfig(6, ModelConfig.Input.EMBEDDING, 3, 4, 2, 1f, 0f, 0, true, Regularization.NONE))
                .hasMessageContaining("tied weights need the embedding size (3) to equal the last layer's hidden size (4)");
        assertThatThrownBy(() -> new ModelConfig(6, ModelConfig.Input.ONE_HOT, 6, 6, 1, 1f, 0f, 0, true, Regularization.NONE))
                .hasMessageContaining("tied weights need an embedding");
        assertThatThrownBy(() -> new ModelConfig(6, ModelConfig.Input.EMBEDDING, 4, 4, 2, 0.5f, 0f, 0, false,
                new Regularization(0.1f, 0, 0, 0, 0, 0, 0, 0))).hasMessageContaining("exclude each other");
    }
}
