package dev.lstmlm.train;

/**
 * Hears a training run's progress as it happens, for a live view (the training dashboard of
 * {@code lstmlm train --ui}). Called on the training thread between two batches: an implementation
 * only hands the values on and returns. The per-epoch results and samples are in metrics.jsonl, which
 * a view reads from the run directory.
 */
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {};

    /**
     * After update {@code step} (batch {@code batch}, 1-based, of {@code epochSize} in {@code epoch}).
     *
     * @param loss the epoch's running cross-entropy per token (its exp is the running perplexity)
     * @param wordsPerSecond the epoch's rate so far
     * @param runEtaSeconds the estimated time left for the whole run, NaN while unknown
     */
    default void batch(int epoch, int batch, int epochSize, long step, double lr, double loss, double wordsPerSecond,
                       double epochEtaSeconds, double runEtaSeconds) {}
}
