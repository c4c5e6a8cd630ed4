package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
    @TempDir Path dir;

    @Test
    void flagsOverrideThePreset() {
        TrainConfig c = TrainConfig.resolve("ptb-small", null, Map.of("hidden_size", 32, "epochs", 2, "lr", 0.5));
        assertThat(c).isEqualTo(TrainConfig.builder().set(TrainOptions.PRESET, "ptb-small").set(TrainOptions.CORPUS, "ptb")
                .set(TrainOptions.HIDDEN_SIZE, 32).set(TrainOptions.LAYERS, 2).set(TrainOptions.NUM_STEPS, 20)
                .set(TrainOptions.BATCH_SIZE, 20).set(TrainOptions.EPOCHS, 2).set(TrainOptions.LR, 0.5)
                .set(TrainOptions.LR_DECAY, 0.5).set(TrainOptions.DECAY_AFTER, 4).set(TrainOptions.KEEP_PROB, 1.0)
                .set(TrainOptions.MAX_GRAD_NORM, 5.0).set(TrainOptions.INIT_SCALE, 0.1)
                .set(TrainOptions.LOSS, LossScaling.SUM_OVER_STEPS).set(TrainOptions.SEED, 1L).build());
    }

    @Test
    void aFileStartsFromItsPresetAndFlagsWin() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"preset\": \"ptb-medium\", \"epochs\": 3, \"keep_prob\": 0.9, \"loss\": \"mean-over-steps\"}");
        TrainConfig c = TrainConfig.resolve(null, file, Map.of("keep_prob", 0.7));
        assertThat(c.preset()).isEqualTo("ptb-medium");
        assertThat(c.hiddenSize()).isEqualTo(650);
        assertThat(c.schedule()).isEqualTo(new Schedule.Epochs(3, 6, 0.8));
        assertThat(c.keepProb()).isEqualTo(0.7);
        assertThat(c.loss()).isEqualTo(LossScaling.MEAN_OVER_STEPS);
    }

    @Test
    void aCompleteFileNeedsNoPresetAndIsCalledCustom() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, Presets.get("ptb-test").toJson().without("preset").toString());
        TrainConfig c = TrainConfig.resolve(null, file, Map.of());
        assertThat(c.preset()).isEqualTo("custom");
        assertThat(c.hiddenSize()).isEqualTo(2);
    }

    @Test
    void roundTripsThroughJson() throws IOException {
        TrainConfig c = TrainConfig.resolve("ptb-large", null, Map.of("seed", 99L));
        Path file = dir.resolve("config.json");
        Files.writeString(file, c.toJson().toPrettyString());
        assertThat(TrainConfig.read(file)).isEqualTo(c);
    }

    @Test
    void anIncompleteFileWithoutPresetSaysWhatIsMissing() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"epochs\": 3}");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessage(file + " does not give \"corpus\", \"hidden_size\", \"layers\", \"num_steps\", \"batch_size\", \"lr\", "
                        + "\"lr_decay\", \"decay_after\", \"keep_prob\", \"max_grad_norm\", \"init_scale\", \"loss\", \"seed\"; "
                        + "add them, or start from a preset with --preset or \"preset\"");
    }

    @Test
    void anUnknownFieldListsTheValidOnes() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"preset\": \"ptb-small\", \"hiden_size\": 3}");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageStartingWith(file + " has an unknown field \"hiden_size\"; valid fields are preset, corpus, hidden_size,");
    }

    @Test
    void aWrongTypeNamesTheField() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"preset\": \"ptb-small\", \"hidden_size\": \"big\"}");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessage("\"hidden_size\" in " + file + " must be an integer but is \"big\"");
        Files.writeString(file, "{\"preset\": \"ptb-small\", \"lr\": 0.5, \"layers\": 1.5}");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessage("\"layers\" in " + file + " must be an integer but is 1.5");
    }

    @Test
    void invalidValuesSayWhichFlagToFix() {
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("hidden_size", 0))).isInstanceOf(UserError.class)
                .hasMessage("hidden_size must be at least 1 but is 0; set --hidden-size (or \"hidden_size\" in a config file) to a valid value");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("keep_prob", 1.5))).isInstanceOf(UserError.class)
                .hasMessageStartingWith("keep_prob must be in (0, 1] but is 1.5; set --keep-prob");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("lr_decay", 0.0))).isInstanceOf(UserError.class)
                .hasMessageStartingWith("lr_decay must be in (0, 1] but is 0.0; set --lr-decay");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("max_grad_norm", -1.0))).isInstanceOf(UserError.class)
                .hasMessageStartingWith("max_grad_norm must be a positive number but is -1.0; set --max-grad-norm");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("loss", "mean"))).isInstanceOf(UserError.class)
                .hasMessage("loss \"mean\" in the command line is unknown; use one of sum-over-steps, mean-over-steps");
    }

    @Test
    void badFilesAreUserErrors() throws IOException {
        assertThatThrownBy(() -> TrainConfig.resolve(null, dir.resolve("none.json"), Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("does not exist");
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"preset\": ");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("is not valid JSON");
        Files.writeString(file, "[1]");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("must hold one JSON object");
    }

    @Test
    void anUnknownPresetInAFileListsTheValidOnes() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"preset\": \"tiny\"}");
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageStartingWith("unknown preset \"tiny\"; choose one of ptb-small");
    }

    @Test
    void aFileWrittenBeforeTheCharacterFieldsReadsAsTheWordRecipe() throws IOException {
        Path file = dir.resolve("config.json");
        com.fasterxml.jackson.databind.node.ObjectNode old = Presets.get("ptb-small").toJson();
        for (String k : java.util.List.of("tokenizer", "input", "loop", "steps", "decay_every", "optimizer", "init", "init_mean", "forget_bias")) {
            old.remove(k);
        }
        Files.writeString(file, old.toString());
        assertThat(TrainConfig.read(file)).isEqualTo(Presets.get("ptb-small"));
    }

    @Test
    void characterPresetsRoundTripAndTakeTheirNewFlags() throws IOException {
        TrainConfig c = TrainConfig.resolve("char-udacity", null, Map.of("steps", 20, "optimizer", "adam", "init_mean", 0.0));
        assertThat(c.schedule()).isEqualTo(new Schedule.Steps(20, 5000, 0.1));
        assertThat(c.optimizer()).isEqualTo(TrainConfig.OptimizerKind.ADAM);
        Path file = dir.resolve("config.json");
        Files.writeString(file, c.toJson().toPrettyString());
        assertThat(TrainConfig.read(file)).isEqualTo(c);
        assertThat(c.toJson().get("input").asText()).isEqualTo("one-hot");
        assertThat(c.toJson().get("tokenizer").asText()).isEqualTo("char-udacity");
    }

    @Test
    void loopFieldsAreCheckedAgainstTheLoop() {
        assertThatThrownBy(() -> TrainConfig.resolve("char-udacity", null, Map.of("steps", 0))).isInstanceOf(UserError.class)
                .hasMessage("steps must be at least 1 for the udacity loop but is 0; set --steps (or \"steps\" in a config file) to a valid value");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("loop", "udacity", "steps", 5, "decay_every", 5)))
                .isInstanceOf(UserError.class)
                .hasMessage("loop udacity needs a character tokenizer but the tokenizer is word; set --loop (or \"loop\" in a config file) to a valid value");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("optimizer", "rmsprop"))).isInstanceOf(UserError.class)
                .hasMessage("optimizer \"rmsprop\" in the command line is unknown; use one of sgd, adam");
    }
}
