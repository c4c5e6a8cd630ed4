package dev.lstmlm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CodePointAlphabet;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {
    private final CharTokenizer letters = new CharTokenizer(CharAlphabet.letters());
    private final CharTokenizer codePoints = new CharTokenizer(CodePointAlphabet.of("ab \n".codePoints().toArray()));

    @Test
    void theLetterAlphabetReadsEverythingAndWarnsOnlyAboutNonSpacesReadAsSpaces() {
        Tokenizer.Encoded e = letters.encode("Ab c\n1!1");
        assertThat(e.ids()).containsExactly(1, 2, 0, 3, 0, 0, 0, 0);
        assertThat(e.echo()).isEqualTo("Ab c\n1!1");
        assertThat(e.warning()).isEqualTo("the 27-symbol alphabet (space, a-z) has no '1' (U+0031), '!' (U+0021); read as spaces");
        assertThat(letters.encode("the Cat\n").warning()).isNull();
    }

    @Test
    void aCodePointAlphabetReadsAPrimeCharacterItLacksAsTheUnknownSymbolNamingIt() {
        assertThat(codePoints.encode("ab\n").ids()).containsExactly(3, 4, 1);
        assertThat(codePoints.encode("ab\n").warning()).isNull();
        Tokenizer.Encoded e = codePoints.encode("abé\tz");
        assertThat(e.ids()).containsExactly(3, 4, CodePointAlphabet.UNKNOWN, CodePointAlphabet.UNKNOWN, CodePointAlphabet.UNKNOWN);
        assertThat(e.warning()).isEqualTo("the model's alphabet of 4 characters (5 symbols with the unknown one) has no"
                + " 'é' (U+00E9), (U+0009), 'z' (U+007A); read as the unknown symbol");
        assertThat(codePoints.unknown('é', e.ids()[2])).isTrue();
        assertThat(codePoints.unknown('a', e.ids()[0])).isFalse();
    }

    @Test
    void printsOneSymbolPerId() {
        assertThat(letters.text(0, 5)).isEqualTo(" ");
        assertThat(letters.text(26, -1)).isEqualTo("z");
        assertThat(codePoints.text(1, -1)).isEqualTo("\n");
    }

    @Test
    void startsAfterALineBreakOrFromARandomPrintedSymbolButNeverTheUnknownOne() {
        assertThat(letters.startContext()).as("the Udacity alphabet reads a line break as a space").isEqualTo(-1);
        assertThat(codePoints.startContext()).isEqualTo(1);
        assertThat(letters.firstSymbol()).isZero();
        assertThat(codePoints.firstSymbol()).isEqualTo(1);
    }
}
