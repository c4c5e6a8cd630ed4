package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.generate.Generator;
import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.SamplerOptions;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.GracefulStop;
import dev.lstmlm.train.Presets;
import dev.lstmlm.train.RunDirectory;
import dev.lstmlm.train.TrainConfig;
import dev.lstmlm.train.Trainer;
import dev.lstmlm.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm train}: trains a preset or a config file, or resumes a run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an LSTM language model: word level (Zaremba et al. 2014, TensorFlow's ptb_word_lm.py) or"
                        + " character level (the Udacity 6_lstm notebook, char-rnn).",
                "Writes RUN/config.json, RUN/metrics.jsonl, checkpoints, RUN/model.safetensors (best validation) and"
                        + " RUN/summary.json. Ctrl-C stops after the current batch with a checkpoint; --resume continues."},
        footer = {"", "Examples:", "  lstmlm train --preset ptb-small",
                "  lstmlm train --preset ptb-medium --epochs 10 --threads 2",
                "  lstmlm train --preset char-udacity --corpus tinyshakespeare",
                "  lstmlm train --preset shakespeare-char --threads 2",
                "  lstmlm train --resume --preset ptb-small     (continues the latest ptb-small run)"})
final class TrainCommand implements Callable<Integer> {
    /** Where runs go unless --run-dir says otherwise, relative to the working directory. */
    static final Path RUNS_ROOT = Path.of("runs");

    @Spec CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "ptb-small, ptb-medium, ptb-large, ptb-test, char-udacity or shakespeare-char.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A JSON config: {\"preset\": \"ptb-small\", \"epochs\": 2, ...}; flags override it.")
    Path configFile;

    @Mixin DataDirOption dataDir;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default: runs/PRESET-TIMESTAMP).")
    Path runDir;

    @Option(names = "--resume", description = "Continue the run in --run-dir (or the latest run of --preset) from its last checkpoint.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix products (default: all cores).")
    Integer threads;

    @Option(names = "--save-every-minutes", paramLabel = "M", defaultValue = "10",
            description = "Save a checkpoint at least every M minutes during an epoch (default: ${DEFAULT-VALUE}); 0 = epoch ends only.")
    double saveEveryMinutes;

    @Option(names = "--save-every-batches", paramLabel = "N", defaultValue = "0", hidden = true,
            description = "Also save a checkpoint every N updates (used by the resume tests).")
    int saveEveryBatches;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialization and dropout (default: 1).")
    Long seed;

    @Option(names = "--corpus", paramLabel = "NAME|FILE",
            description = "Corpus: ptb, tinyshakespeare, text8 or a training text (default: the preset's; char-udacity takes text8"
                    + " when the data directory has it, else tinyshakespeare).")
    String corpus;

    @Option(names = "--hidden-size", paramLabel = "H", description = "LSTM units per layer, also the embedding size.")
    Integer hiddenSize;

    @Option(names = "--layers", paramLabel = "L", description = "Number of LSTM layers.")
    Integer layers;

    @Option(names = "--num-steps", paramLabel = "T", description = "Steps of truncated backpropagation through time.")
    Integer numSteps;

    @Option(names = "--batch-size", paramLabel = "B", description = "Rows per batch.")
    Integer batchSize;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs in all (TF's max_max_epoch).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate of SGD.")
    Double lr;

    @Option(names = "--lr-decay", paramLabel = "F", description = "Factor applied to the rate each epoch after --decay-after.")
    Double lrDecay;

    @Option(names = "--decay-after", paramLabel = "N", description = "Epochs at the initial rate (TF's max_epoch).")
    Integer decayAfter;

    @Option(names = "--keep-prob", paramLabel = "P", description = "Dropout keep probability (1 = no dropout).")
    Double keepProb;

    @Option(names = "--max-grad-norm", paramLabel = "N", description = "Clip the global gradient norm to N.")
    Double maxGradNorm;

    @Option(names = "--init-scale", paramLabel = "S", description = "Initial weights uniform in [-S, S].")
    Double initScale;

    @Option(names = "--loss", paramLabel = "KIND", description = "sum-over-steps (TF) or mean-over-steps.")
    String loss;

    @Option(names = "--tokenizer", paramLabel = "KIND",
            description = "word, char-udacity (the 27 symbols space, a-z) or char-codepoint (the training text's characters).")
    String tokenizer;

    @Option(names = "--input", paramLabel = "KIND", description = "embedding (of size H) or one-hot.")
    String input;

    @Option(names = "--loop", paramLabel = "KIND",
            description = "ptb (epochs of ptb_producer windows) or udacity (steps of the notebook's BatchGenerator).")
    String loop;

    @Option(names = "--steps", paramLabel = "N", description = "Updates in all (udacity loop).")
    Integer steps;

    @Option(names = "--decay-every", paramLabel = "N", description = "Updates between two decays of the rate (udacity loop).")
    Integer decayEvery;

    @Option(names = "--optimizer", paramLabel = "KIND", description = "sgd or adam.")
    String optimizer;

    @Option(names = "--init", paramLabel = "KIND",
            description = "uniform (in +-init-scale) or truncated-normal (mean --init-mean, stddev --init-scale).")
    String init;

    @Option(names = "--init-mean", paramLabel = "M", description = "Mean of the truncated normal initialization.")
    Double initMean;

    @Option(names = "--forget-bias", paramLabel = "B", description = "Added to the forget gates' input (TF's forget_bias).")
    Double forgetBias;

    @Option(names = "--no-samples", description = "Do not print generated samples in the log (after each epoch, or every 1000 steps).")
    boolean noSamples;

    @Option(names = "--ui", arity = "0..1", fallbackValue = "8090", paramLabel = "PORT",
            description = "Serve the live dashboard of this training on http://127.0.0.1:PORT/ (default port: ${FALLBACK-VALUE}; 0 = any free one).")
    Integer uiPort;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> overrides = overrides();
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (threadCount < 1) throw new UserError("--threads must be at least 1, not " + threadCount);
        if (!(saveEveryMinutes >= 0)) throw new UserError("--save-every-minutes must be 0 or more, not " + saveEveryMinutes);
        if (saveEveryBatches < 0) throw new UserError("--save-every-batches must be 0 or more, not " + saveEveryBatches);

        RunDirectory run;
        TrainConfig config = null;
        if (resume) {
            if (configFile != null || !overrides.isEmpty()) {
                List<String> given = new ArrayList<>(overrides.keySet().stream().map(k -> "--" + k.replace('_', '-')).toList());
                if (configFile != null) given.add(0, "--config");
                throw new UserError("a resumed run keeps the config it started with; drop " + String.join(", ", given)
                        + ", or start a new run without --resume");
            }
            if (runDir != null) {
                run = new RunDirectory(runDir);
                if (preset != null && !run.readConfig().preset().equals(preset)) {
                    throw new UserError(runDir + " is a run of " + run.readConfig().preset() + ", not " + preset + "; drop --preset or give the right --run-dir");
                }
            } else if (preset != null) {
                run = RunDirectory.latestOf(RUNS_ROOT, preset);
            } else {
                throw new UserError("--resume needs the run: give --run-dir DIR, or --preset NAME for its latest run under " + RUNS_ROOT);
            }
        } else {
            if (preset == null && configFile == null) {
                throw new UserError("say what to train: --preset NAME (one of " + String.join(", ", Presets.names())
                        + ") or --config FILE");
            }
            config = TrainConfig.resolve(preset, configFile, overrides);
            if (runDir != null) {
                if (Files.exists(runDir.resolve("config.json"))) {
                    throw new UserError(runDir + " already holds a run; continue it with --resume, or choose another --run-dir");
                }
                Files.createDirectories(runDir);
                run = new RunDirectory(runDir);
            } else {
                run = RunDirectory.create(RUNS_ROOT, config.preset(), LocalDateTime.now());
            }
        }
        out.println("run directory: " + run.dir());
        out.flush();

        Compute compute = ComputeLine.open(spec, threadCount);
        // LSTMLM_COMMIT overrides the commit the build recorded (for a jar copied out of its checkout).
        String commit = System.getenv("LSTMLM_COMMIT");
        if (commit == null) commit = dev.lstmlm.BuildInfo.commit().orElse(null);
        boolean live = System.console() != null && System.console().isTerminal();
        Trainer.Outcome outcome;
        try (GracefulStop stop = GracefulStop.install(spec.commandLine().getErr());
             TrainingDashboard ui = TrainingDashboard.start(uiPort, run, spec.commandLine().getErr())) {
            TrainingRun.Options options = new TrainingRun.Options(dataDir.resolve(), threadCount, saveEveryMinutes,
                    saveEveryBatches, commit, out, live, ui.stop(stop), noSamples ? null : TrainCommand::sample, ui.listener());
            outcome = config == null ? TrainingRun.resume(run, compute, options) : TrainingRun.start(config, run, compute, options);
            if (outcome instanceof Trainer.Interrupted(Path checkpoint)) {
                out.println("stopped; the checkpoint " + checkpoint + " holds the progress. Resume with:");
                out.println("  " + resumeCommand(run, threadCount));
                out.flush();
                return 130;
            }
        }
        out.println("model: " + run.modelFile());
        out.println("summary: " + run.summaryFile());
        out.flush();
        return 0;
    }

    private Map<String, Object> overrides() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "corpus", corpus);
        put(m, "hidden_size", hiddenSize);
        put(m, "layers", layers);
        put(m, "num_steps", numSteps);
        put(m, "batch_size", batchSize);
        put(m, "epochs", epochs);
        put(m, "lr", lr);
        put(m, "lr_decay", lrDecay);
        put(m, "decay_after", decayAfter);
        put(m, "keep_prob", keepProb);
        put(m, "max_grad_norm", maxGradNorm);
        put(m, "init_scale", initScale);
        put(m, "loss", loss);
        put(m, "seed", seed);
        put(m, "tokenizer", tokenizer);
        put(m, "input", input);
        put(m, "loop", loop);
        put(m, "steps", steps);
        put(m, "decay_every", decayEvery);
        put(m, "optimizer", optimizer);
        put(m, "init", init);
        put(m, "init_mean", initMean);
        put(m, "forget_bias", forgetBias);
        return m;
    }

    /** The samples of the training log: no prime, the plain softmax, as the Udacity notebook samples. */
    private static String sample(LanguageModel model, CheckpointMetadata metadata, int length, long seed) {
        Tokenizer tokenizer = Tokenizer.of(metadata);
        Sampler sampler = new Sampler(tokenizer.vocabSize(), SamplerOptions.sampling(), seed, model.compute().kernels());
        return new Generator(model, tokenizer).generate(new int[0], length, sampler, (id, text) -> {});
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) m.put(key, value);
    }

    private String resumeCommand(RunDirectory run, int threadCount) {
        StringBuilder sb = new StringBuilder(Launcher.command()).append(" train --resume --run-dir ")
                .append(Launcher.quote(run.dir().toString()));
        if (dataDir.dir != null) sb.append(" --data-dir ").append(Launcher.quote(dataDir.resolve().toString()));
        sb.append(" --threads ").append(threadCount);
        if (saveEveryMinutes != 10) sb.append(" --save-every-minutes ").append(saveEveryMinutes);
        if (saveEveryBatches > 0) sb.append(" --save-every-batches ").append(saveEveryBatches);
        if (noSamples) sb.append(" --no-samples");
        return sb.toString();
    }
}
