package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodePointAlphabetTest {
    @Test
    void idsFollowCodePointOrderAfterTheUnknownId() {
        CodePointAlphabet a = CodePointAlphabet.of('b', '\n', 'a', 0x1F600, 'a', 0xFF21);
        assertThat(a.size()).isEqualTo(6);
        assertThat(a.id('\n')).isEqualTo(1);
        assertThat(a.id('a')).isEqualTo(2);
        assertThat(a.id('b')).isEqualTo(3);
        assertThat(a.id(0xFF21)).isEqualTo(4);
        assertThat(a.id(0x1F600)).isEqualTo(5);
        assertThat(a.symbols()).containsExactly("\uFFFD", "\n", "a", "b", "\uFF21", "\uD83D\uDE00");
    }

    @Test
    void codePointsOutsideTheAlphabetAreTheUnknownId() {
        CodePointAlphabet a = CodePointAlphabet.of('a', 'c', 0x1F600);
        for (int cp : new int[] {'b', 'd', 0, 0xFFFF, 0x10000, 0x1F601, Character.MAX_CODE_POINT}) {
            assertThat(a.id(cp)).as("U+%04X", cp).isEqualTo(CodePointAlphabet.UNKNOWN);
        }
        assertThat(a.decode(a.encode("abc😀"))).isEqualTo("a\uFFFDc😀");
    }

    @Test
    void restoresFromItsSymbols() {
        CodePointAlphabet a = CodePointAlphabet.of('x', 'é', 0x1F600, 0xFFFD);
        CharAlphabet back = CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, a.symbols());
        assertThat(back).isEqualTo(a);
        assertThat(back.id(0xFFFD)).isEqualTo(a.id(0xFFFD)).isNotZero();
    }

    @Test
    void corruptSymbolsAreAUserError() {
        assertThatThrownBy(() -> CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, List.of("a", "b")))
                .isInstanceOf(UserError.class).hasMessageContaining("unknown symbol");
        assertThatThrownBy(() -> CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, List.of("\uFFFD", "b", "a")))
                .isInstanceOf(UserError.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> CharAlphabet.restore(CharAlphabet.Kind.CODEPOINTS, List.of("\uFFFD", "ab")))
                .isInstanceOf(UserError.class).hasMessageContaining("single code point");
    }
}
