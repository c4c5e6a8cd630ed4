package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import org.junit.jupiter.api.Test;

class PresetsTest {
    @Test
    void matchTheTensorFlowTutorialConfigs() {
        assertThat(Presets.get("ptb-small")).isEqualTo(TrainConfig.builder().set(TrainOptions.PRESET, "ptb-small").set(TrainOptions.CORPUS, "ptb")
                .set(TrainOptions.HIDDEN_SIZE, 200).set(TrainOptions.LAYERS, 2).set(TrainOptions.NUM_STEPS, 20)
                .set(TrainOptions.BATCH_SIZE, 20).set(TrainOptions.EPOCHS, 13).set(TrainOptions.LR, 1.0)
                .set(TrainOptions.LR_DECAY, 0.5).set(TrainOptions.DECAY_AFTER, 4).set(TrainOptions.KEEP_PROB, 1.0)
                .set(TrainOptions.MAX_GRAD_NORM, 5.0).set(TrainOptions.INIT_SCALE, 0.1)
                .set(TrainOptions.LOSS, LossScaling.SUM_OVER_STEPS).set(TrainOptions.SEED, 1L).build());
        assertThat(Presets.get("ptb-medium")).isEqualTo(TrainConfig.builder().set(TrainOptions.PRESET, "ptb-medium").set(TrainOptions.CORPUS, "ptb")
                .set(TrainOptions.HIDDEN_SIZE, 650).set(TrainOptions.LAYERS, 2).set(TrainOptions.NUM_STEPS, 35)
                .set(TrainOptions.BATCH_SIZE, 20).set(TrainOptions.EPOCHS, 39).set(TrainOptions.LR, 1.0)
                .set(TrainOptions.LR_DECAY, 0.8).set(TrainOptions.DECAY_AFTER, 6).set(TrainOptions.KEEP_PROB, 0.5)
                .set(TrainOptions.MAX_GRAD_NORM, 5.0).set(TrainOptions.INIT_SCALE, 0.05)
                .set(TrainOptions.LOSS, LossScaling.SUM_OVER_STEPS).set(TrainOptions.SEED, 1L).build());
        assertThat(Presets.get("ptb-large")).isEqualTo(TrainConfig.builder().set(TrainOptions.PRESET, "ptb-large").set(TrainOptions.CORPUS, "ptb")
                .set(TrainOptions.HIDDEN_SIZE, 1500).set(TrainOptions.LAYERS, 2).set(TrainOptions.NUM_STEPS, 35)
                .set(TrainOptions.BATCH_SIZE, 20).set(TrainOptions.EPOCHS, 55).set(TrainOptions.LR, 1.0)
                .set(TrainOptions.LR_DECAY, 1 / 1.15).set(TrainOptions.DECAY_AFTER, 14).set(TrainOptions.KEEP_PROB, 0.35)
                .set(TrainOptions.MAX_GRAD_NORM, 10.0).set(TrainOptions.INIT_SCALE, 0.04)
                .set(TrainOptions.LOSS, LossScaling.SUM_OVER_STEPS).set(TrainOptions.SEED, 1L).build());
        assertThat(Presets.get("ptb-test")).isEqualTo(TrainConfig.builder().set(TrainOptions.PRESET, "ptb-test").set(TrainOptions.CORPUS, "ptb")
                .set(TrainOptions.HIDDEN_SIZE, 2).set(TrainOptions.LAYERS, 1).set(TrainOptions.NUM_STEPS, 2)
                .set(TrainOptions.BATCH_SIZE, 20).set(TrainOptions.EPOCHS, 1).set(TrainOptions.LR, 1.0)
                .set(TrainOptions.LR_DECAY, 0.5).set(TrainOptions.DECAY_AFTER, 1).set(TrainOptions.KEEP_PROB, 1.0)
                .set(TrainOptions.MAX_GRAD_NORM, 1.0).set(TrainOptions.INIT_SCALE, 0.1)
                .set(TrainOptions.LOSS, LossScaling.SUM_OVER_STEPS).set(TrainOptions.SEED, 1L).build());
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
                .hasMessage("unknown preset \"ptb-huge\"; choose one of ptb-small, ptb-medium, ptb-large, ptb-test, char-udacity, shakespeare-char,"
                        + " ptb-small-tied, ptb-medium-tied, awd-lstm-ptb");
    }
}
