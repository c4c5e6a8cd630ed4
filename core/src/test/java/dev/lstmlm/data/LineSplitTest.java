package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineSplitTest {
    @TempDir Path dir;

    private Path lines(int n, boolean finalNewline) throws IOException {
        String text = IntStream.rangeClosed(1, n).mapToObj(i -> "w" + i + " x").collect(Collectors.joining("\n"));
        return Files.writeString(dir.resolve("t.txt"), text + (finalNewline ? "\n" : ""));
    }

    @Test
    void cutsAtLineEndsIntoTrainAndValid() throws IOException {
        Path f = lines(10, true);
        WordText[] p = LineSplit.parse("0.9").parts(f);
        assertThat(p).hasSize(2);
        assertThat(words(p[0])).hasSize(9 * 3).startsWith("w1").endsWith("<eos>");
        assertThat(words(p[1])).containsExactly("w10", "x", "<eos>");
    }

    @Test
    void cutsIntoTrainValidAndTestAndCountsAnUnterminatedLastLine() throws IOException {
        Path f = lines(10, false);
        assertThat(LineSplit.lines(f)).isEqualTo(10);
        WordText[] p = LineSplit.parse("0.8,0.1").parts(f);
        assertThat(p).hasSize(3);
        assertThat(words(p[0]).stream().filter(w -> w.startsWith("w")).toList()).containsExactly("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8");
        assertThat(words(p[1])).containsExactly("w9", "x", "<eos>");
        assertThat(words(p[2])).containsExactly("w10", "x");
        List<String> all = new ArrayList<>();
        for (WordText t : p) all.addAll(words(t));
        assertThat(all).isEqualTo(words(WordText.whole(f)));
    }

    @Test
    void tooFewLinesAndBadFractionsAreOneSentence() throws IOException {
        Path f = lines(5, true);
        assertThatThrownBy(() -> LineSplit.parse("0.8,0.1").parts(f)).isInstanceOf(UserError.class)
                .hasMessage(f + " has 5 lines, too few to give every part of --split 0.8,0.1 at least one line; use a longer text or"
                        + " other fractions");
        assertThatThrownBy(() -> LineSplit.parse("1.2")).isInstanceOf(UserError.class).hasMessageStartingWith("--split 1.2 is not a split");
        assertThatThrownBy(() -> LineSplit.parse("0.9,0.2")).isInstanceOf(UserError.class).hasMessageStartingWith("--split 0.9,0.2 is not");
        assertThatThrownBy(() -> LineSplit.parse("abc")).isInstanceOf(UserError.class).hasMessageStartingWith("--split \"abc\" is not");
    }

    private static List<String> words(WordText t) {
        List<String> w = new ArrayList<>();
        t.read(WordRules.PTB, (c, n, h, line) -> w.add(new String(c, 0, n)));
        return w;
    }
}
