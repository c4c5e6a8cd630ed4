package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
    @TempDir Path dir;

    private TextCorpus.Parts parts(String train, String valid) throws IOException {
        Path t = Files.writeString(dir.resolve("toy.train.txt"), train);
        Path v = valid == null ? null : Files.writeString(dir.resolve("toy.valid.txt"), valid);
        return new TextCorpus.Parts("toy", WordText.whole(t), v == null ? null : WordText.whole(v), null);
    }

    @Test
    void plainRulesOnATextWithUnkReadThroughTheTokenCacheExactlyAsWordCorpus() throws IOException {
        TextCorpus.Parts p = parts("a b <unk> a\nb a\n", "a zebra\n");
        WordCorpus c = TextCorpus.load(p, WordRules.PTB, VocabLimits.NONE, dir.resolve("cache"));
        WordCorpus reference = WordCorpus.inMemory(new WordFiles("toy", p.train().file(), p.valid().file(), null));
        assertThat(c.vocabulary()).isEqualTo(reference.vocabulary());
        assertThat(c.cacheDir()).isPresent();
        assertThat(c.valid().orElseThrow().toArray()).isEqualTo(reference.valid().orElseThrow().toArray());
    }

    @Test
    void aTrainingTextWithoutUnkGetsItSoThatOtherTextsCanMeetNewWords() throws IOException {
        WordCorpus c = TextCorpus.load(parts("a b a\nb a\n", "a zebra\n"), WordRules.PTB, VocabLimits.NONE, dir.resolve("cache"));
        assertThat(c.vocabulary().words()).containsExactly("a", "<eos>", "b", "<unk>");
        assertThat(c.valid().orElseThrow().toArray()).containsExactly(0, 3, 1);
        assertThat(TextCorpus.count(c.valid().orElseThrow(), c.vocabulary().unkId())).isEqualTo(1);
    }

    @Test
    void rulesAndLimitsApplyToEveryText() throws IOException {
        WordRules rules = new WordRules(WordRules.Tokenize.TEXT, true, WordRules.Eos.NONE);
        WordCorpus c = TextCorpus.load(parts("The cat, the hat.\nThe end.\n", "THE Cat!\n"), rules, new VocabLimits(3, 0),
                dir.resolve("cache"));
        assertThat(c.vocabulary().words()).containsExactly("<unk>", "the", ".");
        assertThat(c.valid().orElseThrow().toArray()).containsExactly(1, 0, 0);
        assertThat(c.cacheDir()).as("raw text is read into memory").isEmpty();
    }

    @Test
    void encodeCountsTheWordsTheVocabularyLacksAndWithoutUnkNamesTheFirst() throws IOException {
        Path f = Files.writeString(dir.resolve("eval.txt"), "a q\nr a\n");
        long[] n = {0};
        assertThat(TextCorpus.encode(WordText.whole(f), WordRules.PTB, Vocabulary.of(java.util.List.of("a", "<eos>", "<unk>")),
                id -> n[0]++)).isEqualTo(2);
        assertThat(n[0]).isEqualTo(6);
        assertThatThrownBy(() -> TextCorpus.encode(WordText.whole(f), WordRules.PTB, Vocabulary.of(java.util.List.of("a", "<eos>")), id -> {}))
                .isInstanceOf(UserError.class).hasMessageStartingWith(f + " line 1: the word \"q\" is not in the vocabulary, which has no <unk>");
    }

    @Test
    void aTextOfOnlyWhitespaceIsOneSentence() throws IOException {
        TextCorpus.Parts p = parts(" \n\t\n\n", null);
        assertThatThrownBy(() -> TextCorpus.load(p, WordRules.PTB, VocabLimits.NONE, dir.resolve("cache")))
                .isInstanceOf(UserError.class)
                .hasMessage("the training text " + p.train().file() + " holds no words, only whitespace; train on a text with words");
    }
}
