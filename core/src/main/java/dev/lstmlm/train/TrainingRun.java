package dev.lstmlm.train;

import dev.lstmlm.data.Corpus;
import dev.lstmlm.data.DataDir;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts or resumes a training run: loads the corpus (words, or characters with the config's
 * alphabet), builds and initializes the model, writes or reads the run's config and checkpoint, and
 * hands over to the config's loop ({@link Trainer} or {@link UdacityTrainer}). This is the library
 * behind {@code lstmlm train}.
 */
public final class TrainingRun {
    /** The corpus name that means "text8 when the data directory has it, else Tiny Shakespeare" (the char-udacity preset's). */
    public static final String TEXT8_OR_SHAKESPEARE = "auto";
    /** Sample lengths in the log: words after each epoch, characters after each epoch of a character model. */
    static final int SAMPLE_WORDS = 20;
    static final int SAMPLE_CHARS = 200;

    private TrainingRun() {}

    /**
     * Text from a model for the training log: {@code length} tokens from a fresh state without a
     * prime, drawn from the plain softmax with {@code seed}. The caller supplies it (the generate
     * package), since train does not depend on generate.
     */
    @FunctionalInterface
    public interface TextGenerator {
        String generate(LanguageModel model, CheckpointMetadata metadata, int length, long seed);
    }

    /**
     * @param dataDir where the corpora are (see dev.lstmlm.data.DataDir)
     * @param threads threads of {@code compute}, recorded with the run
     * @param saveEveryMinutes a checkpoint at least this often during an epoch; 0 for epoch ends only
     * @param saveEveryBatches also a checkpoint every this many updates; 0 for none
     * @param commit source revision recorded in the summary; may be null
     * @param out progress and results
     * @param live whether {@code out} is a terminal
     * @param stop polled between batches; see {@link GracefulStop}
     * @param samples writes the samples of the log; null for none
     * @param listener hears every batch (a live view); {@link TrainingListener#NONE} for none
     * @param budget when this session stops early ({@code --max-minutes}, {@code --max-batches})
     */
    public record Options(Path dataDir, int threads, double saveEveryMinutes, int saveEveryBatches, String commit,
                          PrintWriter out, boolean live, BooleanSupplier stop, TextGenerator samples, TrainingListener listener,
                          Budget budget) {
        public Options {
            if (budget == null) budget = Budget.NONE;
        }

        /** Options without a budget. */
        public Options(Path dataDir, int threads, double saveEveryMinutes, int saveEveryBatches, String commit,
                       PrintWriter out, boolean live, BooleanSupplier stop, TextGenerator samples, TrainingListener listener) {
            this(dataDir, threads, saveEveryMinutes, saveEveryBatches, commit, out, live, stop, samples, listener, Budget.NONE);
        }

        /** Options without a listener. */
        public Options(Path dataDir, int threads, double saveEveryMinutes, int saveEveryBatches, String commit,
                       PrintWriter out, boolean live, BooleanSupplier stop, TextGenerator samples) {
            this(dataDir, threads, saveEveryMinutes, saveEveryBatches, commit, out, live, stop, samples, TrainingListener.NONE);
        }
    }

    /**
     * What the loop trains, made from the run's model: the model itself ({@link TrainableModel#of}),
     * or a model whose windows run elsewhere (on the workers of a cluster) with the same parameters.
     */
    @FunctionalInterface
    public interface ModelAdapter {
        TrainableModel adapt(LanguageModel model, TrainConfig config);
    }

    private static final ModelAdapter LOCAL = (model, c) -> TrainableModel.of(model);

    /**
     * A new run of {@code config} in {@code run}, a directory that does not hold a run yet. It is
     * created (and config.json written) only once the corpus is loaded and the model built.
     */
    public static Outcome start(TrainConfig config, RunDirectory run, Compute compute, Options options) throws IOException {
        return start(config, null, run, compute, options, LOCAL);
    }

    /** The same, the loop training what {@code adapter} makes of the model. */
    public static Outcome start(TrainConfig config, RunDirectory run, Compute compute, Options options, ModelAdapter adapter)
            throws IOException {
        return start(config, null, run, compute, options, adapter);
    }

    /**
     * As {@link #start(TrainConfig, RunDirectory, Compute, Options)}, the weights and the vocabulary
     * taken from the checkpoint {@code initFrom} when it is not null (fine-tuning; {@code config} from
     * {@link #fineTuneConfig}).
     */
    public static Outcome start(TrainConfig config, Path initFrom, RunDirectory run, Compute compute, Options options)
            throws IOException {
        return start(config, initFrom, run, compute, options, LOCAL);
    }

    private static Outcome start(TrainConfig config, Path initFrom, RunDirectory run, Compute compute, Options options,
                                         ModelAdapter adapter)
            throws IOException {
        config = resolveCorpus(config, options);
        CorpusTexts.Loaded loaded = CorpusTexts.load(config, options.dataDir());
        dev.lstmlm.model.Checkpoint.Loaded init = null;
        if (initFrom != null) {
            init = dev.lstmlm.model.Checkpoint.load(initFrom, compute);
            FineTune.Mapped mapped = FineTune.map(loaded.texts(), loaded.vocabulary(), init.metadata(), initFrom);
            loaded = new CorpusTexts.Loaded(mapped.texts(), mapped.vocabulary(), mapped.vocabulary().indexOf("<unk>"));
            long[] u = mapped.unknown();
            options.out().printf(Locale.ROOT, "fine-tuning %s: vocabulary %,d; words it lacks, now <unk>: %,d in the training"
                    + " text, %,d in the validation text, %,d in the test text%n", initFrom, mapped.vocabulary().size(), u[0], u[1], u[2]);
        }
        run.create();
        options.out().println("run directory: " + run.dir());
        options.out().flush();
        run.writeConfig(config);
        Setup s = setup(config, loaded, run, compute, options, adapter);
        if (init != null) {
            System.arraycopy(init.model().params().values(), 0, s.model.params().values(), 0, s.model.params().size());
        } else {
            initialize(s.model, config);
        }
        s.model.rngState(dropoutSeed(config.seed()));
        return trainFromStart(run, s.loop, s.model, options.threads(), config.batchSize());
    }

    /** The config of a run that fine-tunes {@code initFrom}; see {@link FineTune}. */
    public static TrainConfig fineTuneConfig(Path initFrom, String preset, Path configFile, Map<String, ?> overrides) {
        return FineTune.config(initFrom, preset, configFile, overrides);
    }

    /** Trains from the first update, the model's weights and dropout stream as they are now. */
    private static <S extends LoopState> Outcome trainFromStart(RunDirectory run, TrainingLoop<S> loop, LanguageModel model,
                                                                int threads, int batchSize) throws IOException {
        return train(run, loop, loop.initialState(model.rngState(), threads), model.newState(batchSize));
    }

    /** Runs the loop under the run's lock; a failed write becomes one sentence that names the intact checkpoint. */
    private static <S extends LoopState> Outcome train(RunDirectory run, TrainingLoop<S> loop, S state, LanguageModel.State carried)
            throws IOException {
        try (RunLock lock = RunLock.acquire(run)) {
            return loop.run(state, carried);
        } catch (IOException e) {
            java.util.Optional<Path> latest;
            try {
                latest = run.latestCheckpoint();
            } catch (dev.lstmlm.UserError unreadable) {
                latest = java.util.Optional.empty();
            }
            throw WriteFailure.whileTraining(run.dir(), latest, e);
        }
    }

    /** Continues {@code run} from its latest checkpoint, with the config it started with. */
    public static Outcome resume(RunDirectory run, Compute compute, Options options) throws IOException {
        return resume(run, null, compute, options, LOCAL);
    }

    /** The same, the loop training what {@code adapter} makes of the model. */
    public static Outcome resume(RunDirectory run, Compute compute, Options options, ModelAdapter adapter) throws IOException {
        return resume(run, null, compute, options, adapter);
    }

    /**
     * Continues {@code run} from its latest checkpoint, with the config it started with, and when
     * {@code length} is not null for that many epochs (steps of the udacity loop) in all: a finished
     * run goes on, and no other option may change. A run whose first save failed (a config but no
     * checkpoint) starts from its beginning.
     */
    public static Outcome resume(RunDirectory run, Integer length, Compute compute, Options options) throws IOException {
        return resume(run, length, compute, options, LOCAL);
    }

    private static Outcome resume(RunDirectory run, Integer length, Compute compute, Options options, ModelAdapter adapter)
            throws IOException {
        RunLock.refuseIfHeld(run);
        TrainConfig config = Extension.apply(run, length, options.out());
        options.out().println("run directory: " + run.dir());
        options.out().flush();
        if (run.latestCheckpoint().isEmpty()) {
            options.out().println("the run has no checkpoint yet, so it starts from its beginning");
            return startOver(config, run, compute, options, adapter);
        }
        Setup s = setup(config, CorpusTexts.load(config, options.dataDir()), run, compute, options, adapter);
        return resume(config, run, s.loop, s.model.newState(config.batchSize()), options);
    }

    private static <S extends LoopState> Outcome resume(TrainConfig config, RunDirectory run, TrainingLoop<S> loop,
                                                       LanguageModel.State carried, Options options) throws IOException {
        S state = loop.restore(carried);
        options.out().printf(Locale.ROOT, "resuming at %s from %s%n", state.position(), run.latestCheckpoint().orElseThrow());
        if (state.threads() != options.threads()) {
            options.out().printf(Locale.ROOT, "note: the run used %d threads and continues with %d; the result is as good"
                    + " but not bit-identical to an uninterrupted run (pass --threads %d for that)%n",
                    state.threads(), options.threads(), state.threads());
        }
        Extension.check(config, state, run);
        return train(run, loop, state, carried);
    }

    /** A run with a config.json but no checkpoint: trains it from the beginning into the same directory. */
    private static Outcome startOver(TrainConfig config, RunDirectory run, Compute compute, Options options,
                                         ModelAdapter adapter) throws IOException {
        Setup s = setup(config, CorpusTexts.load(config, options.dataDir()), run, compute, options, adapter);
        initialize(s.model, config);
        s.model.rngState(dropoutSeed(config.seed()));
        return trainFromStart(run, s.loop, s.model, options.threads(), config.batchSize());
    }

    /** The config's random initialization of the weights. */
    private static void initialize(LanguageModel model, TrainConfig config) {
        switch (config.init()) {
            case TRUNCATED_NORMAL -> model.initTruncatedNormal((float) config.initMean(), (float) config.initScale(), config.seed());
            case PYTORCH -> model.initAwd((float) config.initScale(), config.seed());
            case UNIFORM -> model.initUniform((float) config.initScale(), config.seed());
        }
    }

    /** The dropout generator's start, derived from the seed so that its stream differs from the initializer's. */
    static long dropoutSeed(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Replaces {@link #TEXT8_OR_SHAKESPEARE} by the corpus it stands for here, and says which. */
    private static TrainConfig resolveCorpus(TrainConfig config, Options options) {
        if (!config.get(TextOptions.TRAIN).isEmpty()) config = config.withCorpus(CorpusTexts.trainText(config)).with(TextOptions.TRAIN, "");
        if (!config.corpus().equals(TEXT8_OR_SHAKESPEARE)) return config;
        Path text8 = options.dataDir().resolve(Corpus.TEXT8.files().getFirst().path());
        boolean present = DataDir.has(options.dataDir(), Corpus.TEXT8);
        String name = present ? Corpus.TEXT8.name() : Corpus.TINY_SHAKESPEARE.name();
        options.out().println("corpus: " + name + (present ? "" : " (" + text8 + " is missing, so Tiny Shakespeare stands in,"
                + " mapped to the 27 symbols; `lstmlm download text8` fetches the notebook's corpus)"));
        return config.withCorpus(name);
    }

    private record Setup(LanguageModel model, TrainingLoop<?> loop) {}

    private static Setup setup(TrainConfig config, CorpusTexts.Loaded loaded, RunDirectory run, Compute compute, Options options,
                               ModelAdapter adapter) {
        CorpusReport.requireVocabulary(config, loaded.vocabulary().size());
        ModelConfig modelConfig = config.modelConfig(loaded.vocabulary().size());
        LanguageModel model = new LanguageModel(modelConfig, compute);
        CheckpointMetadata metadata = new CheckpointMetadata(modelConfig, config.tokenizer(), loaded.vocabulary(),
                CorpusReport.metadata(config));
        boolean chars = config.tokenizer().isCharacterLevel();
        boolean udacity = config.loop() == TrainConfig.Loop.UDACITY;
        SampleText sample = null;
        if (options.samples() != null) {
            int length = udacity ? UdacityTrainer.SAMPLE_CHARS : chars ? SAMPLE_CHARS : SAMPLE_WORDS;
            sample = new SampleText(length, chars ? "characters" : "words",
                    seed -> options.samples().generate(model, metadata, length, seed));
        }
        LoopSettings settings = new LoopSettings(options.threads(), compute.gemm().name(),
                (long) (options.saveEveryMinutes() * 60e9), options.saveEveryBatches(), options.commit(), sample, options.listener(),
                options.budget());
        TrainableModel trained = adapter.adapt(model, config);
        TrainingLoop<?> loop = udacity
                ? new UdacityTrainer(trained, config, loaded.texts(), metadata, run, settings, options.out(),
                        options.stop(), System::nanoTime)
                : new Trainer(trained, config, loaded.texts(), metadata, run, settings, options.out(),
                        options.live(), options.stop(), System::nanoTime);
        String plan = switch (config.schedule()) {
            case Schedule.Steps s -> String.format(Locale.ROOT, "%d steps of %d x %d", s.steps(), config.batchSize(), config.numSteps());
            case Schedule.Epochs e -> String.format(Locale.ROOT, "%d epochs of %d x %d%s windows", e.epochs(), config.batchSize(),
                    config.numSteps(), config.variableBptt() != null ? " (variable)" : "");
            case Schedule.Plateau p -> String.format(Locale.ROOT, "%d epochs of %d x %d%s windows", p.epochs(), config.batchSize(),
                    config.numSteps(), config.variableBptt() != null ? " (variable)" : "");
        };
        options.out().printf(Locale.ROOT, "%s: %d x %d LSTM, %s %d%s, %,d parameters, %s, %s, %d threads (%s)%n",
                config.preset(), config.layers(), config.hiddenSize(), chars ? "alphabet" : "vocabulary", modelConfig.vocabSize(),
                modelConfig.input() == ModelConfig.Input.ONE_HOT ? " (one-hot input)" : "", model.params().size(), plan,
                config.optimizer() == TrainConfig.OptimizerKind.ADAM ? "Adam" : "SGD", options.threads(), compute.gemm().name());
        CorpusReport.texts(options.out(), config, loaded.texts(), loaded.unknownId());
        return new Setup(model, loop);
    }
}
