package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLogTest {
    private final StringWriter text = new StringWriter();

    @Test
    void formatsTheWordLanguageModelLine() {
        ProgressLog log = new ProgressLog(new PrintWriter(text), false);
        log.batch(0, 1, 2323, 2323, 1.0, 45.2, 6.1234, 8842.4, 0, 3725);
        assertThat(text.toString()).isEqualTo(
                "| epoch   1 |  2323/ 2323 batches 100% | lr 1.00 | ms/batch   45.2 | loss  6.12 | ppl   456.41 | wps  8842 | eta 0:00 / 1:02:05 |\n");
    }

    @Test
    void keepsOneLinePerTenthOfAnEpochInALogFile() {
        ProgressLog log = new ProgressLog(new PrintWriter(text), false);
        for (int b = 1; b <= 95; b++) log.batch(b * 1_000_000_000L, 2, b, 95, 0.5, 1, 5, 100, 1, 1);
        assertThat(text.toString().lines()).hasSize(10).allMatch(l -> l.startsWith("| epoch   2 |"));
        assertThat(text.toString()).contains("|    10/   95 batches  10% | lr 0.50 |").contains("|    95/   95 batches 100% |");
    }

    @Test
    void redrawsALiveLineOnATerminal() {
        ProgressLog log = new ProgressLog(new PrintWriter(text), true);
        log.batch(0, 1, 1, 1000, 1, 1, 5, 100, 1, 1);
        log.batch(500_000_000L, 1, 2, 1000, 1, 1, 5, 100, 1, 1);     // under a second later: not drawn
        log.batch(1_000_000_000L, 1, 3, 1000, 1, 1, 5, 100, 1, 1);
        log.batch(1_100_000_000L, 1, 100, 1000, 1, 1, 5, 100, 1, 1); // 10%: a line of its own
        String s = text.toString();
        assertThat(s).startsWith("\r| epoch   1 |     1/ 1000 batches").contains("\r| epoch   1 |     3/ 1000 batches")
                .doesNotContain("|     2/ 1000").contains("\r| epoch   1 |   100/ 1000 batches  10%");
        assertThat(s.split("\n")).hasSize(1); // live redraws share one line
        assertThat(s).endsWith("|\n");
    }

    @Test
    void formatsRatesAndDurations() {
        assertThat(ProgressLog.rate(1)).isEqualTo("1.00");
        assertThat(ProgressLog.rate(0.125)).isEqualTo("0.13");
        assertThat(ProgressLog.rate(0.00390625)).isEqualTo("0.0039");
        assertThat(ProgressLog.duration(59.6)).isEqualTo("1:00");
        assertThat(ProgressLog.duration(3725)).isEqualTo("1:02:05");
        assertThat(ProgressLog.duration(Double.NaN)).isEqualTo("?");
    }

    @Test
    void reportsCharacterModelsPerCharacter() {
        ProgressLog log = new ProgressLog(new PrintWriter(text), false, true);
        log.batch(0, 1, 10, 10, 0.002, 300, 1.5, 5000, 0, 0);
        log.endEpoch(1, 150, 0.002, Math.exp(1.5), Math.exp(1.386294), 5000);
        assertThat(text.toString()).contains("| cps  5000 |").contains("| train loss 1.5000 | valid loss 1.3863 (2.000 bpc) | cps  5000 |");
    }
}
