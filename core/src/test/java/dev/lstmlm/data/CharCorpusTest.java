package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharCorpusTest {
    @TempDir Path dir;

    @Test
    void tinyShakespeareHasSixtyFiveCharactersPlusTheUnknownId() throws IOException {
        Path file = TestData.require("tinyshakespeare/input.txt");
        CharCorpus c = CharCorpus.load(file, CharAlphabet.Kind.CODEPOINTS, CharSplit.fraction(0.9));

        assertThat(c.alphabet().size()).isEqualTo(66);
        assertThat(String.join("", c.alphabet().symbols().subList(1, 66)))
                .isEqualTo("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
        assertThat(c.train().size()).isEqualTo(1_003_854);
        assertThat(c.valid().size()).isEqualTo(111_540);
        String text = Files.readString(file);
        assertThat(c.alphabet().decode(c.train().slice(0, 14).toArray())).isEqualTo("First Citizen:");
        assertThat(c.alphabet().decode(c.valid().toArray())).isEqualTo(text.substring(1_003_854));
    }

    @Test
    void udacitySplitWithLettersMatchesTheNotebook() throws IOException {
        String text = IntStream.range(0, 1200).mapToObj(i -> i % 7 == 0 ? " " : String.valueOf((char) ('a' + i % 26)))
                .collect(Collectors.joining());
        Path f = Files.writeString(dir.resolve("t8"), text);
        CharCorpus c = CharCorpus.load(f, CharAlphabet.Kind.LETTERS, CharSplit.udacity());

        assertThat(c.valid().size()).isEqualTo(1000);
        assertThat(c.train().size()).isEqualTo(200);
        assertThat(c.alphabet().decode(c.valid().toArray())).isEqualTo(text.substring(0, 1000));
        assertThat(c.alphabet().decode(c.train().toArray())).isEqualTo(text.substring(1000));
        assertThat(c.train().get(0)).isEqualTo(c.alphabet().id(text.charAt(1000)));
    }

    @Test
    void codePointAlphabetComesFromTheTrainingPartOnly() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "abcabcabcZ");
        CharCorpus c = CharCorpus.load(f, CharAlphabet.Kind.CODEPOINTS, CharSplit.fraction(0.9));
        assertThat(c.alphabet().symbols()).containsExactly("\uFFFD", "a", "b", "c");
        assertThat(c.valid().toArray()).containsExactly(CodePointAlphabet.UNKNOWN);

        CharCorpus udacity = CharCorpus.load(Files.writeString(dir.resolve("u.txt"), "Q".repeat(1000) + "xy"),
                CharAlphabet.Kind.CODEPOINTS, CharSplit.udacity());
        assertThat(udacity.alphabet().symbols()).containsExactly("\uFFFD", "x", "y");
    }

    @Test
    void largeAlphabetsAndSupplementaryCharactersSurviveChunkBoundaries() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            sb.appendCodePoint(0x4E00 + i % 300).appendCodePoint(0x1F600 + i % 3);
        }
        String text = sb.toString();
        Path f = Files.writeString(dir.resolve("cjk.txt"), text);
        CharCorpus c = CharCorpus.load(f, CharAlphabet.Kind.CODEPOINTS, CharSplit.fraction(0.5));

        assertThat(c.alphabet().size()).isEqualTo(304);
        assertThat(c.train().size() + c.valid().size()).isEqualTo(80_000);
        assertThat(c.alphabet().decode(c.train().toArray()) + c.alphabet().decode(c.valid().toArray())).isEqualTo(text);
    }

    @Test
    void givenAlphabetIsUsedAsIs() throws IOException {
        CodePointAlphabet stored = CodePointAlphabet.of('a', 'b');
        Path f = Files.writeString(dir.resolve("t.txt"), "abcab");
        CharCorpus c = CharCorpus.load(f, stored, CharSplit.fraction(0.6));
        assertThat(c.alphabet()).isSameAs(stored);
        assertThat(c.train().toArray()).containsExactly(1, 2, 0);
        assertThat(c.valid().toArray()).containsExactly(1, 2);
    }

    @Test
    void locateFindsRegisteredCharacterCorporaAndPaths() throws IOException {
        Files.createDirectories(dir.resolve("tinyshakespeare"));
        Path input = Files.writeString(dir.resolve("tinyshakespeare/input.txt"), "x");
        assertThat(CharCorpus.locate(dir, "tinyshakespeare")).isEqualTo(input);
        assertThat(CharCorpus.locate(dir, input.toString())).isEqualTo(input);
        assertThatThrownBy(() -> CharCorpus.locate(dir, "ptb")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("ptb is a word corpus");
        assertThatThrownBy(() -> CharCorpus.locate(dir, "shakespeare")).isInstanceOf(UserError.class)
                .hasMessageContaining("choose one of ptb, tinyshakespeare, text8");
        assertThatThrownBy(() -> CharCorpus.locate(dir, "text8")).isInstanceOf(UserError.class)
                .hasMessageContaining("run `lstmlm download text8`");
    }

    @Test
    void invalidUtf8NamesTheFileAndOffset() throws IOException {
        Path f = Files.write(dir.resolve("bad.txt"), new byte[] {'h', 'i', (byte) 0x80});
        assertThatThrownBy(() -> CharCorpus.load(f, CharAlphabet.Kind.LETTERS, CharSplit.fraction(0.5)))
                .isInstanceOf(UserError.class).hasMessageContaining(f + " is not valid UTF-8").hasMessageContaining("byte offset 2");
    }
}
