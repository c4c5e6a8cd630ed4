package dev.lstmlm.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.Outcome;
import dev.lstmlm.train.RunDirectory;
import dev.lstmlm.train.TrainConfig;
import dev.lstmlm.train.TrainOptions;
import dev.lstmlm.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Starts or resumes a training run whose windows run on Spark workers: {@link TrainingRun} (the
 * single-process trainer's loop, run directory, checkpoints, metrics and summary) with a
 * {@link DistributedModel} in place of the model. The run directory also gets {@code spark.json}:
 * the workers and the synchronization period (a resumed run keeps them), and the rounds' cost.
 */
final class SparkTraining {
    static final String FILE = "spark.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param workers the Spark tasks the batch's rows are divided among
     * @param syncEvery 1 for synchronous SGD, K &gt; 1 for parameter averaging every K updates
     * @param workerThreads threads of each worker's matrix products
     * @param averaging whether the workers step themselves and the driver averages (so for K &gt; 1); with K = 1 only in tests
     */
    record Plan(int workers, int syncEvery, int workerThreads, boolean averaging) {
        Plan(int workers, int syncEvery, int workerThreads) {
            this(workers, syncEvery, workerThreads, syncEvery > 1);
        }
    }

    /** What a run did on Spark. */
    record Rounds(long jobs, double seconds, double computeSeconds) {
        Rounds plus(Rounds o) {
            return new Rounds(jobs + o.jobs, seconds + o.seconds, computeSeconds + o.computeSeconds);
        }
    }

    private final SparkSession spark;
    private final Plan plan;
    private DistributedModel model;

    SparkTraining(SparkSession spark, Plan plan) {
        this.spark = spark;
        this.plan = plan;
    }

    /** A new run of {@code config} in the empty directory {@code run}. */
    Outcome start(TrainConfig config, RunDirectory run, Compute compute, TrainingRun.Options options) throws IOException {
        check(config, plan);
        writePlan(run, null);
        try {
            return TrainingRun.start(config, run, compute, options, this::adapt);
        } finally {
            finish(run);
        }
    }

    /** Continues {@code run} from its latest checkpoint. */
    Outcome resume(RunDirectory run, Compute compute, TrainingRun.Options options) throws IOException {
        check(run.readConfig(), plan);
        try {
            return TrainingRun.resume(run, compute, options, this::adapt);
        } finally {
            finish(run);
        }
    }

    /** The jobs the last start or resume ran on Spark. */
    Rounds rounds() {
        return model == null ? new Rounds(0, 0, 0) : new Rounds(model.rounds(), model.roundSeconds(), model.computeSeconds());
    }

    private DistributedModel adapt(dev.lstmlm.model.LanguageModel m, TrainConfig config) {
        model = new DistributedModel(m, JavaSparkContext.fromSparkContext(spark.sparkContext()), plan.workers(), plan.syncEvery(),
                plan.averaging(), config.batchSize(), plan.workerThreads());
        return model;
    }

    /** Adds this session's rounds to spark.json and frees the workers' slots, however the run ended. */
    private void finish(RunDirectory run) throws IOException {
        if (model == null) return;
        model.release();
        writePlan(run, readRounds(run).plus(rounds()));
    }

    /** Throws {@link UserError} when {@code plan} cannot train {@code config}. */
    static void check(TrainConfig config, Plan plan) {
        if (plan.workers() < 1 || plan.workers() > config.batchSize()) {
            throw new UserError("--workers must be between 1 and the batch size " + config.batchSize() + " (each worker trains"
                    + " whole rows of the batch), not " + plan.workers());
        }
        if (plan.syncEvery() < 1) throw new UserError("--sync-every must be at least 1, not " + plan.syncEvery());
        boolean plainSgd = config.optimizer() == TrainConfig.OptimizerKind.SGD && config.get(TrainOptions.WEIGHT_DECAY) == 0
                && config.get(TrainOptions.NT_ASGD) == 0;
        if (plan.averaging() && !plainSgd) {
            throw new UserError("--sync-every " + plan.syncEvery() + " averages the workers' plain SGD steps, but this run uses "
                    + (config.optimizer() == TrainConfig.OptimizerKind.ADAM ? "Adam" : "weight decay or NT-ASGD")
                    + "; train it with --sync-every 1 (synchronous updates)");
        }
    }

    /** The plan a run was started with, from its {@code spark.json}; null when it has none. */
    static Plan readPlan(RunDirectory run) {
        Path file = run.dir().resolve(FILE);
        if (!Files.exists(file)) return null;
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return new Plan(n.get("workers").asInt(), n.get("sync_every").asInt(), n.path("worker_threads").asInt(1));
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); pass --workers and --sync-every to resume", e);
        }
    }

    /** The rounds the earlier sessions of {@code run} ran (a resumed run adds its own). */
    private static Rounds readRounds(RunDirectory run) {
        Path file = run.dir().resolve(FILE);
        try {
            JsonNode n = Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
            return new Rounds(n.path("rounds").asLong(0), n.path("round_seconds").asDouble(0), n.path("worker_compute_seconds").asDouble(0));
        } catch (IOException e) {
            return new Rounds(0, 0, 0);
        }
    }

    private void writePlan(RunDirectory run, Rounds rounds) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("workers", plan.workers());
        n.put("sync_every", plan.syncEvery());
        n.put("worker_threads", plan.workerThreads());
        n.put("master", spark.sparkContext().master());
        if (rounds != null) {
            n.put("rounds", rounds.jobs());
            n.put("round_seconds", rounds.seconds());
            n.put("worker_compute_seconds", rounds.computeSeconds());
        }
        AtomicFiles.writeString(run.dir().resolve(FILE), n.toPrettyString() + "\n");
    }
}
