package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PtbBatcherTest {
    private static TokenSequence range(int n) {
        return TokenSequence.of(IntStream.range(0, n).toArray());
    }

    @Test
    void windowsMatchPtbProducerTimeMajor() {
        // 23 tokens, B=2: batch_len 11, rows [0..10] and [11..21], token 22 cut; epoch_size (11-1)/3 = 3.
        PtbBatcher p = new PtbBatcher(range(23), 2, 3);
        assertThat(p.batchLen()).isEqualTo(11);
        assertThat(p.epochSize()).isEqualTo(3);
        int[] x = new int[6];
        int[] y = new int[6];

        p.window(0, x, y);
        assertThat(x).containsExactly(0, 11, 1, 12, 2, 13);
        assertThat(y).containsExactly(1, 12, 2, 13, 3, 14);

        p.window(1, x, y);
        assertThat(x).containsExactly(3, 14, 4, 15, 5, 16);
        assertThat(y).containsExactly(4, 15, 5, 16, 6, 17);

        p.window(2, x, y);
        assertThat(x).containsExactly(6, 17, 7, 18, 8, 19);
        assertThat(y).containsExactly(7, 18, 8, 19, 9, 20);
    }

    @Test
    void windowsCoverEveryRowConsecutively() {
        PtbBatcher p = new PtbBatcher(range(1000), 7, 5);
        int[] x = new int[35];
        int[] y = new int[35];
        int batchLen = 1000 / 7;
        for (int i = 0; i < p.epochSize(); i++) {
            p.window(i, x, y);
            for (int t = 0; t < 5; t++) {
                for (int b = 0; b < 7; b++) {
                    assertThat(x[t * 7 + b]).isEqualTo(b * batchLen + i * 5 + t);
                    assertThat(y[t * 7 + b]).isEqualTo(x[t * 7 + b] + 1);
                }
            }
        }
        assertThat(p.epochSize()).isEqualTo((batchLen - 1) / 5);
    }

    @Test
    void exactlyEnoughTokensGiveOneWindow() {
        assertThat(new PtbBatcher(range(2 * 4), 2, 3).epochSize()).isEqualTo(1);
    }

    @Test
    void tooShortTextSaysHowManyTokensAreNeeded() {
        assertThatThrownBy(() -> new PtbBatcher(range(7), 2, 3)).isInstanceOf(UserError.class)
                .hasMessage("the text has 7 tokens, but 2 rows of 3 steps need at least 8; use a longer text or a smaller"
                        + " batch size or number of steps");
        assertThatThrownBy(() -> new PtbBatcher(range(1), 2, 3)).isInstanceOf(UserError.class);
    }

    @Test
    void windowOutsideTheEpochIsRejected() {
        PtbBatcher p = new PtbBatcher(range(23), 2, 3);
        assertThatThrownBy(() -> p.window(3, new int[6], new int[6])).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
