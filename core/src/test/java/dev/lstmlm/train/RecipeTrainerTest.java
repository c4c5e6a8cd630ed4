package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.SafeTensors;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer with the options after 2014: NT-ASGD with weight decay, AWD-LSTM's variable windows
 * and the plateau schedule, stopped while averaging (once during training, once during the
 * validation of the average) and resumed, ends with the bytes of an uninterrupted run.
 */
class RecipeTrainerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int V = 8;
    private static final TrainConfig CONFIG = Presets.get("ptb-test").toBuilder().set(TrainOptions.PRESET, "custom")
            .set(TrainOptions.CORPUS, "synthetic").set(TrainOptions.HIDDEN_SIZE, 1).set(TrainOptions.NUM_STEPS, 5)
            .set(TrainOptions.BATCH_SIZE, 4).set(TrainOptions.EPOCHS, 6).set(TrainOptions.MAX_GRAD_NORM, 5.0)
            .set(TrainOptions.LR, 2.0).set(TrainOptions.NT_ASGD, 1).set(TrainOptions.WEIGHT_DECAY, 1e-3)
            .set(TrainOptions.VARIABLE_BPTT, true).set(TrainOptions.PLATEAU_DECAY, 2.0).build();
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

    private Trainer trainer(FakeModel m, RunDirectory run, BooleanSupplier stop) {
        return new Trainer(m, CONFIG, TEXTS, metadata(), run, LoopSettings.of(1, "fake"), new PrintWriter(log),
                false, stop, System::nanoTime);
    }

    private RunDirectory newRun(String name) throws IOException {
        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve(name)));
        run.writeConfig(CONFIG);
        return run;
    }

    private Outcome resume(RunDirectory run, BooleanSupplier stop, FakeModel[] holder) {
        FakeModel m = new FakeModel(V, 99);
        holder[0] = m;
        Trainer t = trainer(m, run, stop);
        LanguageModel.State carried = m.newState(4);
        EpochState state = t.restore(carried);
        try {
            return t.run(state, carried);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> metrics(RunDirectory run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(run.metricsFile())) lines.add(JSON.readTree(l));
        return lines;
    }

    private static float[] scalars(Path ckpt) {
        Path file = ckpt.resolve("optimizer.safetensors");
        SafeTensors.Header h = SafeTensors.readHeader(file);
        float[] s = new float[h.tensor("ntasgd.scalars").shape()[0]];
        SafeTensors.read(file, h, h.tensor("ntasgd.scalars"), s, 0);
        return s;
    }

    @Test
    void stoppedAndResumedWhileAveragingItEndsWithTheBytesOfAnUninterruptedRun() throws IOException {
        RunDirectory reference = newRun("reference");
        FakeModel r = new FakeModel(V, 7);
        assertThat(trainer(r, reference, () -> false).run(EpochState.start(r.rngState(), 1), r.newState(4)))
                .isInstanceOf(Outcome.Completed.class);
        Path end = reference.latestCheckpoint().orElseThrow();
        assertThat(scalars(end)[0]).as("the averaging started during the run").isEqualTo(1f);
        assertThat(scalars(end)[1]).as("averaged updates").isGreaterThan(10f);
        List<JsonNode> m = metrics(reference);
        assertThat(m).hasSize(6);
        assertThat(m.stream().map(l -> l.get("lr").asDouble()).distinct().count()).as("the plateau divided the rate").isGreaterThan(1);

        RunDirectory run = newRun("stopped");
        FakeModel first = new FakeModel(V, 7);
        // About 70 windows an epoch: the stop comes in epoch 6, after the averaging has started.
        Outcome o = trainer(first, run, () -> first.trainWindows >= 5 * 70 + 20).run(EpochState.start(first.rngState(), 1),
                first.newState(4));
        assertThat(o).isInstanceOf(Outcome.Interrupted.class);
        FakeModel[] holder = new FakeModel[1];
        o = resume(run, () -> holder[0].evalWindows >= 2, holder);
        assertThat(o).isInstanceOf(Outcome.Interrupted.class);
        o = resume(run, () -> false, holder);
        assertThat(o).isInstanceOf(Outcome.Completed.class);

        assertThat(Files.mismatch(run.modelFile(), reference.modelFile())).isEqualTo(-1L);
        Path endRun = run.latestCheckpoint().orElseThrow();
        assertThat(endRun.getFileName()).isEqualTo(end.getFileName());
        for (String f : List.of("model.safetensors", "optimizer.safetensors", "state.safetensors")) {
            assertThat(Files.mismatch(endRun.resolve(f), end.resolve(f))).as(f).isEqualTo(-1L);
        }
        for (int i = 0; i < 6; i++) {
            for (String k : List.of("epoch", "lr", "train_ppl", "valid_ppl")) {
                assertThat(metrics(run).get(i).get(k)).as("epoch %d %s", i + 1, k).isEqualTo(m.get(i).get(k));
            }
        }
        assertThat(JSON.readTree(run.summaryFile().toFile()).get("test_ppl"))
                .isEqualTo(JSON.readTree(reference.summaryFile().toFile()).get("test_ppl"));
    }
}
