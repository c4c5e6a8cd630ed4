package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EpochDecayTest {
    @Test
    void ptbSmallHalvesTheRateAfterTheFourthEpoch() {
        LearningRateSchedule s = Presets.get("ptb-small").rates();
        double[] expected = {1, 1, 1, 1, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625, 0.001953125};
        for (int epoch = 1; epoch <= 13; epoch++) {
            assertThat(s.rate(epoch, 12345)).as("epoch %d", epoch).isEqualTo(expected[epoch - 1]);
        }
    }

    @Test
    void ptbLargeDividesBy115AfterEpoch14() {
        LearningRateSchedule s = Presets.get("ptb-large").rates();
        assertThat(s.rate(14, 0)).isEqualTo(1.0);
        assertThat(s.rate(15, 0)).isCloseTo(1 / 1.15, within(1e-15));
        assertThat(s.rate(55, 0)).isCloseTo(Math.pow(1.15, -41), within(1e-15));
    }

    @Test
    void ptbMediumDecaysByPointEightAfterEpochSix() {
        LearningRateSchedule s = Presets.get("ptb-medium").rates();
        assertThat(s.rate(6, 0)).isEqualTo(1.0);
        assertThat(s.rate(7, 0)).isCloseTo(0.8, within(1e-15));
        assertThat(s.rate(39, 0)).isCloseTo(Math.pow(0.8, 33), within(1e-15));
    }

    @Test
    void zeroDecayAfterDecaysFromTheFirstEpoch() {
        assertThat(new EpochDecay(2.0, 0.5, 0).rate(1, 0)).isEqualTo(1.0);
    }
}
