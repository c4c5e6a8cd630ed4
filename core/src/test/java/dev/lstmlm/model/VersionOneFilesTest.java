package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.tensor.Compute;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Files written by lstmlm before the training options, the loops and the CLI were reorganized
 * (commit 6f95556, the resources in {@code v1/}) still load: checkpoints of a word model and of a
 * one-hot character model.
 */
class VersionOneFilesTest {
    static Path resource(String name) {
        try {
            return Path.of(VersionOneFilesTest.class.getResource("v1/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWordCheckpointLoadsWithItsConfigVocabularyAndWeights() {
        Checkpoint.Loaded loaded = Checkpoint.load(resource("word-v1.safetensors"), Compute.create(1));
        assertThat(loaded.model().config()).isEqualTo(new ModelConfig(5, ModelConfig.Input.EMBEDDING, 3, 3, 2, 1f, 0f));
        assertThat(loaded.metadata().tokenizer()).isEqualTo(TokenizerKind.WORD);
        assertThat(loaded.metadata().vocabulary()).containsExactly("<unk>", "the", "cat", "sat", "<eos>");
        assertThat(loaded.metadata().extra()).containsKey("train_config");
        float[] w = loaded.model().params().values();
        assertThat(w).hasSize(5 * 3 + 2 * (12 * 3 + 12 * 3 + 12 + 12) + 5 * 3 + 5);
        // initUniform(0.1, seed 7): every weight in [-0.1, 0.1), not all zero
        for (float v : w) assertThat(v).isBetween(-0.1f, 0.1f);
        assertThat(w).isNotEqualTo(new float[w.length]);
    }

    @Test
    void aOneHotCharacterCheckpointLoads() {
        Checkpoint.Loaded loaded = Checkpoint.load(resource("char-udacity-v1.safetensors"), Compute.create(1));
        assertThat(loaded.model().config()).isEqualTo(new ModelConfig(27, ModelConfig.Input.ONE_HOT, 27, 2, 1, 1f, 0f));
        assertThat(loaded.metadata().tokenizer()).isEqualTo(TokenizerKind.CHAR_UDACITY);
        assertThat(loaded.metadata().vocabulary()).hasSize(27).startsWith(" ", "a", "b").endsWith("z");
        assertThat(loaded.model().params().views().stream().map(v -> v.name()).toList())
                .containsAll(List.of("rnn.weight_ih_l0", "decoder.weight"));
    }
}
