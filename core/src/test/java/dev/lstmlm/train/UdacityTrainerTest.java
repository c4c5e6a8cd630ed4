package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.data.UdacityBatcher;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UdacityTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int V = 8;
    /** The char-udacity recipe shrunk: B = 4, T = 3, the rate 10 divided by 10 every 100 updates. */
    private static final TrainConfig CONFIG = config(301, 100);
    private static final Texts TEXTS = new Texts(markov(997, 1), markov(50, 2), null);

    @TempDir Path dir;
    private final StringWriter log = new StringWriter();

    private static TrainConfig config(int steps, int decayEvery) {
        return Presets.get("char-udacity").toBuilder().set(TrainOptions.PRESET, "custom")
                .set(TrainOptions.CORPUS, "synthetic").set(TrainOptions.HIDDEN_SIZE, 1).set(TrainOptions.NUM_STEPS, 3)
                .set(TrainOptions.BATCH_SIZE, 4).set(TrainOptions.STEPS, steps).set(TrainOptions.DECAY_EVERY, decayEvery).build();
    }

    private static TokenSequence markov(int n, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 1; i < n; i++) ids[i] = r.nextDouble() < 0.8 ? (3 * ids[i - 1] + 1) % V : r.nextInt(V);
        return TokenSequence.of(ids);
    }

    private static CheckpointMetadata metadata(ModelConfig config) {
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < config.vocabSize(); i++) vocab.add(Character.toString('a' + i));
        return new CheckpointMetadata(config, TokenizerKind.CHAR_UDACITY, vocab);
    }

    private UdacityTrainer trainer(TrainableModel model, TrainConfig config, RunDirectory run, BooleanSupplier stop,
                                   LoopSettings settings) {
        return new UdacityTrainer(model, config, TEXTS, metadata(new ModelConfig(V, ModelConfig.Input.EMBEDDING, 1, 1, 1, 1f, 0f)),
                run, settings, new PrintWriter(log, true), stop, System::nanoTime);
    }

    private Outcome start(FakeModel model, TrainConfig config, RunDirectory run, BooleanSupplier stop) throws IOException {
        run.writeConfig(config);
        return trainer(model, config, run, stop, LoopSettings.of(1, "fake"))
                .run(StepState.start(model.rngState(), 1), model.newState(config.batchSize()));
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
    void trainsOnTheNotebooksBatchesWithTheStateNeverReset() throws IOException {
        FakeModel m = new FakeModel(V, 7);
        start(m, config(50, 100), newRun("a"), () -> false);
        UdacityBatcher notebook = new UdacityBatcher(TEXTS.train(), 4, 3);
        int[] x = new int[12];
        int[] y = new int[12];
        assertThat(m.trainInputs).hasSize(50);
        for (int s = 0; s < 50; s++) {
            notebook.next(x, y);
            assertThat(m.trainInputs.get(s)).as("step %d", s).isEqualTo(x);
        }
        assertThat(m.startH.getFirst()).isZero();
        assertThat(m.startH.subList(1, 50)).doesNotContain(0f);
    }

    @Test
    void reportsTheNotebooksMeanLossRateAndPerplexitiesEvery100Steps() throws IOException {
        FakeModel m = new FakeModel(V, 7);
        RunDirectory run = newRun("a");
        start(m, CONFIG, run, () -> false);
        List<JsonNode> lines = metrics(run);
        assertThat(lines).extracting(n -> n.get("step").asLong()).containsExactly(0L, 100L, 200L, 300L);
        // staircase decay: 10 × 0.1^floor(step / 100) here, as 10 × 0.1^floor(step / 5000) in the preset
        assertThat(lines).extracting(n -> n.get("lr").asDouble())
                .satisfiesExactly(lr -> assertThat(lr).isEqualTo(10.0), lr -> assertThat(lr).isCloseTo(1.0, within(1e-12)),
                        lr -> assertThat(lr).isCloseTo(0.1, within(1e-12)), lr -> assertThat(lr).isCloseTo(0.01, within(1e-12)));
        // step 0 reports its own loss; step 100 the mean of steps 1..100 (each the mean over batch × unrollings)
        assertThat(lines.get(0).get("loss").asDouble()).isCloseTo(m.trainCosts.get(0) / 3, within(1e-12));
        double sum = 0;
        for (int s = 1; s <= 100; s++) sum += m.trainCosts.get(s) / 3;
        assertThat(lines.get(1).get("loss").asDouble()).isCloseTo(sum / 100, within(1e-12));
        assertThat(lines.get(1).get("minibatch_ppl").asDouble()).isCloseTo(Math.exp(m.trainCosts.get(100) / 3), within(1e-9));
        assertThat(lines.get(3).get("valid_ppl").asDouble()).isLessThan(lines.get(0).get("valid_ppl").asDouble()).isGreaterThan(1);
        assertThat(log.toString()).contains("| step   100/  301 | lr 1.00 | loss ").contains("| end of training | 301 steps | valid ppl ");
        JsonNode summary = JSON.readTree(run.summaryFile().toFile());
        assertThat(summary.get("updates").asLong()).isEqualTo(301);
        assertThat(summary.get("valid_ppl").asDouble()).isEqualTo(lines.get(3).get("valid_ppl").asDouble());
        assertThat(Files.exists(run.modelFile())).isTrue();
    }

    @Test
    void samplesFiveTimesEvery1000StepsWithSeedsFromTheStep() throws IOException {
        FakeModel m = new FakeModel(V, 7);
        RunDirectory run = newRun("a");
        TrainConfig config = config(1001, 5000);
        run.writeConfig(config);
        SampleText sample = new SampleText(80, "characters", seed -> "text of seed " + seed);
        trainer(m, config, run, () -> false, LoopSettings.of(1, "fake").withSample(sample))
                .run(StepState.start(m.rngState(), 1), m.newState(4));
        String text = log.toString();
        assertThat(text).contains("samples at step 0 (80 characters each, seeds 1000003 to 1000007)")
                .contains("samples at step 1000 (80 characters each, seeds 1001003 to 1001007)");
        assertThat(text.lines().filter(l -> l.startsWith("text of seed "))).containsExactly("text of seed 1000003",
                "text of seed 1000004", "text of seed 1000005", "text of seed 1000006", "text of seed 1000007",
                "text of seed 1001003", "text of seed 1001004", "text of seed 1001005", "text of seed 1001006",
                "text of seed 1001007");
    }

    @Test
    void stoppingAndResumingGivesTheWeightsOfAnUninterruptedRun() throws IOException {
        RunDirectory reference = newRun("reference");
        start(new FakeModel(V, 7), CONFIG, reference, () -> false);

        RunDirectory run = newRun("stopped");
        FakeModel first = new FakeModel(V, 7);
        assertThat(start(first, CONFIG, run, () -> first.trainWindows >= 137))
                .isEqualTo(new Outcome.Interrupted(run.dir().resolve("ckpt-1-137")));
        for (int stopAt : new int[] {100, Integer.MAX_VALUE}) {  // the second resume stops at a report step, then none
            FakeModel again = new FakeModel(V, 99);
            LanguageModel.State carried = again.newState(4);
            UdacityTrainer t = trainer(again, CONFIG, run, () -> again.trainWindows >= stopAt, LoopSettings.of(1, "fake"));
            StepState state = t.restore(carried);
            t.run(state, carried);
        }
        assertThat(Files.mismatch(run.modelFile(), reference.modelFile())).isEqualTo(-1L);
        assertThat(Files.readString(run.metricsFile())).hasLineCount(4);
        List<JsonNode> got = metrics(run);
        List<JsonNode> want = metrics(reference);
        for (int i = 0; i < 4; i++) {
            for (String k : List.of("step", "lr", "loss", "minibatch_ppl", "valid_ppl")) {
                assertThat(got.get(i).get(k)).as("line %d %s", i, k).isEqualTo(want.get(i).get(k));
            }
        }
    }

    @Test
    void theHiddenBiasStaysZeroSoThatEachGateHasOneTrainedBiasAsInTheNotebook() throws IOException {
        ModelConfig mc = new ModelConfig(V, ModelConfig.Input.ONE_HOT, V, 5, 1, 1f, 0f);
        LanguageModel model = new LanguageModel(mc, Compute.create(1));
        model.initTruncatedNormal(-0.1f, 0.1f, 1);
        TrainConfig config = Presets.get("char-udacity").toBuilder().set(TrainOptions.PRESET, "custom")
                .set(TrainOptions.CORPUS, "synthetic").set(TrainOptions.HIDDEN_SIZE, 5).set(TrainOptions.NUM_STEPS, 3)
                .set(TrainOptions.BATCH_SIZE, 4).set(TrainOptions.STEPS, 20).set(TrainOptions.DECAY_EVERY, 5000).build();
        RunDirectory run = newRun("a");
        run.writeConfig(config);
        new UdacityTrainer(TrainableModel.of(model), config, TEXTS, metadata(mc), run, LoopSettings.of(1, "x"),
                new PrintWriter(log, true), () -> false, System::nanoTime).run(StepState.start(0, 1), model.newState(4));
        ParameterStore p = model.params();
        ParameterStore.View hh = p.view("rnn.bias_hh_l0");
        ParameterStore.View ih = p.view("rnn.bias_ih_l0");
        for (int i = 0; i < hh.size(); i++) assertThat(p.values()[hh.offset() + i]).isZero();
        long moved = java.util.stream.IntStream.range(0, ih.size()).filter(i -> p.values()[ih.offset() + i] != 0f).count();
        assertThat(moved).isEqualTo(ih.size());
    }

    @Test
    void thePresetIsTheNotebooksRecipe() {
        TrainConfig c = Presets.get("char-udacity");
        assertThat(c.tokenizer()).isEqualTo(TokenizerKind.CHAR_UDACITY);
        assertThat(c.modelConfig(CharAlphabet.letters().size()))
                .isEqualTo(new ModelConfig(27, ModelConfig.Input.ONE_HOT, 27, 64, 1, 1f, 0f));
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.numSteps()).isEqualTo(10);
        assertThat(c.schedule()).isEqualTo(new Schedule.Steps(7001, 5000, 0.1));
        assertThat(c.maxGradNorm()).isEqualTo(1.25);
        assertThat(c.loss()).isEqualTo(LossScaling.MEAN_OVER_STEPS);
        assertThat(c.optimizer()).isEqualTo(TrainConfig.OptimizerKind.SGD);
        assertThat(c.init()).isEqualTo(TrainConfig.Init.TRUNCATED_NORMAL);
        assertThat(c.initMean()).isEqualTo(-0.1);
        assertThat(c.initScale()).isEqualTo(0.1);
        LearningRateSchedule lr = c.rates();
        assertThat(lr.rate(1, 0)).isEqualTo(10.0);
        assertThat(lr.rate(1, 4999)).isEqualTo(10.0);
        assertThat(lr.rate(1, 5000)).isCloseTo(1.0, within(1e-12));
        assertThat(lr.rate(1, 7000)).isCloseTo(1.0, within(1e-12));
        assertThat(lr.rate(1, 10000)).isCloseTo(0.1, within(1e-12));
    }
}
