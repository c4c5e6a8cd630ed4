package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --init-from}: weights and vocabulary from a checkpoint, unknown words counted, the shape kept. */
class FineTuneTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void startsFromTheCheckpointsWeightsAndVocabularyAndCountsTheWordsItLacks() throws IOException {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 300, 100);
        Path source = dir.resolve("source");
        CliRun s = CliRun.of(RunsCommandTest.tinyRun(dir, corpus, source, 1).toArray(String[]::new));
        assertThat(s.exitCode()).as(s.err()).isZero();
        CheckpointMetadata original = Checkpoint.readMetadata(source.resolve("model.safetensors"));

        // a rate of almost 0: the model after one epoch is the one it started from, so it validates as that one did
        Path still = dir.resolve("still");
        CliRun f = CliRun.of("train", "--init-from", source.toString(), "--corpus", corpus.toString(), "--lr", "1e-9",
                "--epochs", "1", "--data-dir", dir.resolve("data").toString(), "--run-dir", still.toString(), "--threads", "1",
                "--save-every-minutes", "0", "--no-samples");
        assertThat(f.exitCode()).as(f.err()).isZero();
        assertThat(f.out()).contains("fine-tuning " + source.resolve("model.safetensors") + ": vocabulary " + String.format(java.util.Locale.ROOT, "%,d", original.vocabulary().size())
                + "; words it lacks, now <unk>: 0 in the training text, ");
        double before = JSON.readTree(source.resolve("summary.json").toFile()).get("best_valid_ppl").asDouble();
        double after = JSON.readTree(still.resolve("summary.json").toFile()).get("best_valid_ppl").asDouble();
        assertThat(after).isCloseTo(before, within(before * 1e-4));
        JsonNode config = JSON.readTree(still.resolve("config.json").toFile());
        assertThat(config.get("hidden_size").asInt()).isEqualTo(8);
        assertThat(config.get("preset").asText()).isEqualTo("ptb-small");

        // another text: its new words become <unk>, counted
        Path novel = dir.resolve("novel");
        Files.createDirectories(novel);
        for (String split : List.of("train", "valid", "test")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 200; i++) sb.append("the zyzzyva said the company zyzzyva of\n");
            Files.writeString(novel.resolve("novel." + split + ".txt"), sb);
        }
        Path tuned = dir.resolve("tuned");
        CliRun t = CliRun.of("train", "--preset", "ptb-small", "--init-from", source.resolve("model.safetensors").toString(), "--corpus",
                novel.resolve("novel.train.txt").toString(), "--epochs", "1", "--batch-size", "4", "--num-steps", "10",
                "--data-dir", dir.resolve("data").toString(), "--run-dir", tuned.toString(), "--threads", "1",
                "--save-every-minutes", "0", "--no-samples");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(original.vocabulary()).contains("the", "said", "company", "of").doesNotContain("zyzzyva");
        assertThat(t.out()).contains("; words it lacks, now <unk>: 400 in the training text, 400 in the validation text, 400 in the"
                + " test text\n");
        CheckpointMetadata meta = Checkpoint.readMetadata(tuned.resolve("model.safetensors"));
        assertThat(meta.vocabulary()).isEqualTo(original.vocabulary());
        assertThat(meta.config().hiddenSize()).isEqualTo(8);
        assertThat(meta.config().numLayers()).isEqualTo(2);
    }

    @Test
    void aShapeFlagMustAgreeWithTheCheckpointAndNothingIsCreatedOtherwise() throws IOException {
        Path model = TestModels.save(dir.resolve("m.safetensors"), TestModels.random(5, 8, 0.1f, 1), TokenizerKind.WORD,
                List.of("<unk>", "<eos>", "the", "cat", "sat"));
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--init-from", model.toString(), "--hidden-size", "16",
                "--run-dir", run.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --hidden-size 16 does not match the 8 of " + model + ", whose shape a fine-tuned model"
                + " keeps; drop --hidden-size or start from another checkpoint\n");
        assertThat(run).doesNotExist();

        CliRun noBase = CliRun.of("train", "--init-from", model.toString(), "--run-dir", run.toString());
        assertThat(noBase.exitCode()).isEqualTo(2);
        assertThat(noBase.err()).isEqualTo("error: " + model + " does not record the config it was trained with; give --preset NAME"
                + " or --config FILE for the optimizer and the schedule of the fine-tuning\n");
        assertThat(run).doesNotExist();
    }

    @Test
    void aVocabularyWithoutUnkCannotTakeANewWord() throws IOException {
        Path model = TestModels.save(dir.resolve("m.safetensors"), TestModels.random(4, 8, 0.1f, 1), TokenizerKind.WORD,
                List.of("<eos>", "the", "cat", "sat"));
        Path text = dir.resolve("t");
        Files.createDirectories(text);
        for (String split : List.of("train", "valid", "test")) Files.writeString(text.resolve("t." + split + ".txt"), "the cat sat\nthe dog sat\n".repeat(50));
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--init-from", model.toString(), "--corpus",
                text.resolve("t.train.txt").toString(), "--data-dir", dir.resolve("data").toString(), "--run-dir", run.toString(),
                "--threads", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.messages()).isEqualTo("error: the corpus has the word \"dog\", which the vocabulary of " + model + " lacks, and that"
                + " vocabulary has no <unk> to stand for it; fine-tune on a text of its words, or train a new model\n");
        assertThat(run).doesNotExist();
    }
}
