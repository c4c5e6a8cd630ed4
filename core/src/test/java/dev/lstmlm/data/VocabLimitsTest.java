package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabLimitsTest {
    private static Map<String, Long> counts(Object... wordCount) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < wordCount.length; i += 2) m.put((String) wordCount[i], ((Number) wordCount[i + 1]).longValue());
        return m;
    }

    private final Map<String, Long> counts = counts("the", 9, "<eos>", 5, "cat", 3, "bat", 3, "ant", 1, "zoo", 1);

    @Test
    void noLimitIsReaderPyAndNeedingUnkAddsItLast() {
        assertThat(VocabLimits.NONE.apply(counts, false).words()).containsExactly("the", "<eos>", "bat", "cat", "ant", "zoo");
        assertThat(VocabLimits.NONE.apply(counts, true).words()).containsExactly("the", "<eos>", "bat", "cat", "ant", "zoo", "<unk>");
        Map<String, Long> ptb = counts("the", 9, "<unk>", 4, "a", 1);
        assertThat(VocabLimits.NONE.apply(ptb, true).words()).as("a text with <unk> keeps it where it is").containsExactly("the", "<unk>", "a");
    }

    @Test
    void aSizeKeepsTheMostFrequentWithTiesInCodePointOrderAndUnkTakesTheRestsCount() {
        assertThat(new VocabLimits(4, 0).apply(counts, false).words())
                .as("bat beats cat in the tie; <unk> counts cat + ant + zoo = 5, tied with <eos>, and '<' sorts with it")
                .containsExactly("the", "<eos>", "<unk>", "bat");
        assertThat(new VocabLimits(100, 0).apply(counts, false).words()).containsExactly("the", "<eos>", "bat", "cat", "ant", "zoo", "<unk>");
    }

    @Test
    void aMinimumCountDropsRareWordsAndAddsTheirCountToUnk() {
        Map<String, Long> withUnk = new LinkedHashMap<>(counts);
        withUnk.put("<unk>", 1L);
        assertThat(new VocabLimits(0, 3).apply(withUnk, false).words())
                .as("<unk> counts 1 + ant + zoo = 3, tied with bat and cat, and '<' sorts before letters")
                .containsExactly("the", "<eos>", "<unk>", "bat", "cat");
        assertThat(new VocabLimits(3, 3).apply(withUnk, false).words()).containsExactly("<unk>", "the", "<eos>");
    }

    @Test
    void badLimitsAreOneSentence() {
        assertThatThrownBy(() -> new VocabLimits(1, 0)).isInstanceOf(UserError.class).hasMessageStartingWith("--vocab-size must be at least 2");
        assertThatThrownBy(() -> new VocabLimits(0, -1)).isInstanceOf(UserError.class).hasMessage("--min-count must be 0 or more, not -1");
    }
}
