package dev.lstmlm.train;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CharCorpus;
import dev.lstmlm.data.CharSplit;
import dev.lstmlm.data.Corpus;
import dev.lstmlm.data.DataDir;
import dev.lstmlm.data.TextCorpus;
import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
    /** Character corpora trained by epochs keep this fraction for training and validate on the rest (char-rnn's and nanoGPT's 90/10). */
    static final double CHAR_TRAIN_FRACTION = 0.9;
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
     */
    public record Options(Path dataDir, int threads, double saveEveryMinutes, int saveEveryBatches, String commit,
                          PrintWriter out, boolean live, BooleanSupplier stop, TextGenerator samples, TrainingListener listener) {
        /** Options without a listener. */
        public Options(Path dataDir, int threads, double saveEveryMinutes, int saveEveryBatches, String commit,
                       PrintWriter out, boolean live, BooleanSupplier stop, TextGenerator samples) {
            this(dataDir, threads, saveEveryMinutes, saveEveryBatches, commit, out, live, stop, samples, TrainingListener.NONE);
        }
    }

    /** A new run of {@code config} in the empty directory {@code run}. */
    public static Trainer.Outcome start(TrainConfig config, RunDirectory run, Compute compute, Options options) throws IOException {
        config = resolveCorpus(config, options);
        run.writeConfig(config);
        Setup s = setup(config, run, compute, options);
        switch (config.init()) {
            case TRUNCATED_NORMAL -> s.model.initTruncatedNormal((float) config.initMean(), (float) config.initScale(), config.seed());
            case PYTORCH -> s.model.initAwd((float) config.initScale(), config.seed());
            case UNIFORM -> s.model.initUniform((float) config.initScale(), config.seed());
        }
        s.model.rngState(dropoutSeed(config.seed()));
        TrainerState state = TrainerState.start(s.model.rngState(), options.threads());
        return s.loop.run(state, s.model.newState(config.batchSize()));
    }

    /** Continues {@code run} from its latest checkpoint, with the config it started with. */
    public static Trainer.Outcome resume(RunDirectory run, Compute compute, Options options) throws IOException {
        TrainConfig config = run.readConfig();
        Setup s = setup(config, run, compute, options);
        LanguageModel.State carried = s.model.newState(config.batchSize());
        TrainerState state = run.restore(s.model.params(), carried, s.loop.stateShape(), s.loop.optimizerState());
        options.out().printf(Locale.ROOT, "resuming at epoch %d, batch %d (update %d) from %s%n", state.epoch(),
                state.batch(), state.step(), run.latestCheckpoint().orElseThrow());
        if (state.threads() != options.threads()) {
            options.out().printf(Locale.ROOT, "note: the run used %d threads and continues with %d; the result is as good"
                    + " but not bit-identical to an uninterrupted run (pass --threads %d for that)%n",
                    state.threads(), options.threads(), state.threads());
        }
        return s.loop.run(state, carried);
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

    private record Setup(LanguageModel model, TrainingLoop loop) {}

    /** The texts of a run, the words or symbols of its vocabulary, and the id of unknown tokens (-1: none). */
    private record Loaded(Texts texts, List<String> vocabulary, int unknownId) {}

    private static Loaded load(TrainConfig config, Path dataDir) {
        if (config.tokenizer() == TokenizerKind.WORD) {
            WordCorpus corpus = TextCorpus.load(CorpusTexts.words(config, dataDir), TextOptions.rules(config),
                    TextOptions.limits(config), DataDir.cacheRoot());
            return new Loaded(new Texts(corpus.train(), corpus.valid().orElse(null), corpus.test().orElse(null)),
                    corpus.vocabulary().words(), corpus.vocabulary().unkId());
        }
        CharAlphabet.Kind kind = config.tokenizer() == TokenizerKind.CHAR_UDACITY ? CharAlphabet.Kind.LETTERS
                : CharAlphabet.Kind.CODEPOINTS;
        Path file = CharCorpus.locate(dataDir, config.corpus());
        CharSplit split = !config.get(TextOptions.SPLIT).isEmpty() ? CharCorpus.lineSplit(file, config.get(TextOptions.SPLIT))
                : config.loop() == TrainConfig.Loop.UDACITY ? CharSplit.udacity() : CharSplit.fraction(CHAR_TRAIN_FRACTION);
        CharCorpus corpus = CharCorpus.load(file, kind, split);
        return new Loaded(new Texts(corpus.train(), corpus.valid(), corpus.test()), corpus.alphabet().symbols(),
                kind == CharAlphabet.Kind.CODEPOINTS ? dev.lstmlm.data.CodePointAlphabet.UNKNOWN : -1);
    }

    private static Setup setup(TrainConfig config, RunDirectory run, Compute compute, Options options) {
        Loaded loaded = load(config, options.dataDir());
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
        Trainer.Settings settings = new Trainer.Settings(options.threads(), compute.gemm().name(),
                (long) (options.saveEveryMinutes() * 60e9), options.saveEveryBatches(), options.commit(), sample, options.listener());
        TrainingLoop loop = udacity
                ? new UdacityTrainer(TrainableModel.of(model), config, loaded.texts(), metadata, run, settings, options.out(),
                        options.stop(), System::nanoTime)
                : new Trainer(TrainableModel.of(model), config, loaded.texts(), metadata, run, settings, options.out(),
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
