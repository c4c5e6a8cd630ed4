package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A made-up option added to the table as one entry gets the JSON key, the parsing, the check, the
 * error messages and the fallback that old files need, without another line anywhere.
 */
class TrainOptionsTest {
    /** The entry a branch adding label smoothing would write into {@link TrainOptions}. */
    static final TrainOption<Double> LABEL_SMOOTHING = TrainOption.of("label_smoothing", TrainOption.Kind.NUMBER, 0.0, "W",
            "Made up: a smoothing of the targets.", w -> w >= 0 && Double.isFinite(w), "must be 0 or more");
    static final List<TrainOption<?>> TABLE = withMadeUpOption();

    @TempDir Path dir;

    private static List<TrainOption<?>> withMadeUpOption() {
        List<TrainOption<?>> t = new ArrayList<>(TrainOptions.ALL);
        t.add(LABEL_SMOOTHING);
        return List.copyOf(t);
    }

    @Test
    void aMadeUpOptionTakesItsFallbackAndAFlagValue() {
        TrainConfig plain = ConfigFiles.resolve(TABLE, "ptb-small", null, Map.of());
        assertThat(plain.get(LABEL_SMOOTHING)).isEqualTo(0.0);
        assertThat(plain.hiddenSize()).isEqualTo(200);
        TrainConfig decayed = ConfigFiles.resolve(TABLE, "ptb-small", null, Map.of("label_smoothing", 1e-4, "layers", 1));
        assertThat(decayed.get(LABEL_SMOOTHING)).isEqualTo(1e-4);
        assertThat(decayed.layers()).isEqualTo(1);
        assertThat(decayed.toJson().get("label_smoothing").doubleValue()).isEqualTo(1e-4);
    }

    @Test
    void aMadeUpOptionRoundTripsThroughAConfigFile() throws IOException {
        TrainConfig c = ConfigFiles.resolve(TABLE, "char-udacity", null, Map.of("label_smoothing", 0.5));
        Path file = dir.resolve("config.json");
        Files.writeString(file, c.toJson().toPrettyString());
        assertThat(ConfigFiles.fromJson(TABLE, ConfigFiles.readFile(file), file.toString())).isEqualTo(c);
        // a file written before the option existed reads with the fallback
        Files.writeString(file, Presets.get("char-udacity").toJson().toPrettyString());
        assertThat(ConfigFiles.fromJson(TABLE, ConfigFiles.readFile(file), file.toString()).get(LABEL_SMOOTHING)).isEqualTo(0.0);
    }

    @Test
    void aMadeUpOptionIsCheckedWithItsOwnMessages() throws IOException {
        assertThatThrownBy(() -> ConfigFiles.resolve(TABLE, "ptb-small", null, Map.of("label_smoothing", -1.0)))
                .isInstanceOf(UserError.class)
                .hasMessage("label_smoothing must be 0 or more but is -1.0; set --label-smoothing (or \"label_smoothing\" in a config file)"
                        + " to a valid value");
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"preset\": \"ptb-small\", \"label_smoothing\": \"lots\"}");
        assertThatThrownBy(() -> ConfigFiles.resolve(TABLE, null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessage("\"label_smoothing\" in " + file + " must be a number but is \"lots\"");
        // without the entry, the same file names an unknown field
        assertThatThrownBy(() -> TrainConfig.resolve(null, file, Map.of())).isInstanceOf(UserError.class)
                .hasMessageStartingWith(file + " has an unknown field \"label_smoothing\"");
    }

    @Test
    void everyOptionHasAFlagNamedAfterItsKeyAndHelp() {
        for (TrainOption<?> o : TrainOptions.ALL) {
            assertThat(o.flag()).isEqualTo("--" + o.key().replace('_', '-'));
            assertThat(o.help()).isNotBlank();
            assertThat(TrainOptions.byKey(o.key())).isSameAs(o);
        }
        assertThat(TrainOptions.ALL.stream().filter(o -> !o.isFlag()).toList()).containsExactly(TrainOptions.PRESET);
    }

    @Test
    void thePresetsWriteTheJsonOfTheFirstFormat() {
        assertThat(Presets.get("ptb-small").toJson().toString()).isEqualTo("{\"preset\":\"ptb-small\",\"corpus\":\"ptb\","
                + "\"hidden_size\":200,\"layers\":2,\"num_steps\":20,\"batch_size\":20,\"epochs\":13,\"lr\":1.0,\"lr_decay\":0.5,"
                + "\"decay_after\":4,\"keep_prob\":1.0,\"max_grad_norm\":5.0,\"init_scale\":0.1,\"loss\":\"sum-over-steps\","
                + "\"seed\":1,\"tokenizer\":\"word\",\"input\":\"embedding\",\"loop\":\"ptb\",\"steps\":0,\"decay_every\":0,"
                + "\"optimizer\":\"sgd\",\"init\":\"uniform\",\"init_mean\":0.0,\"forget_bias\":0.0}");
    }
}
