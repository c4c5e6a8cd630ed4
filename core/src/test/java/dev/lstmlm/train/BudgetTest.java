package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.UserError;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Budget}s of the ptb loop: a clean stop that saves, validates, tests and summarizes, and resumes to the same bits. */
class BudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int V = 8;
    /** 99 windows per epoch (as TrainerTest's). */
    private static final TrainConfig CONFIG = Presets.get("ptb-test").toBuilder().set(TrainOptions.PRESET, "custom")
            .set(TrainOptions.CORPUS, "synthetic").set(TrainOptions.HIDDEN_SIZE, 1).set(TrainOptions.NUM_STEPS, 5)
            .set(TrainOptions.BATCH_SIZE, 4).set(TrainOptions.EPOCHS, 3).set(TrainOptions.MAX_GRAD_NORM, 5.0).build();
    private static final Texts TEXTS = new Texts(markov(2000, 1), markov(400, 2), markov(300, 3));

    @TempDir Path dir;
    private final StringWriter log = new StringWriter();

    private static TokenSequence markov(int n, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 1; i < n; i++) ids[i] = r.nextDouble() < 0.8 ? (3 * ids[i - 1] + 1) % V : r.nextInt(V);
        return TokenSequence.of(ids);
    }

    private static CheckpointMetadata metadata() {
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < V; i++) vocab.add("s" + i);
        return new CheckpointMetadata(new ModelConfig(V, ModelConfig.Input.EMBEDDING, 1, 1, 1, 1f, 0f), TokenizerKind.WORD, vocab);
    }

    private Trainer trainer(FakeModel model, RunDirectory run, Budget budget, boolean live, BooleanSupplier stop,
                            java.util.function.LongSupplier clock) {
        LoopSettings settings = LoopSettings.of(1, "fake").withBudget(budget);
        return new Trainer(model, CONFIG, TEXTS, metadata(), run, settings, new PrintWriter(log, true), live, stop, clock);
    }

    private RunDirectory newRun(String name) throws IOException {
        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve(name)));
        run.writeConfig(CONFIG);
        return run;
    }

    private Outcome resume(RunDirectory run, Budget budget) throws IOException {
        FakeModel model = new FakeModel(V, 99);
        LanguageModel.State carried = model.newState(CONFIG.batchSize());
        EpochState state = run.restore(model.params(), carried, new int[] {1, CONFIG.batchSize(), 1}, Map.of(), EpochState::fromJson);
        return trainer(model, run, budget, false, () -> false, System::nanoTime).run(state, carried);
    }

    @Test
    void maxBatchesStopsMidEpochValidatesTestsAndSaysSoAndTheResumedRunEndsWithTheUninterruptedBits() throws IOException {
        RunDirectory reference = newRun("reference");
        FakeModel r = new FakeModel(V, 7);
        trainer(r, reference, Budget.NONE, false, () -> false, System::nanoTime).run(EpochState.start(r.rngState(), 1),
                r.newState(CONFIG.batchSize()));

        RunDirectory run = newRun("budget");
        FakeModel m = new FakeModel(V, 7);
        Outcome o = trainer(m, run, new Budget(0, 150), false, () -> false, System::nanoTime)
                .run(EpochState.start(m.rngState(), 1), m.newState(CONFIG.batchSize()));

        assertThat(o).isInstanceOf(Outcome.Completed.class);
        Outcome.Completed c = (Outcome.Completed) o;
        assertThat(c.stoppedBy()).isEqualTo("--max-batches 150");
        assertThat(c.testPpl()).isBetween(1.0, (double) V);
        assertThat(log.toString()).contains("| --max-batches 150 reached at epoch 2, batch 51/99 (update 150) | validating the weights so far |")
                .contains("| end of training (stopped by --max-batches 150) | test ppl ");
        JsonNode summary = JSON.readTree(run.summaryFile().toFile());
        assertThat(summary.get("stopped_by").asText()).isEqualTo("--max-batches 150");
        assertThat(summary.get("updates").asInt()).isEqualTo(150);
        assertThat(summary.get("stopped_at_epoch").asInt()).isEqualTo(2);
        assertThat(summary.get("test_ppl").asDouble()).isEqualTo(c.testPpl());
        List<String> metrics = Files.readAllLines(run.metricsFile());
        assertThat(metrics).hasSize(2);
        assertThat(JSON.readTree(metrics.get(1)).get("partial").asBoolean()).isTrue();
        assertThat(Files.readString(run.dir().resolve("latest")).strip()).isEqualTo("ckpt-2-51");
        assertThat(RunListing.entry(run.dir()).status()).isEqualTo("stopped");

        assertThat(resume(run, Budget.NONE)).isInstanceOf(Outcome.Completed.class);
        assertThat(Files.mismatch(run.dir().resolve("ckpt-4-0/model.safetensors"), reference.dir().resolve("ckpt-4-0/model.safetensors")))
                .isEqualTo(-1L);
        assertThat(Files.mismatch(run.modelFile(), reference.modelFile())).isEqualTo(-1L);
        assertThat(JSON.readTree(run.summaryFile().toFile()).has("stopped_by")).isFalse();
        assertThat(Files.readAllLines(run.metricsFile())).hasSize(3);
        RunListing.Entry e = RunListing.entry(run.dir());
        assertThat(e.status()).isEqualTo("finished");
        assertThat(e.done()).isEqualTo(3);
        assertThat(e.total()).isEqualTo(3);
    }

    @Test
    void maxMinutesStopsOnTheClock() throws IOException {
        RunDirectory run = newRun("clock");
        FakeModel m = new FakeModel(V, 7);
        AtomicLong now = new AtomicLong();
        // every reading of the clock is 1 s later: 120 readings reach 2 minutes
        Outcome o = trainer(m, run, new Budget(2, 0), false, () -> false, () -> now.addAndGet(1_000_000_000L))
                .run(EpochState.start(m.rngState(), 1), m.newState(CONFIG.batchSize()));
        assertThat(((Outcome.Completed) o).stoppedBy()).isEqualTo("--max-minutes 2");
        assertThat(JSON.readTree(run.summaryFile().toFile()).get("updates").asInt()).isBetween(1, 98);
    }

    @Test
    void aStopOnATerminalEndsTheLiveProgressLineFirst() throws IOException {
        RunDirectory run = newRun("live");
        FakeModel m = new FakeModel(V, 7);
        Outcome o = trainer(m, run, Budget.NONE, true, () -> m.trainWindows >= 5, System::nanoTime)
                .run(EpochState.start(m.rngState(), 1), m.newState(CONFIG.batchSize()));
        assertThat(o).isInstanceOf(Outcome.Interrupted.class);
        assertThat(log.toString()).startsWith("\r| epoch   1 |").endsWith("|\n");
    }

    @Test
    void budgetsMustBePositive() {
        assertThatThrownBy(() -> Budget.of(0.0, null)).isInstanceOf(UserError.class).hasMessage("--max-minutes must be above 0, not 0.0");
        assertThatThrownBy(() -> Budget.of(null, 0L)).isInstanceOf(UserError.class).hasMessage("--max-batches must be at least 1, not 0");
        assertThat(Budget.of(null, null)).isEqualTo(Budget.NONE);
    }
}
