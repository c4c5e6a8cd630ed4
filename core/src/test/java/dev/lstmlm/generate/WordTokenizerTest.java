package dev.lstmlm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import dev.lstmlm.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {
    private final WordTokenizer tokenizer = new WordTokenizer(Vocabulary.of(GeneratorTest.WORDS));

    @Test
    void splitsThePrimeOnWhitespaceWithLineEndsAsEos() {
        Tokenizer.Encoded e = tokenizer.encode("  the\tcat\nsat  ");
        assertThat(e.ids()).containsExactly(2, 3, 1, 4);
        assertThat(e.echo()).isEqualTo("the cat\nsat");
        assertThat(e.warning()).isNull();
    }

    @Test
    void unknownWordsBecomeUnkWithOneWarningListingEachOnce() {
        Tokenizer.Encoded e = tokenizer.encode("the dog cat Cat dog");
        assertThat(e.ids()).containsExactly(2, 0, 3, 0, 0);
        assertThat(e.echo()).isEqualTo("the dog cat Cat dog");
        assertThat(e.warning()).isEqualTo("not in the vocabulary, read as <unk>: dog Cat");
    }

    @Test
    void aCheckpointsWordRulesSplitAndLowerCaseThePrime() {
        dev.lstmlm.data.WordRules rules = new dev.lstmlm.data.WordRules(dev.lstmlm.data.WordRules.Tokenize.TEXT, true,
                dev.lstmlm.data.WordRules.Eos.LINE);
        WordTokenizer lower = new WordTokenizer(Vocabulary.of(GeneratorTest.WORDS), rules);
        Tokenizer.Encoded e = lower.encode("The Cat,\nSAT");
        assertThat(lower.split("The Cat,\nSAT")).containsExactly("the", "cat", ",", "<eos>", "sat");
        assertThat(e.ids()).containsExactly(2, 3, 0, 1, 4);
        assertThat(e.echo()).isEqualTo("the cat ,\nsat");
        assertThat(e.warning()).isEqualTo("not in the vocabulary, read as <unk>: ,");
    }

    @Test
    void unknownWordsWithoutUnkInTheVocabularyAreAnError() {
        WordTokenizer noUnk = new WordTokenizer(Vocabulary.of(List.of("<eos>", "the")));
        assertThatThrownBy(() -> noUnk.encode("the dog"))
                .isInstanceOf(UserError.class)
                .hasMessage("the prime has words the model's vocabulary lacks (dog) and the vocabulary has no <unk> to stand"
                        + " for them; use only words the model was trained on");
    }

    @Test
    void printsWordsSeparatedBySpacesAndEosAsALineBreak() {
        assertThat(tokenizer.text(2, -1)).isEqualTo("the");
        assertThat(tokenizer.text(3, 2)).isEqualTo(" cat");
        assertThat(tokenizer.text(1, 3)).isEqualTo("\n");
        assertThat(tokenizer.text(2, 1)).isEqualTo("the");
    }

    @Test
    void startsSilentlyFromEos() {
        assertThat(tokenizer.words()).isTrue();
        assertThat(tokenizer.startContext()).isEqualTo(1);
        assertThat(new WordTokenizer(Vocabulary.of(List.of("a", "b"))).startContext()).isEqualTo(-1);
    }
}
