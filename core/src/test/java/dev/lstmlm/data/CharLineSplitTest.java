package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharLineSplitTest {
    @TempDir Path dir;

    @Test
    void aCharacterCorpusIsCutAtLineEndsIntoTrainValidAndTest() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) text.append("line ").append(i).append(i == 9 ? "é\n" : "\n");
        Path f = Files.writeString(dir.resolve("t.txt"), text);
        CharCorpus c = CharCorpus.load(f, CharAlphabet.Kind.CODEPOINTS, CharCorpus.lineSplit(f, "0.8,0.1"));
        assertThat(c.train().size()).isEqualTo(8 * 7);
        assertThat(c.valid().size()).isEqualTo(7);
        assertThat(c.test().size()).isEqualTo(8);
        assertThat(c.alphabet().symbol(c.valid().get(0))).isEqualTo("l");
        assertThat(c.valid().get(5)).as("8 first occurs in the validation part").isEqualTo(CodePointAlphabet.UNKNOWN);
        assertThat(c.test().get(6)).as("é is only in the test part: the unknown symbol").isEqualTo(CodePointAlphabet.UNKNOWN);

        CharCorpus two = CharCorpus.load(f, CharAlphabet.Kind.CODEPOINTS, CharCorpus.lineSplit(f, "0.9"));
        assertThat(two.valid().size()).isEqualTo(8);
        assertThat(two.test()).isNull();
        assertThatThrownBy(() -> CharCorpus.lineSplit(f, "0.05,0.9")).isInstanceOf(UserError.class)
                .hasMessageContaining("has 10 lines, too few to give every part of --split 0.05,0.9 at least one line");
    }
}
