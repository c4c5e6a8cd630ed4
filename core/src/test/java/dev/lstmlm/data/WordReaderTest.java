package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordReaderTest {
    @TempDir Path dir;

    private List<String> words(String text) throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), text);
        List<String> words = new ArrayList<>();
        long n = WordReader.read(f, (chars, length, hash, line) -> {
            String w = new String(chars, 0, length);
            assertThat(hash).isEqualTo(w.hashCode());
            words.add(w + "@" + line);
        });
        assertThat(n).isEqualTo(words.size());
        return words;
    }

    @Test
    void everyLineEndIsAnEosWordOnItsLine() throws IOException {
        assertThat(words(" the cat \n sat \n")).containsExactly("the@1", "cat@1", "<eos>@1", "sat@2", "<eos>@2");
    }

    @Test
    void lineEndBetweenWordsStillSeparatesThem() throws IOException {
        // reader.py would read "a<eos>b" here; a line end is always a word of its own in this reader.
        assertThat(words("a\nb")).containsExactly("a@1", "<eos>@1", "b@2");
    }

    @Test
    void crlfReadsLikeLf() throws IOException {
        assertThat(words("x y\r\nz\r\n")).containsExactly("x@1", "y@1", "<eos>@1", "z@2", "<eos>@2");
    }

    @Test
    void splitsOnExactlyPythonsWhitespace() throws IOException {
        // U+00A0, U+2007, U+0085 and U+001C split in Python, though Java's isWhitespace rejects the first three;
        // U+200B (zero width space) and U+FEFF do not split in Python.
        assertThat(words("a\u00A0b\u2007c\u0085d\u001Ce\tf\u3000g\u200Bh\uFEFFi"))
                .containsExactly("a@1", "b@1", "c@1", "d@1", "e@1", "f@1", "g\u200Bh\uFEFFi@1");
    }

    @Test
    void isSpaceMatchesPythonsTableExactly() {
        // Every code point for which Python 3.11's str.isspace() is true.
        int[] python = {0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
                0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
                0x205f, 0x3000};
        List<Integer> ours = new ArrayList<>();
        for (int c = 0; c < 0x110000; c++) {
            if (WordReader.isSpace(c)) ours.add(c);
        }
        assertThat(ours).containsExactly(Arrays.stream(python).boxed().toArray(Integer[]::new));
    }

    @Test
    void lastLineWithoutLineEndHasNoEos() throws IOException {
        assertThat(words("a b\nc")).containsExactly("a@1", "b@1", "<eos>@1", "c@2");
    }

    @Test
    void wordLongerThanTheLimitIsAUserError() throws IOException {
        Path f = Files.writeString(dir.resolve("long.txt"), "ok\n" + "x".repeat(WordReader.MAX_WORD_CHARS + 1));
        assertThatThrownBy(() -> WordReader.read(f, (chars, length, hash, line) -> { }))
                .isInstanceOf(UserError.class)
                .hasMessage(f + " line 2 has a word longer than 1048576 characters, which is not a word-level text;"
                        + " use a character-level corpus for it");
    }

    @Test
    void hundredMegabyteSingleLineIsReadWordByWord() throws IOException {
        Path f = dir.resolve("one-line.txt");
        byte[] chunk = "lorem ipsum dolor sit amet ".getBytes(StandardCharsets.US_ASCII);
        long repeats = 100_000_000L / chunk.length + 1;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            for (long i = 0; i < repeats; i++) out.write(chunk);
            out.write('\n');
        }
        assertThat(Files.size(f)).isGreaterThan(100_000_000L);
        long[] last = new long[2];
        long n = WordReader.read(f, (chars, length, hash, line) -> {
            last[0]++;
            last[1] = line;
        });
        assertThat(n).isEqualTo(5 * repeats + 1).isEqualTo(last[0]);
        assertThat(last[1]).isEqualTo(1);
    }
}
