package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UdacityBatcherTest {
    private static TokenSequence range(int n) {
        return TokenSequence.of(IntStream.range(0, n).toArray());
    }

    @Test
    void batchesMatchTheNotebooksBatchGeneratorWithCarryOver() {
        // size 10, B=3: segment 3, cursors 0,3,6; the constructor takes [0,3,6] as the carried batch.
        UdacityBatcher g = new UdacityBatcher(range(10), 3, 2);
        int[] x = new int[6];
        int[] y = new int[6];

        g.next(x, y); // batches [0,3,6] [1,4,7] [2,5,8]
        assertThat(x).containsExactly(0, 3, 6, 1, 4, 7);
        assertThat(y).containsExactly(1, 4, 7, 2, 5, 8);

        g.next(x, y); // [2,5,8] carried over, then [3,6,9] [4,7,0]: the third cursor wraps
        assertThat(x).containsExactly(2, 5, 8, 3, 6, 9);
        assertThat(y).containsExactly(3, 6, 9, 4, 7, 0);

        g.next(x, y);
        assertThat(x).containsExactly(4, 7, 0, 5, 8, 1);
        assertThat(y).containsExactly(5, 8, 1, 6, 9, 2);
    }

    @Test
    void singleUnrollingMatchesTheValidationGenerator() {
        // valid_batches = BatchGenerator(valid_text, 1, 1): pairs (c[i], c[i+1]).
        UdacityBatcher g = new UdacityBatcher(TokenSequence.of(5, 6, 7), 1, 1);
        int[] x = new int[1];
        int[] y = new int[1];
        int[][] expected = {{5, 6}, {6, 7}, {7, 5}, {5, 6}};
        for (int[] pair : expected) {
            g.next(x, y);
            assertThat(new int[] {x[0], y[0]}).containsExactly(pair);
        }
    }

    @Test
    void restoredStateContinuesExactly() {
        UdacityBatcher a = new UdacityBatcher(range(101), 4, 5);
        int[] x = new int[20];
        int[] y = new int[20];
        for (int i = 0; i < 7; i++) a.next(x, y);
        UdacityBatcher.State saved = a.state();
        assertThat(saved.lastBatch()).containsExactly(y[16], y[17], y[18], y[19]);

        UdacityBatcher b = new UdacityBatcher(range(101), 4, 5);
        b.restore(saved);
        int[] xb = new int[20];
        int[] yb = new int[20];
        for (int i = 0; i < 30; i++) {
            a.next(x, y);
            b.next(xb, yb);
            assertThat(xb).isEqualTo(x);
            assertThat(yb).isEqualTo(y);
        }
        assertThat(b.state()).isEqualTo(a.state());
    }

    @Test
    void seekingLandsWhereThatManyCallsLeaveTheBatcher() {
        for (int calls : new int[] {0, 1, 2, 7, 20, 21, 103, 1000}) {
            UdacityBatcher walked = new UdacityBatcher(range(101), 4, 5);
            int[] x = new int[20];
            int[] y = new int[20];
            for (int i = 0; i < calls; i++) walked.next(x, y);
            UdacityBatcher sought = new UdacityBatcher(range(101), 4, 5);
            sought.next(x, y);
            sought.seek(calls);
            assertThat(sought.state()).as("calls=%d", calls).isEqualTo(walked.state());
            int[] x2 = new int[20];
            int[] y2 = new int[20];
            walked.next(x, y);
            sought.next(x2, y2);
            assertThat(x2).isEqualTo(x);
            assertThat(y2).isEqualTo(y);
        }
    }

    @Test
    void stateThatDoesNotFitTheTextIsAUserError() {
        UdacityBatcher g = new UdacityBatcher(range(10), 2, 2);
        assertThatThrownBy(() -> g.restore(new UdacityBatcher.State(new int[] {3, 7}, new int[] {9, 9})))
                .isInstanceOf(UserError.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> g.restore(new UdacityBatcher.State(new int[] {3}, new int[] {2})))
                .isInstanceOf(UserError.class);
    }

    @Test
    void textShorterThanTheBatchIsAUserError() {
        assertThatThrownBy(() -> new UdacityBatcher(range(3), 4, 2)).isInstanceOf(UserError.class)
                .hasMessage("the text has 3 characters, but a batch of 4 needs at least 4; use a longer text or a"
                        + " smaller batch size");
    }
}
