package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.UserError;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.model.Checkpoint;
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
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int V = 8;
    /** B = 4 rows of 500 tokens, T = 5: 99 windows per epoch; the rate halves after epoch 1. */
    private static final TrainConfig CONFIG = Presets.get("ptb-test").toBuilder().set(TrainOptions.PRESET, "custom")
            .set(TrainOptions.CORPUS, "synthetic").set(TrainOptions.HIDDEN_SIZE, 1).set(TrainOptions.NUM_STEPS, 5)
            .set(TrainOptions.BATCH_SIZE, 4).set(TrainOptions.EPOCHS, 3).set(TrainOptions.MAX_GRAD_NORM, 5.0).build();
    private static final int EPOCH_SIZE = 99;
    private static final Texts TEXTS = new Texts(markov(2000, 1), markov(400, 2), markov(300, 3));

    @TempDir Path dir;

    /** A Markov chain over V symbols: next = 3x + 1 mod V with probability 0.8, else uniform. Entropy 0.80 nats (ppl 2.24). */
    private static TokenSequence markov(int n, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 1; i < n; i++) ids[i] = r.nextDouble() < 0.8 ? (3 * ids[i - 1] + 1) % V : r.nextInt(V);
        return TokenSequence.of(ids);
    }

    /** The perplexity of the chain itself on the windows of PtbBatcher(data, B, T). */
    private static double truePerplexity(TokenSequence data, int batch, int steps) {
        dev.lstmlm.data.PtbBatcher batcher = new dev.lstmlm.data.PtbBatcher(data, batch, steps);
        int[] x = new int[batch * steps];
        int[] y = new int[batch * steps];
        double nats = 0;
        for (int i = 0; i < batcher.epochSize(); i++) {
            batcher.window(i, x, y);
            for (int k = 0; k < x.length; k++) nats -= Math.log(y[k] == (3 * x[k] + 1) % V ? 0.825 : 0.025);
        }
        return Math.exp(nats / ((long) batcher.epochSize() * x.length));
    }

    private static CheckpointMetadata metadata() {
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < V; i++) vocab.add("s" + i);
        return new CheckpointMetadata(new ModelConfig(V, ModelConfig.Input.EMBEDDING, 1, 1, 1, 1f, 0f), TokenizerKind.WORD, vocab);
    }

    private final StringWriter log = new StringWriter();

    private Trainer trainer(FakeModel model, RunDirectory run, BooleanSupplier stop, int saveEveryBatches) {
        LoopSettings settings = LoopSettings.of(1, "fake").withSaves(0, saveEveryBatches).withCommit("abc123");
        return new Trainer(model, CONFIG, TEXTS, metadata(), run, settings, new PrintWriter(log, true), false, stop, System::nanoTime);
    }

    private Outcome start(FakeModel model, RunDirectory run, BooleanSupplier stop, int saveEveryBatches) throws IOException {
        run.writeConfig(CONFIG);
        return trainer(model, run, stop, saveEveryBatches).run(EpochState.start(model.rngState(), 1), model.newState(CONFIG.batchSize()));
    }

    /** Resumes {@code run} with a freshly initialized model, as a new process would. */
    private Outcome resume(RunDirectory run, BooleanSupplier stop, FakeModel[] holder) throws IOException {
        FakeModel model = new FakeModel(V, 99);
        holder[0] = model;
        LanguageModel.State carried = model.newState(CONFIG.batchSize());
        EpochState state = run.restore(model.params(), carried, new int[] {1, CONFIG.batchSize(), 1}, java.util.Map.of(),
                EpochState::fromJson);
        return trainer(model, run, stop, 0).run(state, carried);
    }

    private RunDirectory newRun(String name) throws IOException {
        return new RunDirectory(Files.createDirectories(dir.resolve(name)));
    }

    private static List<JsonNode> metrics(RunDirectory run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(run.metricsFile())) lines.add(JSON.readTree(l));
        return lines;
    }

    @Test
    void learnsTheMarkovChainAndWritesMetricsAndSummary() throws IOException {
        RunDirectory run = newRun("a");
        Outcome outcome = start(new FakeModel(V, 7), run, () -> false, 0);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        List<JsonNode> m = metrics(run);
        assertThat(m).extracting(n -> n.get("epoch").asInt()).containsExactly(1, 2, 3);
        assertThat(m).extracting(n -> n.get("lr").asDouble()).containsExactly(1.0, 0.5, 0.25);
        assertThat(m.get(0).get("train_ppl").asDouble()).isLessThan(V);
        // the fake is a bigram table, which can represent the chain: it gets close to the chain's own perplexity
        double truth = truePerplexity(TEXTS.valid(), 4, 5);
        assertThat(truth).isBetween(1.7, 2.6);
        assertThat(m.get(2).get("valid_ppl").asDouble()).isBetween(truth, truth * 1.1);
        assertThat(m.get(2).get("words_per_second").asDouble()).isPositive();
        JsonNode summary = JSON.readTree(run.summaryFile().toFile());
        double testTruth = truePerplexity(TEXTS.test(), 1, 1);
        assertThat(summary.get("test_ppl").asDouble()).isBetween(testTruth, testTruth * 1.1);
        assertThat(summary.get("test_words").asLong()).isEqualTo(299);
        assertThat(summary.get("best_epoch").asInt()).isEqualTo(3);
        assertThat(summary.get("updates").asLong()).isEqualTo(3L * EPOCH_SIZE);
        assertThat(summary.get("commit").asText()).isEqualTo("abc123");
        assertThat(ConfigFiles.fromJson(TrainOptions.ALL, (com.fasterxml.jackson.databind.node.ObjectNode) summary.get("config"), "summary")).isEqualTo(CONFIG);
        assertThat(Checkpoint.readMetadata(run.modelFile())).isEqualTo(metadata());
        assertThat(run.latestCheckpoint()).contains(run.dir().resolve("ckpt-4-0"));
    }

    @Test
    void zeroesTheStateAtEachEpochAndCarriesItAcrossWindows() throws IOException {
        FakeModel m = new FakeModel(V, 7);
        start(m, newRun("a"), () -> false, 0);
        assertThat(m.startH).hasSize(3 * EPOCH_SIZE);
        for (int e = 0; e < 3; e++) {
            assertThat(m.startH.get(e * EPOCH_SIZE)).as("epoch %d", e + 1).isZero();
            assertThat(m.startH.get(e * EPOCH_SIZE + 1)).as("epoch %d", e + 1).isNotZero();
        }
    }

    @Test
    void logsALinePerTenthOfAnEpochWhenNotATerminal() throws IOException {
        start(new FakeModel(V, 7), newRun("a"), () -> false, 0);
        String text = log.toString();
        assertThat(text.lines().filter(l -> l.startsWith("| epoch   2 |"))).hasSize(10);
        assertThat(text).contains("| epoch   1 |    99/   99 batches 100% | lr 1.00 |")
                .contains("| end of epoch   3 |").contains("| lr 0.25 | train ppl").contains("| end of training | test ppl ")
                .doesNotContain("\r");
    }

    @Test
    void stoppingAndResumingGivesTheWeightsOfAnUninterruptedRun() throws IOException {
        RunDirectory reference = newRun("reference");
        start(new FakeModel(V, 7), reference, () -> false, 0);

        RunDirectory run = newRun("stopped");
        FakeModel first = new FakeModel(V, 7);
        Outcome o = start(first, run, () -> first.trainWindows >= 37, 0);
        assertThat(o).isEqualTo(new Outcome.Interrupted(run.dir().resolve("ckpt-1-37")));
        FakeModel[] model = new FakeModel[1];
        // stop again in epoch 2, then during the validation of epoch 2, then run to the end
        o = resume(run, () -> model[0].trainWindows >= 80, model);
        assertThat(o).isEqualTo(new Outcome.Interrupted(run.dir().resolve("ckpt-2-18")));
        o = resume(run, () -> model[0].evalWindows >= 3, model);
        assertThat(o).isEqualTo(new Outcome.Interrupted(run.dir().resolve("ckpt-2-99")));
        o = resume(run, () -> false, model);
        assertThat(o).isInstanceOf(Outcome.Completed.class);

        assertThat(Files.mismatch(run.modelFile(), reference.modelFile())).isEqualTo(-1L);
        assertThat(Files.mismatch(run.dir().resolve("ckpt-4-0/model.safetensors"), reference.dir().resolve("ckpt-4-0/model.safetensors"))).isEqualTo(-1L);
        assertThat(metrics(run)).hasSize(3);
        for (int i = 0; i < 3; i++) {
            for (String k : List.of("epoch", "lr", "train_ppl", "valid_ppl")) {
                assertThat(metrics(run).get(i).get(k)).isEqualTo(metrics(reference).get(i).get(k));
            }
        }
        assertThat(JSON.readTree(run.summaryFile().toFile()).get("test_ppl"))
                .isEqualTo(JSON.readTree(reference.summaryFile().toFile()).get("test_ppl"));
    }

    @Test
    void withAdamStoppingAndResumingAlsoRestoresTheMoments() throws IOException {
        TrainConfig adam = CONFIG.toBuilder().set(TrainOptions.EPOCHS, 2).set(TrainOptions.LR, 0.01)
                .set(TrainOptions.LOSS, LossScaling.MEAN_OVER_STEPS).set(TrainOptions.OPTIMIZER, TrainConfig.OptimizerKind.ADAM).build();
        RunDirectory reference = newRun("reference");
        reference.writeConfig(adam);
        FakeModel r = new FakeModel(V, 7);
        new Trainer(r, adam, TEXTS, metadata(), reference, LoopSettings.of(1, "fake"), new PrintWriter(log),
                false, () -> false, System::nanoTime).run(EpochState.start(r.rngState(), 1), r.newState(4));

        RunDirectory run = newRun("stopped");
        run.writeConfig(adam);
        FakeModel first = new FakeModel(V, 7);
        Trainer t = new Trainer(first, adam, TEXTS, metadata(), run, LoopSettings.of(1, "fake"),
                new PrintWriter(log), false, () -> first.trainWindows >= 120, System::nanoTime);
        assertThat(t.run(EpochState.start(first.rngState(), 1), first.newState(4)))
                .isEqualTo(new Outcome.Interrupted(run.dir().resolve("ckpt-2-21")));
        assertThat(run.dir().resolve("ckpt-2-21/optimizer.safetensors")).exists();

        FakeModel again = new FakeModel(V, 99);
        Trainer resumed = new Trainer(again, adam, TEXTS, metadata(), run, LoopSettings.of(1, "fake"),
                new PrintWriter(log), false, () -> false, System::nanoTime);
        LanguageModel.State carried = again.newState(4);
        EpochState state = resumed.restore(carried);
        assertThat(resumed.run(state, carried)).isInstanceOf(Outcome.Completed.class);
        assertThat(Files.mismatch(run.modelFile(), reference.modelFile())).isEqualTo(-1L);
        assertThat(metrics(run).get(1).get("valid_ppl")).isEqualTo(metrics(reference).get(1).get("valid_ppl"));
    }

    @Test
    void printsASeededSampleAfterEachEpoch() throws IOException {
        RunDirectory run = newRun("a");
        run.writeConfig(CONFIG);
        FakeModel m = new FakeModel(V, 7);
        SampleText sample = new SampleText(20, "words", seed -> "the sample of seed " + seed + "\n");
        new Trainer(m, CONFIG, TEXTS, metadata(), run, LoopSettings.of(1, "fake").withSample(sample), new PrintWriter(log),
                false, () -> false, System::nanoTime).run(EpochState.start(m.rngState(), 1), m.newState(4));
        String text = log.toString();
        assertThat(text).contains("========== sample after epoch 1 (20 words, seed 2) ==========\nthe sample of seed 2\n" + "=".repeat(80))
                .contains("sample after epoch 3 (20 words, seed 4)");
        assertThat(text.indexOf("sample after epoch 1")).isGreaterThan(text.indexOf("| end of epoch   1 |"));
    }

    @Test
    void resumingCleansUpWhatACrashLeftBehind() throws IOException {
        RunDirectory reference = newRun("reference");
        start(new FakeModel(V, 7), reference, () -> false, 0);

        RunDirectory run = newRun("crashed");
        FakeModel first = new FakeModel(V, 7);
        start(first, run, () -> first.trainWindows >= 2 * EPOCH_SIZE + 5, 0);
        // a crash while saving the next checkpoint and while appending a metrics line
        Path torn = Files.createDirectories(run.dir().resolve(".ckpt-3-50.123456.tmp"));
        Files.writeString(torn.resolve("model.safetensors"), "partial");
        Files.writeString(run.metricsFile(), "{\"epoch\": 3, \"lr", java.nio.file.StandardOpenOption.APPEND);

        FakeModel[] model = new FakeModel[1];
        assertThat(resume(run, () -> false, model)).isInstanceOf(Outcome.Completed.class);
        assertThat(Files.exists(torn)).isFalse();
        assertThat(metrics(run)).extracting(n -> n.get("epoch").asInt()).containsExactly(1, 2, 3);
        assertThat(Files.mismatch(run.modelFile(), reference.modelFile())).isEqualTo(-1L);
    }

    @Test
    void keepsOnlyTheLatestCheckpoint() throws IOException {
        RunDirectory run = newRun("a");
        FakeModel m = new FakeModel(V, 7);
        start(m, run, () -> m.trainWindows >= 45, 10);
        try (Stream<Path> s = Files.list(run.dir())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json", "latest", "ckpt-1-45");
        }
        assertThat(Files.readString(run.dir().resolve("latest"))).isEqualTo("ckpt-1-45\n");
    }

    @Test
    void aNanLossStopsTheRunAndKeepsTheLastCheckpoint() throws IOException {
        RunDirectory run = newRun("a");
        FakeModel m = new FakeModel(V, 7);
        m.poisonAfter = 25;
        assertThatThrownBy(() -> start(m, run, () -> false, 10)).isInstanceOf(UserError.class)
                .hasMessage("training diverged at epoch 1, batch 26 (update 26): the loss is NaN; the last checkpoint "
                        + run.dir().resolve("ckpt-1-20") + " is intact, so start a new run with a lower --lr (now 1.00)"
                        + " or --max-grad-norm (now 5.0)");
        FakeModel restored = new FakeModel(V, 99);
        EpochState s = run.restore(restored.params(), restored.newState(4), new int[] {1, 4, 1}, java.util.Map.of(), EpochState::fromJson);
        assertThat(s.batch()).isEqualTo(20);
        for (float v : restored.params().values()) assertThat(v).isFinite();
    }

    @Test
    void anInfiniteGradientStopsTheRunBeforeTheUpdate() throws IOException {
        RunDirectory run = newRun("a");
        FakeModel m = new FakeModel(V, 7);
        m.poisonGradAfter = 4;
        assertThatThrownBy(() -> start(m, run, () -> false, 0)).isInstanceOf(UserError.class)
                .hasMessageContaining("training diverged at epoch 1, batch 5 (update 5): the gradient norm is Infinity;"
                        + " no checkpoint was written yet");
        for (float v : m.params().values()) assertThat(v).isFinite();
        assertThat(run.latestCheckpoint().isPresent()).isFalse();
    }

    @Test
    void rejectsACheckpointFromALongerText() throws IOException {
        RunDirectory run = newRun("a");
        FakeModel m = new FakeModel(V, 7);
        start(m, run, () -> m.trainWindows >= 50, 0);
        Texts shorter = new Texts(markov(400, 1), null, null);
        FakeModel again = new FakeModel(V, 7);
        LanguageModel.State carried = again.newState(4);
        EpochState s = run.restore(again.params(), carried, new int[] {1, 4, 1}, java.util.Map.of(), EpochState::fromJson);
        Trainer t = new Trainer(again, CONFIG, shorter, metadata(), run, LoopSettings.of(1, "fake"),
                new PrintWriter(log), false, () -> false, System::nanoTime);
        assertThatThrownBy(() -> t.run(s, carried)).isInstanceOf(UserError.class)
                .hasMessage("the checkpoint is at batch 50 of an epoch but the training text now has only 19 batches;"
                        + " resume with the corpus the run started with");
    }

    @Test
    void withoutValidationTextTheFinalModelIsKept() throws IOException {
        RunDirectory run = newRun("a");
        run.writeConfig(CONFIG);
        FakeModel m = new FakeModel(V, 7);
        Trainer t = new Trainer(m, CONFIG, new Texts(TEXTS.train(), null, null), metadata(), run,
                LoopSettings.of(1, "fake"), new PrintWriter(log), false, () -> false, System::nanoTime);
        Outcome o = t.run(EpochState.start(m.rngState(), 1), m.newState(4));
        assertThat(o).isEqualTo(new Outcome.Completed(null, null, 3, ((Outcome.Completed) o).totalSeconds()));
        assertThat(Files.mismatch(run.modelFile(), run.dir().resolve("ckpt-4-0/model.safetensors"))).isEqualTo(-1L);
        assertThat(metrics(run).get(2).get("valid_ppl").isNull()).isTrue();
        assertThat(m.evalWindows).isZero();
    }
}
