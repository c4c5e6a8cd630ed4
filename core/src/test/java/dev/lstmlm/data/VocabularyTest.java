package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir Path dir;

    @Test
    void ptbVocabularyHasTheTensorFlowIdsAndCounts() {
        Path train = TestData.require("ptb/ptb.train.txt");
        Map<String, Long> counts = Vocabulary.countWords(train);
        Vocabulary v = Vocabulary.fromCounts(counts);

        assertThat(v.size()).isEqualTo(10_000);
        // Ids and counts from: tr ' ' '\n' | sort | uniq -c | sort -k1,1nr -k2,2 (LC_ALL=C), 42,068 <eos> added.
        assertThat(v.words().subList(0, 10)).containsExactly("the", "<unk>", "<eos>", "N", "of", "to", "a", "in", "and", "'s");
        assertThat(counts).containsEntry("the", 50_770L).containsEntry("<unk>", 45_020L).containsEntry("<eos>", 42_068L)
                .containsEntry("N", 32_481L).containsEntry("screens", 15L).containsEntry("wachter", 1L);
        assertThat(v.word(100)).isEqualTo("federal");
        assertThat(v.word(5000)).isEqualTo("screens");
        assertThat(v.word(5002)).isEqualTo("seeds");
        assertThat(v.word(9999)).isEqualTo("wachter");
        assertThat(v.unkId()).isEqualTo(1);
        assertThat(v.id("<eos>")).isEqualTo(2);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(929_589L);
    }

    @Test
    void ptbVocabularyEqualsAnIndependentCountAndSort() throws IOException {
        Path train = TestData.require("ptb/ptb.train.txt");
        Map<String, Integer> counts = new HashMap<>();
        for (String line : Files.readAllLines(train)) {
            for (String w : line.trim().split(" +")) {
                if (!w.isEmpty()) counts.merge(w, 1, Integer::sum);
            }
            counts.merge("<eos>", 1, Integer::sum);
        }
        List<String> expected = new ArrayList<>(counts.keySet());
        expected.sort((a, b) -> counts.get(a).equals(counts.get(b)) ? a.compareTo(b) : counts.get(b) - counts.get(a));

        assertThat(Vocabulary.build(train).words()).isEqualTo(expected);
    }

    @Test
    void tiesAreBrokenByCodePointOrderNotUtf16Order() {
        // U+FF21 < U+1F600 as code points, but the emoji's high surrogate (U+D83D) sorts first in UTF-16.
        Vocabulary v = Vocabulary.fromCounts(Map.of("\uD83D\uDE00", 2L, "\uFF21", 2L, "b", 2L, "a", 2L, "z", 3L));
        assertThat(v.words()).containsExactly("z", "a", "b", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void buildCountsEosForEveryLineEnd() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "b a\na\n");
        Vocabulary v = Vocabulary.build(f);
        assertThat(v.words()).containsExactly("<eos>", "a", "b");
        assertThat(v.unkId()).isEqualTo(-1);
        assertThat(v.id("c")).isEqualTo(-1);
    }

    @Test
    void fileWithoutWordsIsAUserError() throws IOException {
        Path f = Files.writeString(dir.resolve("blank.txt"), "  \t ");
        assertThatThrownBy(() -> Vocabulary.build(f)).isInstanceOf(UserError.class)
                .hasMessage(f + " contains no words; a training text needs at least one");
    }

    @Test
    void ofRejectsDuplicatesAndWhitespace() {
        assertThatThrownBy(() -> Vocabulary.of(List.of("a", "b", "a"))).isInstanceOf(UserError.class)
                .hasMessage("the vocabulary lists \"a\" twice (ids 0 and 2); use a vocabulary with distinct words");
        assertThatThrownBy(() -> Vocabulary.of(List.of("a b"))).isInstanceOf(UserError.class)
                .hasMessageContaining("contains whitespace");
        assertThatThrownBy(() -> Vocabulary.of(List.of())).isInstanceOf(UserError.class)
                .hasMessageContaining("empty");
    }

    @Test
    void writeAndReadRoundTrip() throws IOException {
        Vocabulary v = Vocabulary.of(List.of("the", "<unk>", "ünïcödé", "😀"));
        Path f = dir.resolve("vocab.txt");
        v.write(f);
        assertThat(Files.readString(f)).isEqualTo("the\n<unk>\nünïcödé\n😀\n");
        Vocabulary back = Vocabulary.read(f);
        assertThat(back).isEqualTo(v);
        assertThat(back.unkId()).isEqualTo(1);
        assertThat(back.id("😀")).isEqualTo(3);
    }
}
