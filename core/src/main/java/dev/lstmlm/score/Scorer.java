package dev.lstmlm.score;

import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.tensor.Compute;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Log-probabilities of texts under a trained model, each text scored on its own from the start
 * context that generation uses: from the zero state the model reads the start symbol, then every
 * token of the text is scored from the ones before it, and the end symbol is scored last (as
 * KenLM scores {@code </s>}). For a word model the start and end symbol is {@code <eos>}, for a
 * code-point character model the line break, and for the 27-symbol Udacity alphabet, which has
 * none, the space. Tokens the model does not know are scored as {@code <unk>} (or the unknown
 * character) and counted as OOVs. An empty text scores its end symbol alone.
 *
 * <p>Texts are scored in batches of similar length (see {@link BatchScorer}), so that the work is
 * matrix-matrix; the scores do not depend on the batch beyond float rounding.
 *
 * <p>Thread-safe: load once and call {@link #score} from any number of threads. Calls take turns
 * on the one model, whose matrix products run on the threads of its {@link Compute}.
 */
public final class Scorer {
    private final BatchScorer scorer;
    private final ReentrantLock lock = new ReentrantLock();
    private final int vocabSize;

    /** Scores with {@code model}, tokenizing as the checkpoint metadata {@code metadata} says. */
    public Scorer(LanguageModel model, CheckpointMetadata metadata) {
        if (model.config().vocabSize() != metadata.vocabulary().size()) {
            throw new IllegalArgumentException("the model has " + model.config().vocabSize() + " outputs but the vocabulary "
                    + metadata.vocabulary().size() + " entries");
        }
        this.scorer = new BatchScorer(model, TextEncoder.of(metadata));
        this.vocabSize = model.config().vocabSize();
    }

    /** The model of a checkpoint, computing with {@code compute}. */
    public static Scorer load(Path checkpoint, Compute compute) {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, compute);
        return new Scorer(loaded.model(), loaded.metadata());
    }

    /** The model of a checkpoint on {@code threads} threads. */
    public static Scorer load(Path checkpoint, int threads) {
        return load(checkpoint, Compute.create(threads));
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** Whether tokens are words (else characters). */
    public boolean words() {
        return scorer.encoder().words();
    }

    /** One score per text, in order, {@link ScoreOptions#DEFAULT_BATCH} texts per batch. */
    public List<LineScore> score(List<String> texts) {
        return score(texts, ScoreOptions.lines());
    }

    /** One score per text, in order. */
    public List<LineScore> score(List<String> texts, ScoreOptions options) {
        lock.lock();
        try {
            return scorer.score(texts, options);
        } finally {
            lock.unlock();
        }
    }

    /** A stream scored with its state carried across lines (not thread-safe itself). */
    CarryScorer carry() {
        return scorer.carry();
    }

    /** The next lines of a carried stream, taking turns on the model with {@link #score}. */
    List<LineScore> carry(CarryScorer stream, List<String> lines, boolean endsStream, ScoreOptions options) {
        lock.lock();
        try {
            return stream.score(lines, endsStream, options);
        } finally {
            lock.unlock();
        }
    }

    /** The score of one text. */
    public LineScore score(String text) {
        return score(List.of(text), ScoreOptions.lines()).getFirst();
    }
}
