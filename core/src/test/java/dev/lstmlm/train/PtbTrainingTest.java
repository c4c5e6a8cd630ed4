package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.TestData;
import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.data.WordFiles;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training of the real model on the real Penn Treebank: a few hundred batches must learn. */
class PtbTrainingTest {
    @TempDir Path dir;

    @Test
    void aFewHundredBatchesBringPerplexityFarBelowUniform() throws IOException {
        Path dataDir = TestData.require("ptb/ptb.train.txt").getParent().getParent();
        WordCorpus ptb = WordCorpus.inMemory(WordFiles.resolve(dataDir, "ptb"));
        assertThat(ptb.vocabulary().size()).isEqualTo(10_000);
        // ptb-small's schedule and batch shape with a 1 x 32 LSTM; 200 windows of 20 x 20 words
        TrainConfig config = TrainConfig.resolve("ptb-small", null, Map.of("hidden_size", 32, "layers", 1, "epochs", 1));
        int windows = 200;
        Texts texts = new Texts(ptb.train().slice(0, 20 * (windows * 20 + 1)),
                ptb.valid().orElseThrow().slice(0, 20 * 1001), ptb.test().orElseThrow().slice(0, 5000));
        LanguageModel model = new LanguageModel(config.modelConfig(10_000), Compute.create(2));
        model.initUniform((float) config.initScale(), config.seed());
        RunDirectory run = new RunDirectory(dir);
        run.writeConfig(config);
        CheckpointMetadata meta = new CheckpointMetadata(model.config(), TokenizerKind.WORD, ptb.vocabulary().words());
        StringWriter log = new StringWriter();
        Trainer trainer = new Trainer(TrainableModel.of(model), config, texts, meta, run,
                LoopSettings.of(2, "vector"), new PrintWriter(log, true), false, () -> false, System::nanoTime);

        Outcome outcome = trainer.run(EpochState.start(1, 2), model.newState(20));

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        JsonNode epoch = new ObjectMapper().readTree(Files.readAllLines(run.metricsFile()).getFirst());
        // uniform guessing over 10,000 words is perplexity 10,000; the unigram distribution alone is about 700
        assertThat(epoch.get("train_ppl").asDouble()).as(log.toString()).isLessThan(1500);
        assertThat(epoch.get("valid_ppl").asDouble()).as(log.toString()).isLessThan(900);
        assertThat(((Outcome.Completed) outcome).testPpl()).as(log.toString()).isLessThan(900);
    }
}
