package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.Regularization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every technique after 2014 is off in the Zaremba, Udacity and char-rnn presets (so their results
 * do not change), the recipes that use them set what their sources say, and the options combine
 * only where they make sense.
 */
class RecipePresetsTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

    @Test
    void everyTechniqueIsOffInTheZarembaAndUdacityPresets() {
        for (String name : Presets.names()) {
            if (Presets.RECIPES.contains(name)) continue;
            TrainConfig c = Presets.get(name);
            for (TrainOption<?> o : TrainOptions.RECIPE) {
                assertThat(c.get(o)).as("%s %s", name, o.key()).isEqualTo(o.fallback());
                assertThat(c.toJson().has(o.key())).as("%s writes %s", name, o.key()).isFalse();
            }
            ModelConfig m = c.modelConfig(10_000);
            assertThat(m.tied()).isFalse();
            assertThat(m.lastHiddenSize()).isZero();
            assertThat(m.embedSize()).isEqualTo(c.input() == ModelConfig.Input.ONE_HOT ? 10_000 : c.hiddenSize());
            assertThat(m.regularization()).isEqualTo(Regularization.NONE);
            assertThat(c.variableBptt()).isNull();
            assertThat(c.schedule()).isNotInstanceOf(Schedule.Plateau.class);
            assertThat(c.newOptimizer(10, null)).isNotInstanceOf(AveragedSgd.class);
            assertThat(c.init()).isNotEqualTo(TrainConfig.Init.PYTORCH);
        }
        assertThat(Presets.names()).contains("ptb-small", "ptb-medium", "ptb-large", "ptb-test", "char-udacity", "shakespeare-char");
    }

    @Test
    void awdLstmPtbIsTheRepositorysPtbCommandFieldForField() {
        TrainConfig c = Presets.get("awd-lstm-ptb");
        ModelConfig m = c.modelConfig(10_000);
        assertThat(m.embedSize()).isEqualTo(400);
        assertThat(m.hiddenSize()).isEqualTo(1150);
        assertThat(m.numLayers()).isEqualTo(3);
        assertThat(m.outputSize()).isEqualTo(400);
        assertThat(m.tied()).isTrue();
        assertThat(m.keepProb()).isEqualTo(1f);
        assertThat(m.regularization()).isEqualTo(new Regularization(0.4f, 0.25f, 0.4f, 0f, 0.1f, 0.5f, 2f, 1f));
        assertThat(c.variableBptt().bptt()).isEqualTo(70);
        assertThat(c.batchSize()).isEqualTo(20);
        assertThat(c.lr()).isEqualTo(30.0);
        assertThat(c.maxGradNorm()).isEqualTo(0.25);
        assertThat(c.seed()).isEqualTo(141L);
        assertThat(c.loss()).isEqualTo(LossScaling.MEAN_OVER_STEPS);
        assertThat(c.init()).isEqualTo(TrainConfig.Init.PYTORCH);
        assertThat(c.schedule()).isEqualTo(new Schedule.Epochs(500, 0, 1.0));
        assertThat(c.get(TrainOptions.WEIGHT_DECAY)).isEqualTo(1.2e-6);
        assertThat(c.get(TrainOptions.NT_ASGD)).isEqualTo(5);
        assertThat(c.newOptimizer(10, null)).isInstanceOf(AveragedSgd.class);
        // 24.2M parameters (the paper's "24M"): the tied (V,E) matrix, the decoder bias and the three layers
        long lstm = 4L * 1150 * (400 + 1150 + 2) + 4L * 1150 * (1150 + 1150 + 2) + 4L * 400 * (1150 + 400 + 2);
        assertThat(10_000L * 400 + 10_000 + lstm).isEqualTo(24_221_600L);
        assertThat(new dev.lstmlm.model.LanguageModel(m, dev.lstmlm.tensor.Compute.of(dev.lstmlm.tensor.Kernels.scalar(), 1)).params().size()).isEqualTo(24_221_600);
    }

    @Test
    void theTiedPtbPresetsArePyTorchsExampleWithVariationalDropout() {
        for (String name : new String[] {"ptb-small-tied", "ptb-medium-tied"}) {
            TrainConfig c = Presets.get(name);
            ModelConfig m = c.modelConfig(10_000);
            float p = name.equals("ptb-small-tied") ? 0.2f : 0.5f;
            assertThat(m.hiddenSize()).isEqualTo(name.equals("ptb-small-tied") ? 200 : 650);
            assertThat(m.embedSize()).isEqualTo(m.hiddenSize());
            assertThat(m.tied()).isTrue();
            assertThat(m.regularization()).isEqualTo(new Regularization(p, p, p, 0f, 0f, p, 0f, 0f));
            assertThat(c.schedule()).isEqualTo(new Schedule.Plateau(40, 4.0));
            assertThat(c.lr()).isEqualTo(20.0);
            assertThat(c.numSteps()).isEqualTo(35);
            assertThat(c.maxGradNorm()).isEqualTo(0.25);
        }
    }

    @Test
    void aRecipeRoundTripsThroughItsConfigFileAndOverridesSetEachOption() throws java.io.IOException {
        TrainConfig awd = Presets.get("awd-lstm-ptb");
        java.nio.file.Path file = dir.resolve("config.json");
        java.nio.file.Files.writeString(file, awd.toJson().toPrettyString());
        assertThat(TrainConfig.read(file)).isEqualTo(awd);
        TrainConfig c = TrainConfig.resolve("ptb-small", null, Map.of("tie_weights", true, "dropout_out", 0.3, "keep_prob", 1.0,
                "embedding_size", 200, "variable_bptt", true, "nt_asgd", 3));
        assertThat(c.modelConfig(50).tied()).isTrue();
        assertThat(c.modelConfig(50).regularization().dropoutOut()).isEqualTo(0.3f);
        assertThat(c.toJson().get("tie_weights").booleanValue()).isTrue();
        assertThat(c.toJson().has("dropout_emb")).isFalse();
    }

    @Test
    void optionsThatCannotCombineAreRefusedInOneSentence() {
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-medium", null, Map.of("dropout_emb", 0.3))).isInstanceOf(UserError.class)
                .hasMessageStartingWith("keep_prob must be 1 when a variational dropout");
        assertThatThrownBy(() -> TrainConfig.resolve("char-udacity", null, Map.of("tie_weights", true)))
                .isInstanceOf(UserError.class).hasMessageStartingWith("tie_weights needs an embedding");
        assertThatThrownBy(() -> TrainConfig.resolve("shakespeare-char", null, Map.of("weight_decay", 1e-6)))
                .isInstanceOf(UserError.class).hasMessageStartingWith("weight_decay needs --optimizer sgd");
        assertThatThrownBy(() -> TrainConfig.resolve("char-udacity", null, Map.of("nt_asgd", 5)))
                .isInstanceOf(UserError.class).hasMessageStartingWith("nt_asgd needs the ptb loop");
        assertThatThrownBy(() -> TrainConfig.resolve("ptb-small", null, Map.of("dropout_out", 1.0)))
                .isInstanceOf(UserError.class).hasMessageStartingWith("dropout_out must be a drop probability in [0, 1)");
    }
}
