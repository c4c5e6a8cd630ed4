package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StepDecayTest {
    @Test
    void theUdacityScheduleDropsTenfoldEvery5000Updates() {
        StepDecay s = new StepDecay(10, 0.1, 5000);
        assertThat(s.rate(1, 0)).isEqualTo(10.0);
        assertThat(s.rate(1, 4999)).isEqualTo(10.0);
        assertThat(s.rate(1, 5000)).isCloseTo(1.0, within(1e-12));
        assertThat(s.rate(1, 7000)).isCloseTo(1.0, within(1e-12));
        assertThat(s.rate(1, 9999)).isCloseTo(1.0, within(1e-12));
        assertThat(s.rate(1, 10000)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void ignoresTheEpoch() {
        StepDecay s = new StepDecay(2, 0.5, 10);
        assertThat(s.rate(7, 25)).isEqualTo(s.rate(1, 25)).isEqualTo(0.5);
    }
}
