package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.data.PtbBatcher;
import dev.lstmlm.data.TokenSequence;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VariableBpttTest {
    @Test
    void lengthsFollowAwdLstmsDistributionAndCoverTheRows() {
        VariableBptt v = new VariableBptt(70);
        int row = 46_479; // PTB's 929,589 training tokens in 20 rows
        int[] lengths = v.epoch(141, 1, row);
        int sum = Arrays.stream(lengths).sum();
        assertThat(sum).isBetween(row - 2, row - 1);
        int shortOnes = 0;
        double mean = 0;
        for (int i = 0; i < lengths.length - 1; i++) {
            assertThat(lengths[i]).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(70 + 40);
            if (lengths[i] < 52) shortOnes++; // the bptt/2 = 35 branch; the full branch is 3.6 sd above
            mean += lengths[i];
        }
        mean /= lengths.length - 1;
        // E[len] = 0.95·70 + 0.05·35 − 0.5 (truncation) ≈ 67.75
        assertThat(mean).isBetween(66.5, 69.0);
        double shortShare = (double) shortOnes / (lengths.length - 1);
        assertThat(shortShare).isBetween(0.025, 0.08);
    }

    @Test
    void anEpochsLengthsAreAFunctionOfSeedAndEpoch() {
        VariableBptt v = new VariableBptt(35);
        assertThat(v.epoch(7, 3, 5000)).isEqualTo(v.epoch(7, 3, 5000));
        assertThat(v.epoch(7, 3, 5000)).isNotEqualTo(v.epoch(7, 4, 5000));
        assertThat(v.epoch(7, 3, 5000)).isNotEqualTo(v.epoch(8, 3, 5000));
        assertThat(v.rateScale(70)).isEqualTo(2.0);
    }

    @Test
    void fixedLengthWindowsAreTheTutorialsWindows() {
        int[] ids = new int[1003];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 31) % 97;
        TokenSequence data = TokenSequence.of(ids);
        PtbBatcher ptb = new PtbBatcher(data, 4, 9);
        VariableWindows w = new VariableWindows(data, 4);
        int[] x1 = new int[36], y1 = new int[36], x2 = new int[36], y2 = new int[36];
        for (int i = 0; i < ptb.epochSize(); i++) {
            ptb.window(i, x1, y1);
            w.window(i * 9, 9, x2, y2);
            assertThat(x2).isEqualTo(x1);
            assertThat(y2).isEqualTo(y1);
        }
        assertThatThrownBy(() -> w.window(w.rowLength() - 5, 5, x2, y2)).isInstanceOf(IndexOutOfBoundsException.class);
        w.window(w.rowLength() - 6, 5, x2, y2); // the last window: its targets end at the row's last token
    }
}
