package dev.lstmlm.data;

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

class WordRulesTest {
    private static final WordRules TEXT = new WordRules(WordRules.Tokenize.TEXT, false, WordRules.Eos.LINE);

    @TempDir Path dir;

    @Test
    void theTextRuleKeepsInnerApostrophesAndHyphensAndSplitsOffEveryOtherSymbol() {
        assertThat(TEXT.words("\"Elizabeth,\"")).containsExactly("\"", "Elizabeth", ",", "\"");
        assertThat(TEXT.words("don't well-known")).containsExactly("don't", "well-known");
        assertThat(TEXT.words("the 1990s... 'tis")).containsExactly("the", "1990s", ".", ".", ".", "'", "tis");
        assertThat(TEXT.words("3.5% (e.g.)")).containsExactly("3", ".", "5", "%", "(", "e", ".", "g", ".", ")");
        assertThat(TEXT.words("rock- and 'n' roll-")).containsExactly("rock", "-", "and", "'", "n", "'", "roll", "-");
        assertThat(TEXT.words("Zoë’s café naïve")).containsExactly("Zoë’s", "café", "naïve");
        assertThat(TEXT.words("cafe\u0301 日本語")).as("combining marks and letters beyond Latin").containsExactly("cafe\u0301", "日本語");
    }

    @Test
    void theWhitespaceRuleIsReaderPyAndMatchesWordIds() {
        String text = " a,b  \"c\"\nd\u00a0e \n\nf";
        assertThat(WordRules.PTB.words(text)).isEqualTo(WordIds.words(text))
                .containsExactly("a,b", "\"c\"", "<eos>", "d", "e", "<eos>", "<eos>", "f");
    }

    @Test
    void lowercaseFoldsEveryWordAfterSplitting() {
        WordRules lower = new WordRules(WordRules.Tokenize.TEXT, true, WordRules.Eos.NONE);
        assertThat(lower.words("The CAT's Hat.\nÉTÉ")).containsExactly("the", "cat's", "hat", ".", "été");
    }

    @Test
    void eosGoesAtLineEndsAtParagraphEndsOrNowhere() {
        String prose = "It was a\nbright day.\n\n  \nThen rain\nfell.\n";
        assertThat(new WordRules(WordRules.Tokenize.WHITESPACE, false, WordRules.Eos.LINE).words(prose))
                .containsExactly("It", "was", "a", "<eos>", "bright", "day.", "<eos>", "<eos>", "<eos>", "Then", "rain", "<eos>",
                        "fell.", "<eos>");
        assertThat(new WordRules(WordRules.Tokenize.WHITESPACE, false, WordRules.Eos.PARAGRAPH).words(prose))
                .as("one <eos> per blank-line gap; a typed text's last paragraph stays open")
                .containsExactly("It", "was", "a", "bright", "day.", "<eos>", "Then", "rain", "fell.");
        assertThat(new WordRules(WordRules.Tokenize.WHITESPACE, false, WordRules.Eos.NONE).words(prose))
                .containsExactly("It", "was", "a", "bright", "day.", "Then", "rain", "fell.");
    }

    @Test
    void aFileEndsItsLastParagraphAndALineRangeEndsItToo() throws IOException {
        Path f = Files.writeString(dir.resolve("p.txt"), "one two\nthree\n\nfour\nfive\n\nsix");
        WordRules para = new WordRules(WordRules.Tokenize.TEXT, false, WordRules.Eos.PARAGRAPH);
        assertThat(read(WordText.whole(f), para)).containsExactly("one", "two", "three", "<eos>", "four", "five", "<eos>", "six", "<eos>");
        assertThat(read(new WordText(f, 2, 5), para)).containsExactly("three", "<eos>", "four", "<eos>");
        assertThat(read(new WordText(f, 5, Long.MAX_VALUE), TEXT)).containsExactly("five", "<eos>", "<eos>", "six");
    }

    @Test
    void readingAWholeFileWithPtbRulesGivesWordReadersWords() throws IOException {
        Path f = Files.writeString(dir.resolve("w.txt"), " a b\n c,d \r\n\ne");
        List<String> fast = new ArrayList<>();
        WordReader.read(f, (c, n, h, line) -> fast.add(new String(c, 0, n)));
        assertThat(read(new WordText(f, 1, 1_000), WordRules.PTB)).as("the general reader over a range").isEqualTo(fast);
    }

    @Test
    void rulesRoundTripThroughCheckpointMetadataAndOldFilesReadAsPtb() {
        WordRules r = new WordRules(WordRules.Tokenize.TEXT, true, WordRules.Eos.PARAGRAPH);
        assertThat(r.toJson().toString()).isEqualTo("{\"tokenize\":\"text\",\"lowercase\":true,\"eos\":\"paragraph\",\"unk\":\"<unk>\"}");
        assertThat(WordRules.fromMetadata(Map.of(WordRules.METADATA_KEY, r.toJson().toString()))).isEqualTo(r);
        assertThat(WordRules.fromMetadata(Map.of())).isEqualTo(WordRules.PTB);
        assertThatThrownBy(() -> WordRules.fromMetadata(Map.of(WordRules.METADATA_KEY, "{\"tokenize\":\"bpe\"}")))
                .isInstanceOf(UserError.class).hasMessageContaining("is not readable; the file is damaged");
    }

    private static List<String> read(WordText text, WordRules rules) {
        List<String> words = new ArrayList<>();
        text.read(rules, (c, n, h, line) -> {
            assertThat(h).isEqualTo(new String(c, 0, n).hashCode());
            words.add(new String(c, 0, n));
        });
        return words;
    }
}
