package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    @TempDir Path dir;

    @Test
    void reportsBitsPerCharacterForCharacterModels() throws IOException {
        ModelConfig config = new ModelConfig(27, ModelConfig.Input.EMBEDDING, 4, 4, 1, 1f, 0f);
        LanguageModel model = new LanguageModel(config, Compute.of(Kernels.scalar(), 1));
        model.initUniform(0.1f, 3);
        Path file = dir.resolve("char.safetensors");
        Checkpoint.save(file, model, new CheckpointMetadata(config, TokenizerKind.CHAR_UDACITY, CharAlphabet.letters().symbols()));
        Path text = Files.writeString(dir.resolve("t.txt"), "the quick brown fox jumps over the lazy dog ".repeat(20));

        CliRun r = CliRun.of("eval", "--model", file.toString(), "--text", text.toString(), "--json", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo(CliRun.kernelsLine(1));
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("tokenizer").asText()).isEqualTo("char-udacity");
        assertThat(n.get("tokens").asLong()).isEqualTo(880);
        assertThat(n.get("predictions").asLong()).isEqualTo(879);
        // an untrained model is close to uniform over the 27 symbols
        assertThat(n.get("perplexity").asDouble()).isBetween(24.0, 30.0);
        assertThat(n.get("bits_per_character").asDouble()).isCloseTo(n.get("loss").asDouble() / Math.log(2), within(1e-12));

        CliRun plain = CliRun.of("eval", "--model", file.toString(), "--text", text.toString(), "--threads", "1");
        assertThat(plain.out()).startsWith(String.format(java.util.Locale.ROOT, "perplexity %.2f (loss %.4f nats per token, %.4f bits per character) on "
                + text + ": 880 tokens, 879 scored, batch 1, ", n.get("perplexity").asDouble(), n.get("loss").asDouble(),
                n.get("bits_per_character").asDouble()));
    }

    @Test
    void aMissingModelIsAUserError() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "a b c\n");
        CliRun r = CliRun.of("eval", "--model", dir.resolve("none.safetensors").toString(), "--text", text.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.messages()).isEqualTo("error: checkpoint file " + dir.resolve("none.safetensors")
                + " does not exist; check the path (a training run writes RUN_DIR/model.safetensors)\n");
    }

    @Test
    void aCorruptModelIsAUserError() throws IOException {
        Path model = Files.writeString(dir.resolve("m.safetensors"), "not a checkpoint at all");
        Path text = Files.writeString(dir.resolve("t.txt"), "a b c\n");
        CliRun r = CliRun.of("eval", "--model", model.toString(), "--text", text.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.messages()).startsWith("error: " + model + " is not a valid safetensors file: its header length");
    }

    @Test
    void needsATextOrACorpus() {
        CliRun r = CliRun.of("eval", "--model", "m.safetensors");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required argument");
    }
}
