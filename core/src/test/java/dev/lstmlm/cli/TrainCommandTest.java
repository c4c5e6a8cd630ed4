package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.TestData;
import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    /** A tiny model on the first lines of PTB: seconds per epoch even on a busy machine. */
    private List<String> tinyRun(Path corpus, Path runDir, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--preset", "ptb-small", "--hidden-size", "8", "--layers", "2",
                "--num-steps", "10", "--batch-size", "4", "--epochs", Integer.toString(epochs), "--decay-after", "1",
                "--keep-prob", "0.5", "--corpus", corpus.toString(), "--data-dir", dir.resolve("data").toString(),
                "--run-dir", runDir.toString(), "--save-every-minutes", "0"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void trainsAndWritesTheRunFiles() throws IOException {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 300, 100);
        Path runDir = dir.resolve("run");
        CliRun r = CliRun.of(tinyRun(corpus, runDir, 2, "--threads", "1").toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).startsWith(CliRun.kernelsLine(1));
        assertThat(r.out()).startsWith("run directory: " + runDir.toAbsolutePath() + "\n")
                .contains("ptb-small: 2 x 8 LSTM, vocabulary ").contains("| end of epoch   2 |")
                .contains("| lr 0.50 | train ppl").contains("========== sample after epoch 1 (20 words, seed 2) ==========\n")
                .endsWith("model: " + runDir.toAbsolutePath().resolve("model.safetensors")
                        + "\nsummary: " + runDir.toAbsolutePath().resolve("summary.json") + "\n");
        JsonNode config = JSON.readTree(runDir.resolve("config.json").toFile());
        assertThat(config.get("hidden_size").asInt()).isEqualTo(8);
        assertThat(config.get("keep_prob").asDouble()).isEqualTo(0.5);
        assertThat(Files.readAllLines(runDir.resolve("metrics.jsonl"))).hasSize(2);
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("test_ppl").asDouble()).isBetween(1.0, 5000.0);
        assertThat(summary.get("threads").asInt()).isEqualTo(1);
        assertThat(summary.get("jdk").asText()).startsWith(Integer.toString(Runtime.version().feature()));
        if (System.getenv("LSTMLM_COMMIT") == null && dev.lstmlm.BuildInfo.commit().isPresent()) {
            assertThat(summary.get("commit").asText()).isEqualTo(dev.lstmlm.BuildInfo.commit().get());
        }
        assertThat(summary.get("config")).isEqualTo(config);
        CheckpointMetadata meta = Checkpoint.readMetadata(runDir.resolve("model.safetensors"));
        assertThat(meta.tokenizer()).isEqualTo(TokenizerKind.WORD);
        assertThat(meta.vocabulary()).contains("<eos>", "<unk>");
        assertThat(meta.config().hiddenSize()).isEqualTo(8);
        assertThat(Files.readString(runDir.resolve("latest"))).isEqualTo("ckpt-3-0\n");

        // eval scores the test text exactly as the run did at its end (same model, every token)
        CliRun e = CliRun.of("eval", "--model", runDir.resolve("model.safetensors").toString(), "--corpus", corpus.toString(),
                "--split", "test", "--num-steps", "10", "--threads", "1", "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        JsonNode result = JSON.readTree(e.out());
        assertThat(result.get("perplexity").asDouble()).isCloseTo(summary.get("test_ppl").asDouble(), within(1e-9));
        assertThat(result.get("predictions").asLong()).isEqualTo(summary.get("test_words").asLong());
        assertThat(result.has("bits_per_character")).isFalse();
    }

    @Test
    void killedAtAnyMomentAndResumedEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 500, 100);
        Path reference = dir.resolve("reference");
        ChildCli ref = ChildCli.start(dir.resolve("reference.log"), tinyRun(corpus, reference, 2, "--threads", "2").toArray(String[]::new));
        assertThat(ref.waitFor(300)).as(ref.output()).isZero();

        Path run = dir.resolve("killed");
        String[] args = tinyRun(corpus, run, 2, "--threads", "2", "--save-every-batches", "20").toArray(String[]::new);
        ChildCli first = ChildCli.start(dir.resolve("first.log"), args);
        killAfter(first, run, "ckpt-1-60");
        String[] resume = {"train", "--resume", "--run-dir", run.toString(), "--data-dir", dir.resolve("data").toString(),
                "--threads", "2", "--save-every-batches", "20", "--save-every-minutes", "0"};
        ChildCli second = ChildCli.start(dir.resolve("second.log"), resume);
        killAfter(second, run, "ckpt-2-20");
        ChildCli last = ChildCli.start(dir.resolve("last.log"), resume);
        assertThat(last.waitFor(300)).as(last.output()).isZero();
        assertThat(last.output()).contains("resuming at epoch 2, batch ");

        // -1: no byte differs
        assertThat(Files.mismatch(run.resolve("model.safetensors"), reference.resolve("model.safetensors"))).isEqualTo(-1L);
        assertThat(Files.mismatch(run.resolve("ckpt-3-0/model.safetensors"), reference.resolve("ckpt-3-0/model.safetensors")))
                .isEqualTo(-1L);
        assertThat(JSON.readTree(run.resolve("summary.json").toFile()).get("test_ppl"))
                .isEqualTo(JSON.readTree(reference.resolve("summary.json").toFile()).get("test_ppl"));
    }

    /** SIGKILLs the child as soon as its latest checkpoint is {@code point} or later (by name order within the run). */
    private static void killAfter(ChildCli child, Path run, String point) throws Exception {
        Path latest = run.resolve("latest");
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(latest) && reached(Files.readString(latest).strip(), point)) {
                child.process.destroyForcibly().waitFor();
                assertThat(run.resolve("summary.json")).as("the run ended before it could be killed").doesNotExist();
                return;
            }
            if (!child.process.isAlive()) throw new AssertionError("the run ended early:\n" + child.output());
            Thread.sleep(5);
        }
        child.process.destroyForcibly().waitFor();
        throw new AssertionError("no checkpoint " + point + " within 300 s:\n" + child.output());
    }

    private static boolean reached(String name, String point) {
        String[] a = name.split("-");
        String[] b = point.split("-");
        int e = Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]));
        return e > 0 || (e == 0 && Integer.parseInt(a[2]) >= Integer.parseInt(b[2]));
    }

    @Test
    void ctrlCSavesACheckpointAndPrintsHowToResume() throws Exception {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 300, 100);
        Path run = dir.resolve("run");
        ChildCli child = ChildCli.start(dir.resolve("run.log"), tinyRun(corpus, run, 1000, "--threads", "1",
                "--save-every-batches", "20").toArray(String[]::new));
        waitForCheckpoint(child, run);
        boolean interruptible = !child.ignores(2);
        child.signal(interruptible ? "INT" : "TERM");
        int code = child.waitFor(120);

        assertThat(code).as(child.output()).isEqualTo(interruptible ? 130 : 143);
        String out = child.output();
        assertThat(out).contains("stopping: finishing this batch and saving a checkpoint")
                .containsPattern("stopped; the checkpoint " + java.util.regex.Pattern.quote(run.toAbsolutePath() + "/ckpt-")
                        + "\\d+-\\d+ holds the progress\\. Resume with:\n  \\S*lstmlm train --resume --run-dir "
                        + java.util.regex.Pattern.quote(run.toAbsolutePath().toString()) + " --data-dir \\S+ --threads 1"
                        + " --save-every-minutes 0\\.0 --save-every-batches 20\n");
        String latest = Files.readString(run.resolve("latest")).strip();
        assertThat(out).contains(run.toAbsolutePath().resolve(latest) + " holds the progress");
        assertThat(JSON.readTree(run.resolve(latest).resolve("state.json").toFile()).get("batch").asInt()).isPositive();
        assumeFalse(!interruptible, "SIGINT is ignored in this process tree (started in the background); SIGTERM was tested instead");
    }

    private static void waitForCheckpoint(ChildCli child, Path run) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!Files.exists(run.resolve("latest"))) {
            if (!child.process.isAlive() || System.nanoTime() > deadline) {
                child.process.destroyForcibly().waitFor();
                throw new AssertionError("no checkpoint appeared:\n" + child.output());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void charUdacityTrainsOnTinyShakespeareWithTheLetterAlphabetAndItsModelGeneratesAndEvaluates() throws IOException {
        Path data = TestData.require("tinyshakespeare/input.txt").getParent().getParent();
        Path runDir = dir.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "char-udacity", "--data-dir", data.toString(), "--run-dir", runDir.toString(),
                "--steps", "201", "--threads", "1", "--save-every-minutes", "0");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("corpus: tinyshakespeare (" + data.resolve("text8/text8") + " is missing")
                .contains("char-udacity: 1 x 64 LSTM, alphabet 27 (one-hot input), ").contains("201 steps of 64 x 10, SGD")
                .contains("samples at step 0 (80 characters each, seeds 1000003 to 1000007)")
                .contains("| step   200/  201 | lr 10.00 | loss ").contains("| end of training | 201 steps | valid ppl ");
        List<String> samples = r.out().lines().dropWhile(l -> !l.contains("samples at step 0")).skip(1).limit(5).toList();
        assertThat(samples).hasSize(5).allMatch(l -> l.matches("[a-z ]{80}"));
        assertThat(JSON.readTree(runDir.resolve("config.json").toFile()).get("corpus").asText()).isEqualTo("tinyshakespeare");
        List<JsonNode> metrics = new ArrayList<>();
        for (String l : Files.readAllLines(runDir.resolve("metrics.jsonl"))) metrics.add(JSON.readTree(l));
        assertThat(metrics).extracting(n -> n.get("step").asInt()).containsExactly(0, 100, 200);
        assertThat(metrics.get(2).get("valid_ppl").asDouble()).isBetween(3.0, metrics.get(0).get("valid_ppl").asDouble());
        assertThat(metrics.get(0).get("minibatch_ppl").asDouble()).isCloseTo(27, within(2.0));
        CheckpointMetadata meta = Checkpoint.readMetadata(runDir.resolve("model.safetensors"));
        assertThat(meta.tokenizer()).isEqualTo(TokenizerKind.CHAR_UDACITY);
        assertThat(meta.vocabulary()).isEqualTo(CharAlphabet.letters().symbols());
        assertThat(meta.config().input()).isEqualTo(ModelConfig.Input.ONE_HOT);
        assertThat(meta.config().hiddenSize()).isEqualTo(64);

        String model = runDir.resolve("model.safetensors").toString();
        CliRun g1 = CliRun.of("generate", "--model", model, "--length", "60", "--seed", "5");
        CliRun g2 = CliRun.of("generate", "--model", model, "--length", "60", "--seed", "5");
        assertThat(g1.exitCode()).as(g1.err()).isZero();
        assertThat(g1.out()).matches("[a-z ]{60}\n").isEqualTo(g2.out());
        Path text = Files.writeString(dir.resolve("lines.txt"), "First Citizen:\nBefore we proceed any further, hear me speak.\n");
        CliRun e = CliRun.of("eval", "--model", model, "--text", text.toString(), "--threads", "1");
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.out()).containsPattern("bits per character");
    }

    @Test
    void shakespeareCharTrainsByEpochsOnTheTextsCharactersAndItsModelGeneratesAndEvaluates() throws IOException {
        String shakespeare = Files.readString(TestData.require("tinyshakespeare/input.txt"));
        Path corpus = Files.writeString(dir.resolve("shakespeare.txt"), shakespeare.substring(0, 60_000));
        Path runDir = dir.resolve("run");
        List<String> args = List.of("train", "--preset", "shakespeare-char", "--corpus", corpus.toString(), "--hidden-size", "32",
                "--batch-size", "16", "--num-steps", "32", "--epochs", "1", "--threads", "1", "--save-every-minutes", "0");
        CliRun r = CliRun.of(concat(args, "--run-dir", runDir.toString()));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("shakespeare-char: 2 x 32 LSTM, alphabet \\d+ \\(one-hot input\\), ")
                .contains("1 epochs of 16 x 32 windows, Adam").contains("| cps ").contains("valid loss ")
                .contains("========== sample after epoch 1 (200 characters, seed 2) ==========\n");
        JsonNode line = JSON.readTree(Files.readAllLines(runDir.resolve("metrics.jsonl")).getFirst());
        assertThat(line.get("valid_loss").asDouble()).isBetween(1.0, Math.log(70)).isCloseTo(Math.log(line.get("valid_ppl").asDouble()), within(1e-12));
        CheckpointMetadata meta = Checkpoint.readMetadata(runDir.resolve("model.safetensors"));
        assertThat(meta.tokenizer()).isEqualTo(TokenizerKind.CHAR_CODEPOINT);
        long distinct = shakespeare.substring(0, 54_000).chars().distinct().count();
        assertThat(meta.vocabulary()).hasSize((int) distinct + 1).startsWith("\uFFFD");
        assertThat(runDir.resolve("ckpt-2-0/optimizer.safetensors")).exists();

        String model = runDir.resolve("model.safetensors").toString();
        CliRun g = CliRun.of("generate", "--model", model, "--prime", "ROMEO:", "--length", "100", "--seed", "3", "--temperature", "0.8");
        assertThat(g.exitCode()).as(g.err()).isZero();
        assertThat(g.out()).startsWith("ROMEO:").hasSizeGreaterThanOrEqualTo(106);
        CliRun e = CliRun.of("eval", "--model", model, "--text", corpus.toString(), "--threads", "1", "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        JsonNode result = JSON.readTree(e.out());
        assertThat(result.get("bits_per_character").asDouble()).isCloseTo(result.get("loss").asDouble() / Math.log(2), within(1e-9));

        CliRun quiet = CliRun.of(concat(args, "--run-dir", dir.resolve("quiet").toString(), "--no-samples"));
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).doesNotContain("sample after epoch");
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void anUnknownPresetListsTheValidOnes() {
        CliRun r = CliRun.of("train", "--preset", "ptb-tiny", "--run-dir", dir.resolve("r").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: unknown preset \"ptb-tiny\"; choose one of ptb-small, ptb-medium, ptb-large, ptb-test, char-udacity, shakespeare-char,"
                + " ptb-small-tied, ptb-medium-tied, awd-lstm-ptb\n");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void saysWhatToTrain() {
        CliRun r = CliRun.of("train");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: say what to train: --preset NAME (one of ptb-small,");
    }

    @Test
    void anInvalidOverrideNamesItsFlag() {
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--keep-prob", "0", "--run-dir", dir.resolve("r").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: keep_prob must be in (0, 1] but is 0.0; set --keep-prob (or \"keep_prob\""
                + " in a config file) to a valid value\n");
    }

    @Test
    void resumeNeedsARun() {
        CliRun r = CliRun.of("train", "--resume");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --resume needs the run: give --run-dir DIR, or --preset NAME");
    }

    @Test
    void aResumedRunKeepsItsConfig() {
        CliRun r = CliRun.of("train", "--resume", "--run-dir", dir.toString(), "--hidden-size", "8", "--lr", "0.5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: a resumed run keeps the config it started with; drop --hidden-size, --lr,"
                + " or start a new run without --resume\n");
    }

    @Test
    void resumingADirectoryThatIsNoRunFails() {
        CliRun r = CliRun.of("train", "--resume", "--run-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.messages()).isEqualTo("error: " + dir.toAbsolutePath() + " is not a training run (it has no config.json);"
                + " give the directory that lstmlm train printed\n");
    }

    @Test
    void refusesToStartOverAnExistingRun() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--run-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + dir + " already holds a run; continue it with --resume, or choose another --run-dir\n");
    }

    @Test
    void rejectsANegativeThreadCount() {
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--threads", "0", "--run-dir", dir.resolve("r").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --threads must be at least 1, not 0\n");
    }
}
