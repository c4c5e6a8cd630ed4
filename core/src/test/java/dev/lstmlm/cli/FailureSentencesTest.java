package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.TestData;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.SafeTensors;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failures a user can cause end in one {@code error:} sentence and exit 2, and what was saved stays intact. */
class FailureSentencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private List<String> tiny(Path corpus, Path run, int epochs, String... more) {
        return RunsCommandTest.tinyRun(dir, corpus, run, epochs, more);
    }

    private static void assertOneSentence(CliRun r, String expected) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.messages()).isEqualTo(expected + "\n");
    }

    /** Every file under {@code dir} with its bytes. */
    private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
        Map<Path, byte[]> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("train.lock")).toList()) {
                m.put(dir.relativize(p), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertSameFiles(Map<Path, byte[]> before, Map<Path, byte[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((p, bytes) -> assertThat(after.get(p)).as(p.toString()).isEqualTo(bytes));
    }

    @Test
    void aRunDirectoryThatCannotBeCreatedIsOneSentenceAndLeavesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path under = file.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--run-dir", under.toString(), "--data-dir", TestData.dir().toString(),
                "--threads", "1");
        assertOneSentence(r, "error: cannot create the run directory " + under.toAbsolutePath() + ": " + file.toAbsolutePath()
                + " is a file, not a directory; choose another --run-dir (or fix that directory's permissions)");

        CliRun proc = CliRun.of("train", "--preset", "ptb-test", "--run-dir", "/proc/lstmlm-run", "--data-dir", TestData.dir().toString(),
                "--threads", "1");
        assertThat(proc.exitCode()).isEqualTo(2);
        assertThat(proc.messages()).startsWith("error: cannot create the run directory /proc/lstmlm-run: ")
                .endsWith("; choose another --run-dir (or fix that directory's permissions)\n").hasLineCount(1);

        // a missing corpus: the run directory is not even created
        Path run = dir.resolve("run");
        CliRun missing = CliRun.of("train", "--preset", "ptb-test", "--corpus", dir.resolve("nope.txt").toString(), "--run-dir",
                run.toString(), "--threads", "1");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.messages()).startsWith("error: ").hasLineCount(1);
        assertThat(run).doesNotExist();
    }

    @Test
    void anUnwritableRunDirectoryIsOneSentence() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        assertThat(ro.toFile().setWritable(false, false)).isTrue();
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running as root, who may write anywhere: the permission case cannot be made");
            CliRun r = CliRun.of("train", "--preset", "ptb-test", "--run-dir", ro.resolve("run").toString(), "--data-dir",
                    TestData.dir().toString(), "--threads", "1");
            assertOneSentence(r, "error: cannot create the run directory " + ro.resolve("run").toAbsolutePath() + ": permission denied on "
                    + ro.resolve("run").toAbsolutePath() + "; choose another --run-dir (or fix that directory's permissions)");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    /** The command line in a child JVM whose files may be at most {@code kilobytes} large (ulimit -f): a full disk, as the trainer sees it. */
    private static int childWithFileLimit(int kilobytes, Path log, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g"));
        cmd.addAll(TestData.childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        List<String> shell = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + kilobytes + " && exec \"$@\"", "bash"));
        shell.addAll(cmd);
        Process p = new ProcessBuilder(shell).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void aFailedSaveIsOneSentenceKeepsTheLastCheckpointAndAFailedFirstSaveIsNoDeadEnd() throws Exception {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 300, 100);
        Path run = dir.resolve("run");
        // the first checkpoint cannot be written: the run keeps its config, and --resume starts it over
        Path log = dir.resolve("first.log");
        int code = childWithFileLimit(32, log, tiny(corpus, run, 1, "--save-every-batches", "20"));
        String out = Files.readString(log);
        assertThat(code).as(out).isEqualTo(2);
        assertThat(out).containsPattern("(?m)^error: cannot save into the run directory " + java.util.regex.Pattern.quote(run.toAbsolutePath()
                + ": a file size limit (or a full disk) stopped the write; no checkpoint was complete yet, and --resume starts the run"
                + " from its beginning, so free some space (or fix the permissions) and continue with lstmlm train --resume --run-dir "
                + run.toAbsolutePath()) + "$");
        assertThat(out).doesNotContain("Exception");
        assertThat(run.resolve("latest")).doesNotExist();
        String[] resume = {"train", "--resume", "--run-dir", run.toString(), "--data-dir", dir.resolve("data").toString(), "--threads",
                "1", "--save-every-minutes", "0", "--no-samples"};
        CliRun again = CliRun.of(resume);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("the run has no checkpoint yet, so it starts from its beginning\n");
        assertThat(run.resolve("summary.json")).exists();

        // a later save fails: every file saved before is as it was, and the run goes on from there
        Map<Path, byte[]> before = snapshot(run);
        List<String> longer = new ArrayList<>(List.of(resume));
        longer.addAll(List.of("--epochs", "2"));
        Path config = run.resolve("config.json");
        int second = childWithFileLimit(32, dir.resolve("second.log"), longer);
        String out2 = Files.readString(dir.resolve("second.log"));
        assertThat(second).as(out2).isEqualTo(2);
        assertThat(out2).contains("error: cannot save into the run directory " + run.toAbsolutePath() + ": a file size limit (or a full"
                + " disk) stopped the write; the checkpoint " + run.toAbsolutePath().resolve("ckpt-2-0") + " is intact");
        Map<Path, byte[]> after = snapshot(run);
        before.remove(config.getFileName());
        after.remove(config.getFileName()); // now says 2 epochs
        after.keySet().removeIf(p -> p.toString().equals("metrics.jsonl") || p.toString().startsWith("curves") || p.toString().equals("report.html"));
        before.keySet().removeIf(p -> p.toString().equals("metrics.jsonl") || p.toString().startsWith("curves") || p.toString().equals("report.html"));
        assertSameFiles(before, after);
        CliRun last = CliRun.of(resume);
        assertThat(last.exitCode()).as(last.err()).isZero();
        assertThat(last.out()).contains("resuming at epoch 2, batch 0").contains("| end of epoch   2 |");
    }

    @Test
    void aModelWithNonFiniteWeightsNamesTheTensor() throws IOException {
        Path model = TestModels.save(dir.resolve("m.safetensors"), TestModels.random(5, 4, 0.1f, 1), TokenizerKind.WORD,
                List.of("<unk>", "<eos>", "the", "cat", "sat"));
        SafeTensors.Entry e = SafeTensors.readHeader(model).tensor("rnn.weight_hh_l1");
        try (RandomAccessFile f = new RandomAccessFile(model.toFile(), "rw")) {
            byte[] len = new byte[8];
            f.readFully(len);
            long data = 8 + ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            f.seek(data + e.begin() + 4 * 3);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array());
        }
        String sentence = "error: " + model + " holds NaN in tensor rnn.weight_hh_l1 (element 3), so every output would be NaN;"
                + " the model diverged or the file is damaged, so use another checkpoint";
        assertOneSentence(CliRun.of("generate", "--model", model.toString(), "--seed", "1", "--threads", "1"), sentence);
        Path text = Files.writeString(dir.resolve("t.txt"), "the cat sat\n");
        assertOneSentence(CliRun.of("eval", "--model", model.toString(), "--text", text.toString(), "--threads", "1"), sentence);
    }

    @Test
    void aParseErrorIsOneSentenceThatPointsToTheHelp() {
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--seed", "abc");
        assertOneSentence(r, "error: Invalid value for option '--seed': 'abc' is not a long; see `lstmlm train --help`");
        CliRun u = CliRun.of("generate", "--modle", "x");
        assertThat(u.exitCode()).isEqualTo(2);
        assertThat(u.err()).startsWith("error: ").endsWith("; see `lstmlm generate --help`\n").hasLineCount(1);
    }

    @Test
    void aConfigFileWithTrailingTextOrADuplicateKeyIsRejected() throws IOException {
        Path trailing = Files.writeString(dir.resolve("trailing.json"), "{\"preset\": \"ptb-test\"}\n{\"epochs\": 3}\n");
        assertOneSentence(CliRun.of("train", "--config", trailing.toString(), "--run-dir", dir.resolve("r").toString()),
                "error: config file " + trailing + " has text after its JSON object (line 2); remove it");
        Path twice = Files.writeString(dir.resolve("twice.json"), "{\"preset\": \"ptb-test\",\n \"epochs\": 1,\n \"epochs\": 2}\n");
        assertOneSentence(CliRun.of("train", "--config", twice.toString(), "--run-dir", dir.resolve("r").toString()),
                "error: config file " + twice + " gives \"epochs\" twice (again on line 3); keep one of them");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    @Test
    void tooManyThreadsAreClampedSaidAndTheRealCountRecorded() throws IOException {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 100, 30);
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(tiny(corpus, run, 1));
        int i = args.indexOf("--threads");
        args.set(i + 1, "1000");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).startsWith("note: --threads 1000 is more than the " + cores + " cores of this machine; using " + cores + "\n");
        assertThat(JSON.readTree(run.resolve("summary.json").toFile()).get("threads").asInt()).isEqualTo(cores);
        assertThat(JSON.readTree(run.resolve("ckpt-2-0/state.json").toFile()).get("threads").asInt()).isEqualTo(cores);
    }

    @Test
    void aResumeOfARunAnotherProcessTrainsIsRefusedBeforeItLoadsOrWritesAnything() throws IOException {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 100, 30);
        Path run = dir.resolve("run");
        CliRun first = CliRun.of(tiny(corpus, run, 1).toArray(String[]::new));
        assertThat(first.exitCode()).as(first.err()).isZero();
        byte[] config = Files.readAllBytes(run.resolve("config.json"));
        Files.writeString(run.resolve("train.lock"), "4242\n");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(run.resolve("train.lock"),
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
            CliRun more = CliRun.of("train", "--resume", "--run-dir", run.toString(), "--epochs", "3", "--data-dir",
                    dir.resolve("data").toString(), "--threads", "1");
            assertThat(more.exitCode()).as(more.err()).isEqualTo(2);
            assertThat(more.err().lines().filter(l -> l.startsWith("error: "))).containsExactly("error: " + run.toAbsolutePath()
                    + " is being trained by another lstmlm process (pid 4242); wait for it to end, or stop it with Ctrl-C (or kill 4242) first");
            assertThat(more.out()).doesNotContain("resuming");
        }
        assertThat(run.resolve("config.json")).hasBinaryContent(config);
    }

    @Test
    void aLatestThatNamesAMissingCheckpointOffersTheCompleteOneAndABadStateIsRejected() throws IOException {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 100, 30);
        Path run = dir.resolve("run");
        CliRun r = CliRun.of(tiny(corpus, run, 1).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        Files.writeString(run.resolve("latest"), "ckpt-9-0\n");
        String[] resume = {"train", "--resume", "--run-dir", run.toString(), "--data-dir", dir.resolve("data").toString(), "--threads", "1"};
        assertOneSentence(CliRun.of(resume), "error: " + run.toAbsolutePath().resolve("latest") + " names ckpt-9-0, which is not a checkpoint"
                + " directory of this run, but the complete checkpoint ckpt-2-0 is beside it; to resume from there, run `echo ckpt-2-0 > "
                + run.toAbsolutePath().resolve("latest") + "` and train --resume again");
        assertThat(run.resolve("ckpt-2-0/model.safetensors")).exists();
        Files.writeString(run.resolve("latest"), "ckpt-2-0\n");

        Path state = run.resolve("ckpt-2-0/state.json");
        String good = Files.readString(state);
        ObjectNode n = (ObjectNode) JSON.readTree(good);
        n.put("epoch", -1);
        Files.writeString(state, n.toPrettyString());
        assertOneSentence(CliRun.of(resume), "error: checkpoint " + run.toAbsolutePath().resolve("ckpt-2-0") + " has an unreadable"
                + " state.json (field epoch is -1 where it must be 1 or more); the run cannot be resumed from it, so start a new one");
        n = (ObjectNode) JSON.readTree(good);
        n.put("epoch", 1);
        n.put("batch", 100000);
        n.put("step", 100000);
        Files.writeString(state, n.toPrettyString());
        CliRun beyond = CliRun.of(resume);
        assertThat(beyond.exitCode()).isEqualTo(2);
        assertThat(beyond.err().lines().filter(l -> l.startsWith("error: "))).containsExactly("error: the checkpoint is at batch 100000"
                + " of an epoch but the training text now has only " + beyond.err().replaceAll("(?s).*now has only (\\d+) batches.*", "$1")
                + " batches; resume with the corpus the run started with");
        assertThat(run.resolve("ckpt-2-0/model.safetensors")).exists();
    }

    @Test
    void generateStopsWhenItsReaderClosesTheOutput() throws Exception {
        Path model = TestModels.save(dir.resolve("m.safetensors"), TestModels.random(5, 4, 0.1f, 1), TokenizerKind.WORD,
                List.of("<unk>", "<eos>", "the", "cat", "sat"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(TestData.childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "generate", "--model", model.toString(),
                "--length", "1000000000", "--seed", "1", "--threads", "1"));
        List<String> shell = new ArrayList<>(List.of("bash", "-c", "\"$@\" 2>/dev/null | head -c 100; echo \" exit ${PIPESTATUS[0]}\"", "bash"));
        shell.addAll(cmd);
        Path log = dir.resolve("head.log");
        Process p = new ProcessBuilder(shell).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        assertThat(ended).as("generate ran on after head exited").isTrue();
        String out = Files.readString(log);
        assertThat(out).endsWith(" exit 0\n");
        assertThat(out.length()).isEqualTo(100 + " exit 0\n".length());
    }
}
