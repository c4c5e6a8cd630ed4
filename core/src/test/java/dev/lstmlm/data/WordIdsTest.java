package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordIdsTest {
    @TempDir Path dir;

    @Test
    void ptbSplitsHaveThePublishedTokenCounts() {
        Vocabulary v = Vocabulary.build(TestData.require("ptb/ptb.train.txt"));
        TokenSequence train = WordIds.read(TestData.require("ptb/ptb.train.txt"), v);
        assertThat(train.size()).isEqualTo(929_589);
        assertThat(WordIds.read(TestData.require("ptb/ptb.valid.txt"), v).size()).isEqualTo(73_760);
        assertThat(WordIds.read(TestData.require("ptb/ptb.test.txt"), v).size()).isEqualTo(82_430);
        // The first line: " aer banknote berlitz ..." -- the rarest words sort last, "aer" is id 9970 in TF's vocab.
        assertThat(v.word(train.get(0))).isEqualTo("aer");
        assertThat(train.get(0)).isEqualTo(9970);
    }

    @Test
    void wordsAreMappedToTheirIds() throws IOException {
        Vocabulary v = Vocabulary.of(List.of("<eos>", "a", "b"));
        Path f = Files.writeString(dir.resolve("t.txt"), "a b\nb\n");
        assertThat(WordIds.read(f, v).toArray()).containsExactly(1, 2, 0, 2, 0);
    }

    @Test
    void wordsOfAStringSplitAsAFileIsRead() throws IOException {
        String text = " the\u00a0cat  sat\r\non\tthe\n\nmat";
        assertThat(WordIds.words(text)).containsExactly("the", "cat", "sat", "<eos>", "on", "the", "<eos>", "<eos>", "mat");
        Vocabulary v = Vocabulary.of(List.of("<eos>", "the", "cat", "sat", "on", "mat"));
        Path f = Files.writeString(dir.resolve("t.txt"), text);
        assertThat(WordIds.words(text).stream().mapToInt(v::id).toArray()).containsExactly(WordIds.read(f, v).toArray());
        assertThat(WordIds.words(" \t ")).isEmpty();
    }

    @Test
    void unknownWordsBecomeUnk() throws IOException {
        Vocabulary v = Vocabulary.of(List.of("<eos>", "<unk>", "a"));
        Path f = Files.writeString(dir.resolve("t.txt"), "a zebra a\n");
        assertThat(WordIds.read(f, v).toArray()).containsExactly(2, 1, 2, 0);
    }

    @Test
    void unknownWordWithoutUnkNamesWordFileAndLine() throws IOException {
        Vocabulary v = Vocabulary.of(List.of("<eos>", "a"));
        Path f = Files.writeString(dir.resolve("t.txt"), "a\na a zebra\n");
        assertThatThrownBy(() -> WordIds.read(f, v)).isInstanceOf(UserError.class)
                .hasMessage(f + " line 2: the word \"zebra\" is not in the vocabulary, which has no <unk> to stand for it;"
                        + " use a vocabulary built from a text that covers this one");
    }

    @Test
    void encodeStreamsIdsInOrder() throws IOException {
        Vocabulary v = Vocabulary.of(List.of("<eos>", "x"));
        Path f = Files.writeString(dir.resolve("t.txt"), "x x x");
        StringBuilder seen = new StringBuilder();
        assertThat(WordIds.encode(f, v, seen::append)).isEqualTo(3);
        assertThat(seen).hasToString("111");
    }
}
