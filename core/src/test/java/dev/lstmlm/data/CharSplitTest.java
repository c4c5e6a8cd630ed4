package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import org.junit.jupiter.api.Test;

class CharSplitTest {
    @Test
    void udacitySplitValidatesOnTheFirstThousandCharacters() {
        assertThat(CharSplit.udacity().parts(100_000_000, "text8"))
                .isEqualTo(new CharSplit.Parts(1000, 100_000_000, 0, 1000));
    }

    @Test
    void fractionSplitTrainsOnTheFirstPart() {
        // Python: int(1115394 * 0.9) == 1003854
        assertThat(CharSplit.fraction(0.9).parts(1_115_394, "input.txt"))
                .isEqualTo(new CharSplit.Parts(0, 1_003_854, 1_003_854, 1_115_394));
        assertThat(CharSplit.fraction(0.5).parts(3, "t")).isEqualTo(new CharSplit.Parts(0, 1, 1, 3));
    }

    @Test
    void tooShortTextsSayHowLongTheyMustBe() {
        assertThatThrownBy(() -> CharSplit.udacity().parts(1000, "t.txt")).isInstanceOf(UserError.class)
                .hasMessage("t.txt has 1000 characters; this split needs more than 1000 because the first 1000 are the"
                        + " validation text");
        assertThatThrownBy(() -> CharSplit.fraction(0.1).parts(5, "t.txt")).isInstanceOf(UserError.class)
                .hasMessageContaining("t.txt has 5 characters, too few");
    }

    @Test
    void fractionMustLieBetweenZeroAndOne() {
        assertThatThrownBy(() -> CharSplit.fraction(1.0)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> CharSplit.fraction(0)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> CharSplit.fraction(Double.NaN)).isInstanceOf(UserError.class);
    }
}
