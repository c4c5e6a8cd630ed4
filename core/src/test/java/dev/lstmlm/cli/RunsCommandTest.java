package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budgets, extending a finished run, a run directory as --model, and {@code lstmlm runs} over them, end to end. */
class RunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    static List<String> tinyRun(Path dir, Path corpus, Path runDir, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--preset", "ptb-small", "--hidden-size", "8", "--layers", "2",
                "--num-steps", "10", "--batch-size", "4", "--epochs", Integer.toString(epochs), "--decay-after", "1",
                "--keep-prob", "0.5", "--corpus", corpus.toString(), "--data-dir", dir.resolve("data").toString(),
                "--run-dir", runDir.toString(), "--save-every-minutes", "0", "--threads", "1", "--no-samples"));
        args.addAll(List.of(more));
        return args;
    }

    private static CliRun cli(List<String> args) {
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void budgetsStopCleanlyFinishedRunsExtendAndRunsListsThemAll() throws IOException {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 300, 100);
        Path runs = dir.resolve("runs");
        Path reference = runs.resolve("reference");
        Path extended = runs.resolve("extended");
        Path budget = runs.resolve("budget");

        CliRun ref = cli(tinyRun(dir, corpus, reference, 2));
        assertThat(ref.exitCode()).as(ref.err()).isZero();
        CliRun one = cli(tinyRun(dir, corpus, extended, 1));
        assertThat(one.exitCode()).as(one.err()).isZero();
        CliRun more = CliRun.of("train", "--resume", "--run-dir", extended.toString(), "--epochs", "2", "--data-dir",
                dir.resolve("data").toString(), "--threads", "1", "--save-every-minutes", "0", "--no-samples");
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(more.out()).contains("--epochs 2: the run's length changes from 1 to 2 epochs\n")
                .contains("resuming at epoch 2, batch 0 (update ").contains("| end of epoch   2 |");
        // an extended run computes what a run of that length computes
        assertThat(Files.mismatch(extended.resolve("ckpt-3-0/model.safetensors"), reference.resolve("ckpt-3-0/model.safetensors")))
                .isEqualTo(-1L);
        assertThat(JSON.readTree(extended.resolve("config.json").toFile()).get("epochs").asInt()).isEqualTo(2);
        CliRun shorter = CliRun.of("train", "--resume", "--run-dir", extended.toString(), "--epochs", "1", "--lr", "0.1");
        assertThat(shorter.exitCode()).isEqualTo(2);
        assertThat(shorter.err()).isEqualTo("error: a resumed run keeps the config it started with; drop --lr, or start a new run"
                + " without --resume\n");
        CliRun less = CliRun.of("train", "--resume", "--run-dir", extended.toString(), "--epochs", "1");
        assertThat(less.exitCode()).isEqualTo(2);
        assertThat(less.messages()).isEqualTo("error: " + extended.toAbsolutePath() + " has trained 2 epochs already; give --epochs 2"
                + " or more to continue it\n");

        CliRun b = cli(tinyRun(dir, corpus, budget, 50, "--max-batches", "30"));
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(b.out()).contains("| --max-batches 30 reached at epoch 1, batch 30/")
                .contains("| end of training (stopped by --max-batches 30) | test ppl ")
                .contains("--max-batches 30 stopped the run early; continue it with:\n  ");
        JsonNode summary = JSON.readTree(budget.resolve("summary.json").toFile());
        assertThat(summary.get("stopped_by").asText()).isEqualTo("--max-batches 30");
        assertThat(summary.get("test_ppl").asDouble()).isBetween(1.0, 10_000.0);
        assertThat(summary.get("best_valid_ppl").asDouble()).isBetween(1.0, 10_000.0);

        CliRun clock = cli(tinyRun(dir, corpus, runs.resolve("clock"), 50, "--max-minutes", "0.001"));
        assertThat(clock.exitCode()).as(clock.err()).isZero();
        assertThat(JSON.readTree(runs.resolve("clock/summary.json").toFile()).get("stopped_by").asText()).isEqualTo("--max-minutes 0.001");

        CliRun list = CliRun.of("runs", runs.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("RUN +PRESET +CORPUS +PROGRESS +BEST VALID +TEST +STATUS +SIZE");
        assertThat(lines.get(1)).matches("budget +ptb-small +small\\.train\\.txt +0/50 epochs +\\d+\\.\\d\\d +\\d+\\.\\d\\d +stopped +\\d+\\.\\d KB");
        assertThat(lines.get(3)).matches("extended +ptb-small +small\\.train\\.txt +2/2 epochs +\\d+\\.\\d\\d +\\d+\\.\\d\\d +finished +\\d+\\.\\d KB");
        CliRun json = CliRun.of("runs", runs.toString(), "--json");
        JsonNode a = JSON.readTree(json.out());
        assertThat(a).hasSize(4);
        assertThat(a.get(3).get("name").asText()).isEqualTo("reference");
        assertThat(a.get(3).get("status").asText()).isEqualTo("finished");
        assertThat(a.get(3).get("test_ppl").asDouble()).isEqualTo(JSON.readTree(reference.resolve("summary.json").toFile()).get("test_ppl").asDouble());
        assertThat(a.get(3).get("bytes").asLong()).isPositive();
        assertThat(a.get(0).get("done").asInt()).isZero();
        assertThat(a.get(0).get("total").asInt()).isEqualTo(50);

        // a run directory stands for its model wherever a model is asked for
        CliRun g = CliRun.of("generate", "--model", reference.toString(), "--length", "5", "--seed", "1", "--threads", "1");
        assertThat(g.exitCode()).as(g.err()).isZero();
        CliRun g2 = CliRun.of("generate", "--model", reference.resolve("model.safetensors").toString(), "--length", "5", "--seed", "1",
                "--threads", "1");
        assertThat(g.out()).isEqualTo(g2.out());
        CliRun e = CliRun.of("eval", "--model", reference.toString(), "--corpus", corpus.toString(), "--threads", "1");
        assertThat(e.exitCode()).as(e.err()).isZero();
        // a glob over two runs: one sentence, not the usage
        CliRun two = CliRun.of("eval", "--model", reference.toString(), extended.toString(), "--corpus", corpus.toString());
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).isEqualTo("error: --model takes one path but the shell expanded a pattern to 2 (" + reference + ", "
                + extended + "); give one of them; see `lstmlm eval --help`\n");
        CliRun empty = CliRun.of("generate", "--model", runs.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.messages()).startsWith("error: " + runs + " is a directory without model.safetensors; give a run directory");
    }

    @Test
    void runsOfAnEmptyDirectorySaysHowToStartOne() throws IOException {
        CliRun r = CliRun.of("runs", Files.createDirectories(dir.resolve("none")).toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("no runs under " + dir.resolve("none") + "; start one with lstmlm train --preset NAME\n");
        CliRun missing = CliRun.of("runs", dir.resolve("missing").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("missing") + " is not a directory; give the directory that holds"
                + " the runs (default: runs)\n");
    }

    @Test
    void charUdacityStopsAtItsBudgetToo() throws IOException {
        Path data = dev.lstmlm.TestData.require("tinyshakespeare/input.txt").getParent().getParent();
        Path runDir = dir.resolve("udacity");
        CliRun r = CliRun.of("train", "--preset", "char-udacity", "--corpus", "tinyshakespeare", "--data-dir", data.toString(),
                "--run-dir", runDir.toString(), "--hidden-size", "16", "--steps", "5000", "--max-batches", "150", "--threads", "1",
                "--save-every-minutes", "0", "--no-samples");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("| --max-batches 150 reached at step 150/5000 | validating the weights so far |")
                .contains("| end of training (stopped by --max-batches 150) | 150 steps | valid ppl ");
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("stopped_by").asText()).isEqualTo("--max-batches 150");
        assertThat(summary.get("updates").asInt()).isEqualTo(150);
        assertThat(runDir.resolve("model.safetensors")).exists();
        assertThat(Files.readString(runDir.resolve("latest")).strip()).isEqualTo("ckpt-1-150");
    }
}
