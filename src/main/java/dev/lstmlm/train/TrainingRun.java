package dev.lstmlm.train;

import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Gemm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts or resumes a word-level training run: loads the corpus, builds and initializes the model,
 * writes or reads the run's config and checkpoint, and hands over to the {@link Trainer}. This is
 * the library behind {@code lstmlm train}.
 */
public final class TrainingRun {
    private TrainingRun() {}

    /**
     * @param dataDir where the corpora are (see dev.lstmlm.data.DataDir)
     * @param threads threads of {@code gemm}, recorded with the run
     * @param saveEveryMinutes a checkpoint at least this often during an epoch; 0 for epoch ends only
     * @param saveEveryBatches also a checkpoint every this many updates; 0 for none
     * @param commit source revision recorded in the summary; may be null
     * @param out progress and results
     * @param live whether {@code out} is a terminal
     * @param stop polled between batches; see {@link GracefulStop}
     */
    public record Options(Path dataDir, int threads, double saveEveryMinutes, int saveEveryBatches, String commit,
                          PrintWriter out, boolean live, BooleanSupplier stop) {}

    /** A new run of {@code config} in the empty directory {@code run}. */
    public static Trainer.Outcome start(TrainConfig config, RunDirectory run, Gemm gemm, Options options) throws IOException {
        run.writeConfig(config);
        Setup s = setup(config, run, gemm, options);
        s.model.initUniform((float) config.initScale(), config.seed());
        s.model.rngState(dropoutSeed(config.seed()));
        TrainerState state = TrainerState.start(s.model.rngState(), options.threads());
        return s.trainer.run(state, s.model.newState(config.batchSize()));
    }

    /** Continues {@code run} from its latest checkpoint, with the config it started with. */
    public static Trainer.Outcome resume(RunDirectory run, Gemm gemm, Options options) throws IOException {
        TrainConfig config = run.readConfig();
        Setup s = setup(config, run, gemm, options);
        LanguageModel.State carried = s.model.newState(config.batchSize());
        TrainerState state = run.restore(s.model.params(), carried, s.trainer.stateShape());
        options.out().printf(Locale.ROOT, "resuming at epoch %d, batch %d (update %d) from %s%n", state.epoch(),
                state.batch(), state.step(), run.latestCheckpoint().orElseThrow());
        if (state.threads() != options.threads()) {
            options.out().printf(Locale.ROOT, "note: the run used %d threads and continues with %d; the result is as good"
                    + " but not bit-identical to an uninterrupted run (pass --threads %d for that)%n",
                    state.threads(), options.threads(), state.threads());
        }
        return s.trainer.run(state, carried);
    }

    /** The dropout generator's start, derived from the seed so that its stream differs from the initializer's. */
    static long dropoutSeed(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private record Setup(LanguageModel model, Trainer trainer) {}

    private static Setup setup(TrainConfig config, RunDirectory run, Gemm gemm, Options options) {
        WordCorpus corpus = WordCorpus.load(options.dataDir(), config.corpus());
        ModelConfig modelConfig = config.modelConfig(corpus.vocabulary().size());
        LanguageModel model = new LanguageModel(modelConfig, gemm);
        CheckpointMetadata metadata = new CheckpointMetadata(modelConfig, TokenizerKind.WORD, corpus.vocabulary().words(),
                Map.of("train_config", config.toJson().toString()));
        Trainer.Texts texts = new Trainer.Texts(corpus.train(), corpus.valid().orElse(null), corpus.test().orElse(null));
        Trainer.Settings settings = new Trainer.Settings(options.threads(), gemm.name(),
                (long) (options.saveEveryMinutes() * 60e9), options.saveEveryBatches(), options.commit());
        Trainer trainer = new Trainer(TrainableModel.of(model), config, texts, metadata, run, settings, options.out(),
                options.live(), options.stop(), System::nanoTime);
        options.out().printf(Locale.ROOT, "%s: %d x %d LSTM, vocabulary %d, %,d parameters, %d epochs of %d x %d windows,"
                        + " %d threads (%s)%n", config.preset(), config.layers(), config.hiddenSize(), modelConfig.vocabSize(),
                model.params().size(), config.epochs(), config.batchSize(), config.numSteps(), options.threads(), gemm.name());
        return new Setup(model, trainer);
    }
}
