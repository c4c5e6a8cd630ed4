package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir Path root;

    private static final int[] SHAPE = {1, 4, 1};
    private static final CheckpointMetadata META = new CheckpointMetadata(
            new ModelConfig(3, ModelConfig.Input.EMBEDDING, 1, 1, 1, 1f, 0f), TokenizerKind.WORD, List.of("a", "b", "c"));

    @Test
    void namesRunsByPresetAndTime() {
        LocalDateTime t = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        assertThat(RunLocation.create(root, "ptb-small", t).dir()).isEqualTo(root.resolve("ptb-small-20260102-030405"));
        assertThat(RunLocation.create(root, "ptb-small", t).dir()).isEqualTo(root.resolve("ptb-small-20260102-030405-2"));
    }

    @Test
    void findsTheLatestRunWithACheckpoint() throws IOException {
        for (String n : List.of("ptb-small-20260101-000000", "ptb-small-20260102-000000", "ptb-small-20260102-000000-2",
                "ptb-small-20260102-000000-10", "ptb-small-20260103-000000", "ptb-small-x-20260109-000000", "ptb-smallish-20260109-000000")) {
            Files.createDirectories(root.resolve(n));
            if (!n.equals("ptb-small-20260103-000000")) Files.writeString(root.resolve(n).resolve("latest"), "ckpt-1-0\n");
        }
        assertThat(RunLocation.latestOf(root, "ptb-small").dir()).isEqualTo(root.resolve("ptb-small-20260102-000000-10"));
        assertThatThrownBy(() -> RunLocation.latestOf(root, "ptb-large")).isInstanceOf(UserError.class)
                .hasMessage("there is no run of ptb-large with a checkpoint under " + root
                        + "; start one with lstmlm train --preset ptb-large, or give the run with --run-dir");
    }

    private static FakeModel model() {
        return new FakeModel(3, 5);
    }

    @Test
    void restoresWhatItSaved() throws IOException {
        RunDirectory run = new RunDirectory(root);
        FakeModel m = model();
        LanguageModel.State carried = m.newState(4);
        for (int i = 0; i < 4; i++) {
            carried.h[i] = i + 0.5f;
            carried.c[i] = -i;
        }
        EpochState state = new EpochState(2, 17, 116, 42L, 123.456, 85, 9.5, 140.25, 1, 99.0, 2);
        Path saved = run.saveCheckpoint(state, m.params(), META, carried, SHAPE, java.util.Map.of());
        assertThat(saved).isEqualTo(root.resolve("ckpt-2-17"));
        assertThat(run.latestCheckpoint()).contains(saved);

        FakeModel other = new FakeModel(3, 6);
        LanguageModel.State back = other.newState(4);
        assertThat(run.restore(other.params(), back, SHAPE, java.util.Map.of(), EpochState::fromJson)).isEqualTo(state);
        assertThat(other.params().values()).isEqualTo(m.params().values());
        assertThat(back.h).isEqualTo(carried.h);
        assertThat(back.c).isEqualTo(carried.c);
    }

    @Test
    void movesLatestOnlyAfterTheNewCheckpointIsCompleteAndPrunesTheOld() throws IOException {
        RunDirectory run = new RunDirectory(root);
        FakeModel m = model();
        run.saveCheckpoint(EpochState.start(1, 1), m.params(), META, m.newState(4), SHAPE, java.util.Map.of());
        Files.createDirectories(root.resolve(".ckpt-1-3.98765abc.tmp"));
        Files.writeString(root.resolve(".model.safetensors.123.tmp"), "torn");
        run.saveCheckpoint(new EpochState(1, 5, 5, 1, 1, 5, 1, Double.NaN, 0, 1, 1), m.params(), META, m.newState(4), SHAPE, java.util.Map.of());
        try (var s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("latest", "ckpt-1-5");
        }
    }

    @Test
    void savingTheLatestPointAgainKeepsIt() throws IOException {
        RunDirectory run = new RunDirectory(root);
        FakeModel m = model();
        EpochState s = new EpochState(1, 5, 5, 1, 1, 5, 1, Double.NaN, 0, 1, 1);
        run.saveCheckpoint(s, m.params(), META, m.newState(4), SHAPE, java.util.Map.of());
        run.saveCheckpoint(s, m.params(), META, m.newState(4), SHAPE, java.util.Map.of());
        assertThat(run.latestCheckpoint()).contains(root.resolve("ckpt-1-5"));
        assertThat(run.restore(m.params(), m.newState(4), SHAPE, java.util.Map.of(), EpochState::fromJson)).isEqualTo(s);
    }

    @Test
    void rejectsAStateOfAnotherShape() throws IOException {
        RunDirectory run = new RunDirectory(root);
        FakeModel m = model();
        run.saveCheckpoint(EpochState.start(1, 1), m.params(), META, m.newState(4), SHAPE, java.util.Map.of());
        assertThatThrownBy(() -> run.restore(m.params(), new LanguageModel.State(1, 2, 1), new int[] {1, 2, 1}, java.util.Map.of(),
                EpochState::fromJson))
                .isInstanceOf(UserError.class).hasMessageContaining("holds an LSTM state that does not fit the run's config.json");
    }

    @Test
    void aBrokenLatestPointerIsAUserError() throws IOException {
        RunDirectory run = new RunDirectory(root);
        Files.writeString(root.resolve("latest"), "../../etc\n");
        assertThatThrownBy(run::latestCheckpoint).isInstanceOf(UserError.class)
                .hasMessageContaining("does not name a checkpoint directory of this run");
        Files.writeString(root.resolve("latest"), "ckpt-3-0\n");
        assertThatThrownBy(run::latestCheckpoint).isInstanceOf(UserError.class);
    }

    @Test
    void aRunWithoutCheckpointCannotBeResumed() {
        RunDirectory run = new RunDirectory(root);
        assertThat(run.latestCheckpoint().isPresent()).isFalse();
        assertThatThrownBy(() -> run.restore(model().params(), model().newState(4), SHAPE, java.util.Map.of(), EpochState::fromJson))
                .isInstanceOf(UserError.class)
                .hasMessage(root + " has no checkpoint to resume from; start the run again without --resume");
    }

    @Test
    void aDirectoryWithoutConfigIsNotARun() {
        assertThatThrownBy(() -> new RunDirectory(root).readConfig()).isInstanceOf(UserError.class)
                .hasMessage(root + " is not a training run (it has no config.json); give the directory that lstmlm train printed");
    }

    @Test
    void dropsMetricsOfEpochsToBeRepeated() throws IOException {
        RunDirectory run = new RunDirectory(root);
        Files.writeString(run.metricsFile(), "{\"epoch\":1}\n{\"epoch\":2}\n{\"epoch\":3}\n{\"epo");
        run.keepMetricsBefore(3);
        assertThat(Files.readString(run.metricsFile())).isEqualTo("{\"epoch\":1}\n{\"epoch\":2}\n");
    }

    @Test
    void dropsMetricsOfStepsToBeRepeated() throws IOException {
        RunDirectory run = new RunDirectory(root);
        Files.writeString(run.metricsFile(), "{\"step\":0}\n{\"step\":100}\n{\"step\":200}\n");
        run.keepMetricsBefore("step", 101);
        assertThat(Files.readString(run.metricsFile())).isEqualTo("{\"step\":0}\n{\"step\":100}\n");
    }

    @Test
    void savesAndRestoresTheOptimizerState() throws IOException {
        RunDirectory run = new RunDirectory(root);
        FakeModel m = model();
        float[] moment = {1.5f, -2f, 3.25f};
        float[] second = {0.5f, 0.25f, 0.125f};
        run.saveCheckpoint(EpochState.start(1, 1), m.params(), META, m.newState(4), SHAPE,
                java.util.Map.of("adam.m", moment, "adam.v", second));
        float[] m2 = new float[3];
        float[] v2 = new float[3];
        run.restore(m.params(), m.newState(4), SHAPE, java.util.Map.of("adam.m", m2, "adam.v", v2), EpochState::fromJson);
        assertThat(m2).isEqualTo(moment);
        assertThat(v2).isEqualTo(second);
        assertThatThrownBy(() -> run.restore(m.params(), m.newState(4), SHAPE, java.util.Map.of("adam.m", new float[4]), EpochState::fromJson))
                .isInstanceOf(UserError.class).hasMessageContaining("holds an optimizer state that does not fit the run's model");

        run.saveCheckpoint(new EpochState(1, 3, 3, 1, 0, 0, 0, Double.NaN, 0, 0, 1), m.params(), META, m.newState(4), SHAPE, java.util.Map.of());
        assertThatThrownBy(() -> run.restore(m.params(), m.newState(4), SHAPE, java.util.Map.of("adam.m", m2), EpochState::fromJson))
                .isInstanceOf(UserError.class).hasMessageContaining("has no optimizer.safetensors although the run's optimizer keeps a state");
    }
}
