package dev.lstmlm.spark;

import dev.lstmlm.UserError;
import dev.lstmlm.cli.DataDirOption;
import dev.lstmlm.cli.RunDirOption;
import dev.lstmlm.cli.ThreadsOption;
import dev.lstmlm.cli.SaveFlags;
import dev.lstmlm.cli.TrainFlags;
import dev.lstmlm.generate.Generator;
import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.SamplerOptions;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.GracefulStop;
import dev.lstmlm.train.Outcome;
import dev.lstmlm.train.Presets;
import dev.lstmlm.train.RunDirectory;
import dev.lstmlm.train.RunLocation;
import dev.lstmlm.train.TrainConfig;
import dev.lstmlm.train.TrainOptions;
import dev.lstmlm.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lstmlm spark train}: {@code lstmlm train} (the same flags, run directory and resume) with
 * the batch's rows divided among Spark workers; see {@link DistributedModel}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = TrainFlags.class,
        description = {"Train as lstmlm train does, the rows of each batch divided among Spark workers: with --sync-every 1"
                        + " (the default) every update sums the workers' gradients (synchronous SGD, the single-process update);"
                        + " with --sync-every K each worker steps on its own rows and the driver averages the parameters every K updates.",
                "Writes the run directory lstmlm train writes, and RUN/spark.json (workers, period, the rounds' cost)."},
        footer = {"", "Examples:", "  lstmlm spark train --master local[2] --preset ptb-small --workers 2",
                "  lstmlm spark train --master local[2] --preset ptb-small --workers 2 --sync-every 10",
                "  lstmlm spark train --resume --run-dir runs/ptb-small-20260101-120000",
                "  spark-submit --class dev.lstmlm.spark.SparkMain lstmlm-spark.jar train --preset ptb-medium --workers 10"})
final class SparkTrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master, e.g. local[2] (default: what spark-submit sets, else local[*]).")
    String master;

    @Option(names = "--workers", paramLabel = "N",
            description = "Spark tasks the batch's rows are divided among, at most the batch size (default: the default parallelism,"
                    + " capped at the batch size; a resumed run keeps its own).")
    Integer workers;

    @Option(names = "--sync-every", paramLabel = "K",
            description = "1: synchronous SGD; K > 1: parameter averaging every K updates (default: 1; a resumed run keeps its own).")
    Integer syncEvery;

    @Option(names = "--preset", paramLabel = "NAME", description = "A preset of lstmlm train, e.g. ptb-small or ptb-test.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE", description = "A JSON config as lstmlm train reads it; flags override it.")
    Path configFile;

    @Mixin DataDirOption dataDir;

    @Mixin RunDirOption runDir;

    @Mixin ThreadsOption threads;

    @Mixin SaveFlags save;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> overrides = TrainFlags.given(spec);
        int threadCount = threads.resolve(err);
        save.check();
        if (workers != null && workers < 1) throw new UserError("--workers must be at least 1, not " + workers);
        if (syncEvery != null && syncEvery < 1) throw new UserError("--sync-every must be at least 1, not " + syncEvery);

        RunDirectory run = null;
        TrainConfig config = null;
        SparkTraining.Plan before = null;
        if (runDir.resume()) {
            if (configFile != null || !overrides.isEmpty()) {
                List<String> given = new ArrayList<>(overrides.keySet().stream().map(k -> TrainOptions.byKey(k).flag()).toList());
                if (configFile != null) given.add(0, "--config");
                throw new UserError("a resumed run keeps the config it started with; drop " + String.join(", ", given)
                        + ", or start a new run without --resume");
            }
            run = RunLocation.forResume(runDir.dir(), preset, RunLocation.DEFAULT_ROOT);
            before = SparkTraining.readPlan(run);
        } else {
            if (preset == null && configFile == null) {
                throw new UserError("say what to train: --preset NAME (one of " + String.join(", ", Presets.names())
                        + ") or --config FILE");
            }
            config = TrainConfig.resolve(preset, configFile, overrides);
        }
        int batch = config != null ? config.batchSize() : run.readConfig().batchSize();

        boolean shared = SparkSession.getDefaultSession().isDefined();  // a session of the caller's stays open
        SparkSession spark = Sessions.create(master, "lstmlm train");
        try {
            SparkTraining.Plan plan = plan(spark, before, batch, err);
            if (config != null) SparkTraining.check(config, plan);
            if (!runDir.resume()) run = RunLocation.forStart(runDir.dir(), config, RunLocation.DEFAULT_ROOT, LocalDateTime.now());
            out.println("run directory: " + run.dir());
            out.printf(Locale.ROOT, "spark: %s, %d workers of %s rows, %s, %d thread%s per worker%n", spark.sparkContext().master(),
                    plan.workers(), rows(batch, plan.workers()), plan.syncEvery() == 1 ? "synchronous SGD"
                            : "parameter averaging every " + plan.syncEvery() + " updates", plan.workerThreads(),
                    plan.workerThreads() == 1 ? "" : "s");
            out.flush();
            Compute compute = Compute.create(threadCount);
            err.println("kernels: " + compute.name());
            err.flush();
            String commit = System.getenv("LSTMLM_COMMIT");
            if (commit == null) commit = dev.lstmlm.BuildInfo.commit().orElse(null);
            SparkTraining training = new SparkTraining(spark, plan);
            Outcome outcome;
            try (GracefulStop stop = GracefulStop.install(err)) {
                TrainingRun.Options options = new TrainingRun.Options(dataDir.resolve(), threadCount, save.minutes(), save.batches(),
                        commit, out, false, stop, !save.samples() ? null : SparkTrainCommand::sample);
                outcome = config == null ? training.resume(run, compute, options) : training.start(config, run, compute, options);
            }
            SparkTraining.Rounds r = training.rounds();
            out.printf(Locale.ROOT, "spark rounds: %d jobs, %.1f ms each, of which %.1f ms the slowest worker's computation%n", r.jobs(),
                    r.jobs() == 0 ? 0 : 1000 * r.seconds() / r.jobs(), r.jobs() == 0 ? 0 : 1000 * r.computeSeconds() / r.jobs());
            if (outcome instanceof Outcome.Interrupted(Path checkpoint)) {
                out.println("stopped; the checkpoint " + checkpoint + " holds the progress. Resume with:");
                out.println("  lstmlm spark train --resume --run-dir " + run.dir() + (master != null ? " --master " + master : ""));
                out.flush();
                return 130;
            }
            out.println("model: " + run.modelFile());
            out.println("summary: " + run.summaryFile());
            out.flush();
        } finally {
            if (!shared) spark.stop();
        }
        return 0;
    }

    /** The workers and period: the flags, else what the resumed run used, else the defaults. */
    private SparkTraining.Plan plan(SparkSession spark, SparkTraining.Plan before, int batch, PrintWriter err) {
        int threadsPerWorker = spark.sparkContext().conf().getInt("spark.task.cpus", 1);
        int n = workers != null ? workers : before != null ? before.workers() : Math.min(batch, spark.sparkContext().defaultParallelism());
        int k = syncEvery != null ? syncEvery : before != null ? before.syncEvery() : 1;
        if (before != null && (n != before.workers() || k != before.syncEvery())) {
            err.printf(Locale.ROOT, "note: the run used %d workers, --sync-every %d and continues with %d, %d; the result is as good"
                    + " but not bit-identical to an uninterrupted run%n", before.workers(), before.syncEvery(), n, k);
            err.flush();
        }
        return new SparkTraining.Plan(n, k, threadsPerWorker);
    }

    private static String rows(int batch, int workers) {
        int lo = batch / workers;
        int hi = (batch + workers - 1) / workers;
        return lo == hi ? String.valueOf(lo) : lo + "-" + hi;
    }

    /** The samples of the training log, as lstmlm train draws them: no prime, the plain softmax. */
    private static String sample(LanguageModel model, CheckpointMetadata metadata, int length, long seed) {
        Tokenizer tokenizer = Tokenizer.of(metadata);
        Sampler sampler = new Sampler(tokenizer.vocabSize(), SamplerOptions.sampling(), seed, model.compute().kernels());
        return new Generator(model, tokenizer).generate(new int[0], length, sampler, (id, text) -> {});
    }
}
