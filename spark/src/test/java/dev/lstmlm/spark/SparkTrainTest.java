package dev.lstmlm.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.Outcome;
import dev.lstmlm.train.RunDirectory;
import dev.lstmlm.train.TrainConfig;
import dev.lstmlm.train.TrainingListener;
import dev.lstmlm.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark in local[2] against the single-process trainer on the first lines of PTB: the
 * same run directory, the same losses (bit for bit with one worker, within the rounding of the
 * gradient's sum over rows with two), resume, parameter averaging. One SparkSession for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    SparkSession spark;
    Path data;
    Path corpus;

    @BeforeAll
    void start() throws IOException {
        spark = Sessions.create("local[2]", "lstmlm spark train tests");
        data = dir.resolve("data");
        corpus = SmallPtb.create(dir.resolve("corpus"), 120, 30);
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    /** ptb-test's recipe (SGD, lr 1, sum over steps) on a 2 x 8 LSTM, batch 8 x 5 steps: 66 updates in the epoch. */
    private TrainConfig config(Map<String, Object> more) {
        Map<String, Object> o = new HashMap<>(Map.of("corpus", corpus.toString(), "hidden_size", 8, "layers", 2, "num_steps", 5,
                "batch_size", 8, "epochs", 1, "max_grad_norm", 5.0));
        o.putAll(more);
        return TrainConfig.resolve("ptb-test", null, o);
    }

    /** The running loss after each update of a run. */
    private record Run(List<Double> losses, RunDirectory dir, Outcome outcome) {}

    private TrainingRun.Options options(List<Double> losses, BooleanSupplier stop) {
        TrainingListener listener = new TrainingListener() {
            @Override
            public void batch(int epoch, int batch, int epochSize, long step, double lr, double loss, double wordsPerSecond,
                              double epochEta, double runEta) {
                losses.add(loss);
            }
        };
        return new TrainingRun.Options(data, 1, 0, 0, null, new PrintWriter(new StringWriter()), false, stop, null, listener);
    }

    private Run single(String name, TrainConfig config) throws IOException {
        List<Double> losses = new ArrayList<>();
        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve(name)));
        return new Run(losses, run, TrainingRun.start(config, run, Compute.create(1), options(losses, () -> false)));
    }

    private Run distributed(String name, TrainConfig config, SparkTraining.Plan plan) throws IOException {
        List<Double> losses = new ArrayList<>();
        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve(name)));
        return new Run(losses, run, new SparkTraining(spark, plan).start(config, run, Compute.create(1), options(losses, () -> false)));
    }

    private Run sync;

    /** Synchronous SGD on two workers with the default config, run once for the tests that need it. */
    private Run syncOnTwo() throws IOException {
        if (sync == null) sync = distributed("two-workers", config(Map.of()), new SparkTraining.Plan(2, 1, 1));
        return sync;
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void synchronousUpdatesOnTwoWorkersGiveTheSingleProcessLossesWithinSummationRounding() throws IOException {
        TrainConfig config = config(Map.of());
        Run one = single("single", config);
        Run two = syncOnTwo();

        assertThat(one.losses()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(two.losses()).hasSameSizeAs(one.losses());
        double largest = 0;
        for (int i = 0; i < one.losses().size(); i++) {
            assertThat(two.losses().get(i)).as("running loss after update %d", i + 1).isCloseTo(one.losses().get(i), within(1e-5));
            largest = Math.max(largest, Math.abs(two.losses().get(i) - one.losses().get(i)));
        }
        System.out.printf("two workers against one process: the running losses of %d updates differ by at most %.3g%n",
                one.losses().size(), largest);
        assertThat(one.losses().getLast()).as("it learns").isLessThan(one.losses().getFirst() - 0.5);
        // The run directory is the single-process trainer's, and spark.json says what ran.
        for (String f : List.of("config.json", "metrics.jsonl", "summary.json", "model.safetensors", SparkTraining.FILE)) {
            assertThat(two.dir().dir().resolve(f)).exists();
        }
        JsonNode a = json(one.dir().summaryFile());
        JsonNode b = json(two.dir().summaryFile());
        assertThat(b.get("updates").asLong()).isEqualTo(a.get("updates").asLong());
        assertThat(b.get("best_valid_ppl").asDouble()).isCloseTo(a.get("best_valid_ppl").asDouble(), within(1e-3));
        assertThat(b.get("test_ppl").asDouble()).isCloseTo(a.get("test_ppl").asDouble(), within(1e-3));
        JsonNode plan = json(two.dir().dir().resolve(SparkTraining.FILE));
        assertThat(plan.get("workers").asInt()).isEqualTo(2);
        assertThat(plan.get("rounds").asLong()).as("one round per update").isEqualTo(a.get("updates").asLong());
    }

    @Test
    void theMeanOverStepsLossScalingIsKeptOnThreeUnevenWorkers() throws IOException {
        TrainConfig config = config(Map.of("loss", "mean-over-steps", "lr", 5.0));
        Run one = single("single-mean", config);
        Run three = distributed("three-workers-mean", config, new SparkTraining.Plan(3, 1, 1));  // rows 2, 3, 3

        assertThat(three.losses()).hasSameSizeAs(one.losses());
        for (int i = 0; i < one.losses().size(); i++) {
            assertThat(three.losses().get(i)).as("running loss after update %d", i + 1).isCloseTo(one.losses().get(i), within(1e-5));
        }
    }

    @Test
    void oneWorkerIsTheSingleProcessBitForBitDropoutIncluded() throws IOException {
        TrainConfig config = config(Map.of("keep_prob", 0.5));
        Run one = single("single-dropout", config);
        Run spark1 = distributed("one-worker-dropout", config, new SparkTraining.Plan(1, 1, 1));

        assertThat(spark1.losses()).containsExactlyElementsOf(one.losses());
        assertThat(Files.readAllBytes(spark1.dir().modelFile())).isEqualTo(Files.readAllBytes(one.dir().modelFile()));
    }

    @Test
    void aStoppedRunResumesToTheUninterruptedResultBitForBit() throws IOException {
        TrainConfig config = config(Map.of());
        SparkTraining.Plan plan = new SparkTraining.Plan(2, 1, 1);
        Run whole = syncOnTwo();

        RunDirectory run = new RunDirectory(Files.createDirectories(dir.resolve("stopped")));
        List<Double> losses = new ArrayList<>();
        Outcome first = new SparkTraining(spark, plan).start(config, run, Compute.create(1),
                options(losses, () -> losses.size() == 20));
        assertThat(first).isInstanceOf(Outcome.Interrupted.class);
        Outcome second = new SparkTraining(spark, plan).resume(run, Compute.create(1), options(losses, () -> false));

        assertThat(second).isInstanceOf(Outcome.Completed.class);
        assertThat(losses).containsExactlyElementsOf(whole.losses());
        assertThat(Files.readAllBytes(run.modelFile())).isEqualTo(Files.readAllBytes(whole.dir().modelFile()));
    }

    @Test
    void averagingAfterEveryUpdateIsTheSynchronousUpdateWhenNothingIsClipped() throws IOException {
        TrainConfig config = config(Map.of("max_grad_norm", 1e6));
        Run sync = distributed("sync-unclipped", config, new SparkTraining.Plan(2, 1, 1));
        Run averaged = distributed("averaged-every-1", config, new SparkTraining.Plan(2, 1, 1, true));

        assertThat(averaged.losses()).hasSameSizeAs(sync.losses());
        for (int i = 0; i < sync.losses().size(); i++) {
            assertThat(averaged.losses().get(i)).as("running loss after update %d", i + 1).isCloseTo(sync.losses().get(i), within(1e-4));
        }
    }

    @Test
    void averagingEveryFiveUpdatesTrainsWithAParameterExchangeEveryFiveWindows() throws IOException {
        TrainConfig config = config(Map.of());
        Run sync = syncOnTwo();
        Run k5 = distributed("every-5", config, new SparkTraining.Plan(2, 5, 1));

        long updates = json(k5.dir().summaryFile()).get("updates").asLong();
        JsonNode plan = json(k5.dir().dir().resolve(SparkTraining.FILE));
        // A window job per update, an averaging job every 5 and one more before validation for the rest.
        assertThat(plan.get("rounds").asLong()).isEqualTo(updates + (updates + 4) / 5);
        assertThat(plan.get("sync_every").asInt()).isEqualTo(5);
        assertThat(k5.losses().getLast()).as("it learns").isLessThan(k5.losses().getFirst() - 0.5);
        double validSync = json(sync.dir().summaryFile()).get("best_valid_ppl").asDouble();
        double validK5 = json(k5.dir().summaryFile()).get("best_valid_ppl").asDouble();
        assertThat(validK5).as("an other run, not a broken one").isBetween(0.5 * validSync, 2 * validSync).isNotEqualTo(validSync);
    }

    private record Cli(int exit, String out, String err) {}

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SparkMain.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(exit, out.toString(), err.toString());
    }

    private String[] tiny(Path runDir, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--master", "local[2]", "--preset", "ptb-test", "--corpus", corpus.toString(),
                "--data-dir", data.toString(), "--hidden-size", "8", "--num-steps", "5", "--batch-size", "8", "--run-dir",
                runDir.toString(), "--threads", "1", "--no-samples", "--save-every-minutes", "0"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void theCommandTrainsAPresetAndResumeKeepsTheRunsWorkers() throws IOException {
        Path runDir = dir.resolve("cli");

        Cli r = cli(tiny(runDir, "--workers", "2", "--save-every-batches", "30"));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("run directory: " + runDir + "\n",
                "spark: local[2], 2 workers of 4 rows, synchronous SGD, 1 thread per worker\n",
                "model: " + runDir.resolve("model.safetensors") + "\n", "summary: " + runDir.resolve("summary.json") + "\n");
        long updates = json(runDir.resolve("summary.json")).get("updates").asLong();
        assertThat(r.out()).containsPattern("spark rounds: " + updates + " jobs, [0-9.]+ ms each, of which [0-9.]+ ms the slowest"
                + " worker's computation\n");
        assertThat(json(runDir.resolve(SparkTraining.FILE)).get("workers").asInt()).isEqualTo(2);
        assertThat(r.err()).contains("kernels: ");

        // A finished run resumes to its end at once, with the workers and period it was started with.
        Cli again = cli("train", "--master", "local[2]", "--resume", "--run-dir", runDir.toString(), "--data-dir", data.toString(),
                "--threads", "1", "--no-samples");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("2 workers of 4 rows, synchronous SGD");
    }

    @Test
    void mistakesAreOneSentenceAndExitCode2() {
        Path never = dir.resolve("never");

        Cli tooMany = cli(tiny(never, "--workers", "9"));
        Cli adam = cli(tiny(never, "--workers", "2", "--sync-every", "5", "--optimizer", "adam"));
        Cli zero = cli(tiny(never, "--sync-every", "0"));
        Cli resumed = cli("train", "--resume", "--run-dir", dir.resolve("cli").toString(), "--hidden-size", "4");

        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).isEqualTo("error: --workers must be between 1 and the batch size 8 (each worker trains whole rows of"
                + " the batch), not 9\n");
        assertThat(adam.exit()).isEqualTo(2);
        assertThat(adam.err()).isEqualTo("error: --sync-every 5 averages the workers' plain SGD steps, but this run uses Adam; train it"
                + " with --sync-every 1 (synchronous updates)\n");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("error: --sync-every must be at least 1, not 0\n");
        assertThat(resumed.exit()).isEqualTo(2);
        assertThat(resumed.err()).startsWith("error: a resumed run keeps the config it started with; drop --hidden-size");
        assertThat(never).doesNotExist();
    }
}
