package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import org.junit.jupiter.api.Test;

class PresetsTest {
    @Test
    void matchTheTensorFlowTutorialConfigs() {
        assertThat(Presets.get("ptb-small")).isEqualTo(new TrainConfig("ptb-small", "ptb", 200, 2, 20, 20, 13, 1.0, 0.5, 4,
                1.0, 5, 0.1, LossScaling.SUM_OVER_STEPS, 1));
        assertThat(Presets.get("ptb-medium")).isEqualTo(new TrainConfig("ptb-medium", "ptb", 650, 2, 35, 20, 39, 1.0, 0.8, 6,
                0.5, 5, 0.05, LossScaling.SUM_OVER_STEPS, 1));
        assertThat(Presets.get("ptb-large")).isEqualTo(new TrainConfig("ptb-large", "ptb", 1500, 2, 35, 20, 55, 1.0, 1 / 1.15, 14,
                0.35, 10, 0.04, LossScaling.SUM_OVER_STEPS, 1));
        assertThat(Presets.get("ptb-test")).isEqualTo(new TrainConfig("ptb-test", "ptb", 2, 1, 2, 20, 1, 1.0, 0.5, 1,
                1.0, 1, 0.1, LossScaling.SUM_OVER_STEPS, 1));
    }

    @Test
    void tieTheEmbeddingToTheHiddenSize() {
        var m = Presets.get("ptb-medium").modelConfig(10_000);
        assertThat(m.embedSize()).isEqualTo(650);
        assertThat(m.hiddenSize()).isEqualTo(650);
        assertThat(m.keepProb()).isEqualTo(0.5f);
        assertThat(m.forgetBias()).isZero();
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Presets.get("ptb-huge")).isInstanceOf(UserError.class)
                .hasMessage("unknown preset \"ptb-huge\"; choose one of ptb-small, ptb-medium, ptb-large, ptb-test, char-udacity, shakespeare-char");
    }
}
