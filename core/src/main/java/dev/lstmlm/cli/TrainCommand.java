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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm train}: trains a preset or a config file, or resumes a run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = TrainFlags.class,
        description = {"Train an LSTM language model: word level (Zaremba et al. 2014, TensorFlow's ptb_word_lm.py) or"
                        + " character level (the Udacity 6_lstm notebook, char-rnn).",
                "Writes RUN/config.json, RUN/metrics.jsonl, checkpoints, RUN/model.safetensors (best validation) and"
                        + " RUN/summary.json. Ctrl-C stops after the current batch with a checkpoint; --resume continues.",
                "Texts: a --corpus FILE named NAME.train.txt validates on NAME.valid.txt and tests on NAME.test.txt when they"
                        + " exist beside it (any NAME.train.EXT: the word train replaced by valid and test); --valid FILE and"
                        + " --test FILE name other texts; --split 0.9 or 0.8,0.1 cuts one file at line ends instead."},
        footer = {"", "Examples:", "  lstmlm train --preset ptb-small",
                "  lstmlm train --preset ptb-medium --epochs 10 --threads 2",
                "  lstmlm train --preset char-udacity --corpus tinyshakespeare",
                "  lstmlm train --preset shakespeare-char --threads 2",
                "  lstmlm train --preset ptb-small --corpus novel.txt --tokenize text --lowercase --eos paragraph"
                        + " --vocab-size 5000 --split 0.8,0.1",
                "  lstmlm train --preset ptb-small --corpus novel.txt --max-minutes 30",
                "  lstmlm train --init-from runs/RUN --corpus novel.txt --epochs 2 --lr 0.1   (fine-tunes RUN's model)",
                "  lstmlm train --resume --preset ptb-small     (continues the latest ptb-small run)",
                "  lstmlm train --resume --run-dir runs/RUN --epochs 20   (a finished run trains on to 20 epochs)"})
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "ptb-small, ptb-medium, ptb-large, ptb-test, char-udacity or shakespeare-char.")
    String preset;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A JSON config: {\"preset\": \"ptb-small\", \"epochs\": 2, ...}; flags override it.")
    Path configFile;

    @Mixin DataDirOption dataDir;

    @Mixin RunDirOption runDir;

    @Mixin ThreadsOption threads;

    @Mixin RunFlags runFlags;

    @Mixin SaveFlags save;

    @Option(names = "--ui", arity = "0..1", fallbackValue = "8090", paramLabel = "PORT",
            description = "Serve the live dashboard of this training on http://127.0.0.1:PORT/ (default port: ${FALLBACK-VALUE}; 0 = any free one).")
    Integer uiPort;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> overrides = TrainFlags.given(spec);
        runFlags.budget(); // its flags are checked before anything else
        int threadCount = threads.resolve(spec.commandLine().getErr());
        save.check();

        RunDirectory run;
        TrainConfig config = null;
        Integer length = null;
        Path initFrom = runFlags.initFrom();
        if (runDir.resume()) {
            if (initFrom != null) throw new UserError("--init-from starts a new run; drop it to resume, or drop --resume");
            Object corpus = overrides.remove(TrainOptions.CORPUS.key()); // chooses the run, changes nothing
            Integer epochs = (Integer) overrides.remove(TrainOptions.EPOCHS.key()); // the length may change
            Integer steps = (Integer) overrides.remove(TrainOptions.STEPS.key());
            if (configFile != null || !overrides.isEmpty()) {
                List<String> given = new ArrayList<>(overrides.keySet().stream().map(k -> TrainOptions.byKey(k).flag()).toList());
                if (configFile != null) given.add(0, "--config");
                throw new UserError("a resumed run keeps the config it started with; drop " + String.join(", ", given)
                        + ", or start a new run without --resume");
            }
            run = RunLocation.forResume(runDir.dir(), preset, corpus == null ? null : corpus.toString(), RunLocation.DEFAULT_ROOT, out);
            boolean udacity = run.readConfig().loop() == TrainConfig.Loop.UDACITY;
            if ((udacity ? epochs : steps) != null) {
                throw new UserError("the length of this run is " + (udacity ? "--steps" : "--epochs") + ", so drop "
                        + (udacity ? "--epochs" : "--steps") + " (a resumed run keeps the rest of its config)");
            }
            length = udacity ? steps : epochs;
        } else {
            if (preset == null && configFile == null && initFrom == null) {
                throw new UserError("say what to train: --preset NAME (one of " + String.join(", ", Presets.names())
                        + ") or --config FILE");
            }
            config = initFrom != null ? TrainingRun.fineTuneConfig(initFrom, preset, configFile, overrides)
                    : TrainConfig.resolve(preset, configFile, overrides);
            run = RunLocation.forStart(runDir.dir(), config, RunLocation.DEFAULT_ROOT, LocalDateTime.now());
        }

        Compute compute = ComputeLine.open(spec, threadCount);
        // LSTMLM_COMMIT overrides the commit the build recorded (for a jar copied out of its checkout).
        String commit = System.getenv("LSTMLM_COMMIT");
        if (commit == null) commit = dev.lstmlm.BuildInfo.commit().orElse(null);
        boolean live = System.console() != null && System.console().isTerminal();
        Outcome outcome;
        try (GracefulStop stop = GracefulStop.install(spec.commandLine().getErr());
             TrainingDashboard ui = TrainingDashboard.start(uiPort, run, spec.commandLine().getErr())) {
            TrainingRun.Options options = new TrainingRun.Options(dataDir.resolve(), threadCount, save.minutes(),
                    save.batches(), commit, out, live, ui.stop(stop), !save.samples() ? null : TrainCommand::sample, ui.listener(),
                    runFlags.budget());
            outcome = config == null ? TrainingRun.resume(run, length, compute, options)
                    : TrainingRun.start(config, initFrom, run, compute, options);
            if (outcome instanceof Outcome.Interrupted(Path checkpoint)) {
                out.println("stopped; the checkpoint " + checkpoint + " holds the progress. Resume with:");
                out.println("  " + resumeCommand(run, threadCount));
                out.flush();
                return 130;
            }
        }
        out.println("model: " + run.modelFile());
        out.println("summary: " + run.summaryFile());
        if (outcome instanceof Outcome.Completed c && c.stoppedBy() != null) {
            out.println(c.stoppedBy() + " stopped the run early; continue it with:");
            out.println("  " + resumeCommand(run, threadCount));
        }
        out.flush();
        return 0;
    }

    /** The samples of the training log: no prime, the plain softmax, as the Udacity notebook samples. */
    private static String sample(LanguageModel model, CheckpointMetadata metadata, int length, long seed) {
        Tokenizer tokenizer = Tokenizer.of(metadata);
        Sampler sampler = new Sampler(tokenizer.vocabSize(), SamplerOptions.sampling(), seed, model.compute().kernels());
        return new Generator(model, tokenizer).generate(new int[0], length, sampler, (id, text) -> {});
    }

    private String resumeCommand(RunDirectory run, int threadCount) {
        StringBuilder sb = new StringBuilder(Launcher.command()).append(" train --resume --run-dir ")
                .append(Launcher.quote(run.dir().toString()));
        if (dataDir.dir != null) sb.append(" --data-dir ").append(Launcher.quote(dataDir.resolve().toString()));
        sb.append(" --threads ").append(threadCount);
        if (save.minutes() != 10) sb.append(" --save-every-minutes ").append(save.minutes());
        if (save.batches() > 0) sb.append(" --save-every-batches ").append(save.batches());
        if (!save.samples()) sb.append(" --no-samples");
        return sb.toString();
    }
}
