package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import dev.lstmlm.nn.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir Path dir;

    private static final ModelConfig CONFIG = new ModelConfig(5, ModelConfig.Input.EMBEDDING, 3, 2, 1, 0.5f, 0f);
    private static final List<String> VOCAB = List.of("<unk>", "the", "\"quoted\"", "é", "<eos>");

    /** The parameter layout of {@link LanguageModel} for CONFIG, built by hand. */
    private static ParameterStore store(long seed) {
        ParameterStore p = ParameterStore.builder()
                .add("encoder.weight", 5, 3)
                .add("rnn.weight_ih_l0", 8, 3).add("rnn.weight_hh_l0", 8, 2)
                .add("rnn.bias_ih_l0", 8).add("rnn.bias_hh_l0", 8)
                .add("decoder.weight", 5, 2).add("decoder.bias", 5)
                .build();
        Random r = new Random(seed);
        for (int i = 0; i < p.size(); i++) p.values()[i] = (float) r.nextGaussian();
        return p;
    }

    @Test
    void roundTripsValuesAndMetadata() throws IOException {
        ParameterStore saved = store(1);
        Path file = dir.resolve("m.safetensors");
        CheckpointMetadata meta = new CheckpointMetadata(CONFIG, TokenizerKind.WORD, VOCAB, Map.of("train_config", "{\"lr\":1}"));
        Checkpoint.save(file, saved, meta);

        ParameterStore loaded = store(2);
        CheckpointMetadata back = Checkpoint.loadInto(file, loaded);
        assertThat(loaded.values()).isEqualTo(saved.values());
        assertThat(back).isEqualTo(meta);
        assertThat(Checkpoint.readMetadata(file)).isEqualTo(meta);
    }

    @Test
    void storesPyTorchNamesAndShapesAndReadableMetadata() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(file, store(1), new CheckpointMetadata(CONFIG, TokenizerKind.CHAR_CODEPOINT, VOCAB));
        SafeTensors.Header h = SafeTensors.readHeader(file);
        assertThat(h.tensors()).extracting(SafeTensors.Entry::name).containsExactly("encoder.weight", "rnn.weight_ih_l0",
                "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "decoder.weight", "decoder.bias");
        assertThat(h.tensor("rnn.weight_hh_l0").shape()).containsExactly(8, 2);
        assertThat(h.metadata()).containsEntry("format", "lstmlm").containsEntry("format_version", "1")
                .containsEntry("tokenizer", "char-codepoint")
                .containsEntry("vocabulary", "[\"<unk>\",\"the\",\"\\\"quoted\\\"\",\"é\",\"<eos>\"]")
                .containsEntry("model_config", "{\"vocab_size\":5,\"input\":\"embedding\",\"embed_size\":3,"
                        + "\"hidden_size\":2,\"num_layers\":1,\"keep_prob\":0.5,\"forget_bias\":0.0}");
    }

    @Test
    void refusesToSaveNonFiniteValuesAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        CheckpointMetadata meta = new CheckpointMetadata(CONFIG, TokenizerKind.WORD, VOCAB);
        Checkpoint.save(file, store(1), meta);
        byte[] good = Files.readAllBytes(file);
        ParameterStore bad = store(1);
        bad.values()[7] = Float.NaN;
        assertThatThrownBy(() -> Checkpoint.save(file, bad, meta)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void rejectsASafetensorsFileWithoutOurMetadata() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, List.of(new SafeTensors.Tensor("x", new int[] {1}, new float[1], 0)), Map.of("format", "pt"));
        assertThatThrownBy(() -> Checkpoint.readMetadata(file))
                .isInstanceOf(UserError.class).hasMessageContaining("lacks the metadata entry \"format_version\"");
    }

    @Test
    void rejectsANewerFormatVersion() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Map<String, String> meta = new java.util.LinkedHashMap<>(Checkpoint.encode(new CheckpointMetadata(CONFIG, TokenizerKind.WORD, VOCAB)));
        meta.put("format_version", "2");
        SafeTensors.write(file, List.of(), meta);
        assertThatThrownBy(() -> Checkpoint.readMetadata(file))
                .isInstanceOf(UserError.class).hasMessageContaining("format version 2 but this lstmlm reads version 1");
    }

    @Test
    void rejectsAVocabularyThatDisagreesWithTheConfig() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Map<String, String> meta = new java.util.LinkedHashMap<>(Checkpoint.encode(new CheckpointMetadata(CONFIG, TokenizerKind.WORD, VOCAB)));
        meta.put("vocabulary", "[\"a\",\"b\"]");
        SafeTensors.write(file, List.of(), meta);
        assertThatThrownBy(() -> Checkpoint.readMetadata(file))
                .isInstanceOf(UserError.class).hasMessageContaining("does not list 5 distinct entries");
        meta.put("vocabulary", "not json");
        SafeTensors.write(file, List.of(), meta);
        assertThatThrownBy(() -> Checkpoint.readMetadata(file))
                .isInstanceOf(UserError.class).hasMessageContaining("not a JSON array of strings");
    }

    @Test
    void rejectsAnUnusableModelConfig() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Map<String, String> meta = new java.util.LinkedHashMap<>(Checkpoint.encode(new CheckpointMetadata(CONFIG, TokenizerKind.WORD, VOCAB)));
        meta.put("model_config", "{\"vocab_size\":5}");
        SafeTensors.write(file, List.of(), meta);
        assertThatThrownBy(() -> Checkpoint.readMetadata(file))
                .isInstanceOf(UserError.class).hasMessageContaining("unusable model config (field input is missing)");
    }

    @Test
    void rejectsTensorsThatDoNotMatchTheModel() throws IOException {
        Path file = dir.resolve("m.safetensors");
        CheckpointMetadata meta = new CheckpointMetadata(CONFIG, TokenizerKind.WORD, VOCAB);
        ParameterStore other = ParameterStore.builder().add("encoder.weight", 5, 4).build();
        Checkpoint.save(file, other, meta);
        ParameterStore target = ParameterStore.builder().add("encoder.weight", 5, 3).build();
        assertThatThrownBy(() -> Checkpoint.loadInto(file, target))
                .isInstanceOf(UserError.class).hasMessageContaining("holds encoder.weight with shape [5, 4] where its model config needs [5, 3]");
        ParameterStore more = ParameterStore.builder().add("encoder.weight", 5, 4).add("decoder.bias", 5).build();
        assertThatThrownBy(() -> Checkpoint.loadInto(file, more))
                .isInstanceOf(UserError.class).hasMessageContaining("has no tensor decoder.bias");
        ParameterStore fewer = ParameterStore.builder().add("decoder.bias", 5).build();
        Checkpoint.save(file, store(1), meta);
        assertThatThrownBy(() -> Checkpoint.loadInto(file, fewer))
                .isInstanceOf(UserError.class).hasMessageContaining("holds a tensor encoder.weight that this model does not have");
    }
}
