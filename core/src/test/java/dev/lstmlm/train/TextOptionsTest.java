package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import dev.lstmlm.data.VocabLimits;
import dev.lstmlm.data.WordRules;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextOptionsTest {
    @Test
    void thePresetsKeepReaderPyAndTheirConfigFilesDoNotChange() {
        TrainConfig c = Presets.get("ptb-small");
        assertThat(TextOptions.rules(c)).isEqualTo(WordRules.PTB);
        assertThat(TextOptions.limits(c)).isEqualTo(VocabLimits.NONE);
        for (TrainOption<?> o : TextOptions.ALL) assertThat(c.toJson().has(o.key())).as(o.key()).isFalse();
    }

    @Test
    void flagsSetTheRulesAndLimitsAndAreWrittenToTheConfig() {
        TrainConfig c = TrainConfig.resolve("ptb-small", null, Map.of("tokenize", "text", "lowercase", true, "eos", "paragraph",
                "vocab_size", 5000, "min_count", 2, "split", "0.8,0.1"));
        assertThat(TextOptions.rules(c)).isEqualTo(new WordRules(WordRules.Tokenize.TEXT, true, WordRules.Eos.PARAGRAPH));
        assertThat(TextOptions.limits(c)).isEqualTo(new VocabLimits(5000, 2));
        assertThat(c.toJson().get("tokenize").asText()).isEqualTo("text");
        assertThat(c.toJson().get("split").asText()).isEqualTo("0.8,0.1");
        assertThat(TrainConfig.resolve("ptb-small", null, Map.of()).toJson().has("tokenize")).isFalse();
    }

    @Test
    void optionsThatDoNotGoTogetherAreOneSentenceNamingTheFlag() {
        assertThatThrownBy(() -> TrainConfig.resolve("shakespeare-char", null, Map.of("lowercase", true)))
                .isInstanceOf(UserError.class)
                .hasMessage("--lowercase applies to word models, but the tokenizer is char-codepoint; leave it out or train a word"
                        + " model (--tokenizer word)");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("split", "0.9", "valid", "v.txt")))
                .isInstanceOf(UserError.class).hasMessageStartingWith("--split cuts one file into parts, so it cannot be combined");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("split", "1.5")))
                .isInstanceOf(UserError.class).hasMessageStartingWith("split must be a fraction such as 0.9 or two such as 0.8,0.1");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("vocab_size", 1)))
                .isInstanceOf(UserError.class).hasMessageStartingWith("vocab_size must be 0 or at least 2 but is 1");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("tokenize", "bpe")))
                .isInstanceOf(UserError.class).hasMessageContaining("use one of whitespace, text");
    }
}
