package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LetterAlphabetTest {
    private final CharAlphabet letters = CharAlphabet.letters();

    @Test
    void spaceIsZeroAndLettersOneToTwentySix() {
        assertThat(letters.size()).isEqualTo(27);
        assertThat(letters.id(' ')).isZero();
        assertThat(letters.id('a')).isEqualTo(1);
        assertThat(letters.id('b')).isEqualTo(2);
        assertThat(letters.id('z')).isEqualTo(26);
        assertThat(letters.symbol(0)).isEqualTo(" ");
        assertThat(letters.symbol(1)).isEqualTo("a");
        assertThat(letters.symbol(26)).isEqualTo("z");
    }

    @Test
    void upperCaseFoldsAndEverythingElseIsZero() {
        assertThat(letters.id('A')).isEqualTo(1);
        assertThat(letters.id('Z')).isEqualTo(26);
        for (int cp : new int[] {'\n', '\t', '0', '9', '.', '\'', '@', '[', '`', '{', 'é', 'É', 0x1F600}) {
            assertThat(letters.id(cp)).as("U+%04X", cp).isZero();
        }
    }

    @Test
    void encodeAndDecodeAsTheNotebook() {
        // The notebook's own check: char2id('a'), char2id('z'), char2id(' '), char2id('ï') -> 1 26 0 0.
        assertThat(letters.encode("az ï")).containsExactly(1, 26, 0, 0);
        assertThat(letters.encode("Hi, Bob!")).containsExactly(8, 9, 0, 0, 2, 15, 2, 0);
        assertThat(letters.decode(8, 9, 0, 2, 15, 2)).isEqualTo("hi bob");
    }

    @Test
    void restoresFromItsSymbols() {
        assertThat(CharAlphabet.restore(CharAlphabet.Kind.LETTERS, letters.symbols())).isSameAs(letters);
        List<String> wrong = new ArrayList<>(letters.symbols());
        wrong.set(3, "x");
        assertThatThrownBy(() -> CharAlphabet.restore(CharAlphabet.Kind.LETTERS, wrong)).isInstanceOf(UserError.class);
    }
}
