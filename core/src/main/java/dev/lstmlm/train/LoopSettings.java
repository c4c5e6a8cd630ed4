package dev.lstmlm.train;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a training loop is told besides its model, config and texts: what it runs on (recorded in the
 * summary), when it saves, what it prints and who listens. Made with {@link #of} and the
 * {@code with...} methods for the parts that are not the defaults (no periodic saves, no commit, no
 * samples, no listener, no budget).
 *
 * @param threads threads of the matrix products, recorded in the summary
 * @param gemmName the matrix product implementation, recorded in the summary
 * @param saveEveryNanos a checkpoint at least this often during an epoch; 0 for epoch ends only
 * @param saveEveryBatches also a checkpoint every this many updates; 0 for none
 * @param commit the source revision, recorded in the summary; may be null
 * @param sample the text generator of the log's samples; null for none
 * @param listener hears every batch (a live view)
 * @param budget when this session stops early ({@code --max-minutes}, {@code --max-batches})
 */
public record LoopSettings(int threads, String gemmName, long saveEveryNanos, int saveEveryBatches, String commit,
                           SampleText sample, TrainingListener listener, Budget budget) {
    public LoopSettings {
        if (listener == null) listener = TrainingListener.NONE;
        if (budget == null) budget = Budget.NONE;
    }

    /** Settings that save at epoch ends (and stops) only and print no samples. */
    public static LoopSettings of(int threads, String gemmName) {
        return new LoopSettings(threads, gemmName, 0, 0, null, null, TrainingListener.NONE, Budget.NONE);
    }

    /** The same, saving also every {@code nanos} (0: never by time) and every {@code batches} updates (0: never by count). */
    public LoopSettings withSaves(long nanos, int batches) {
        return new LoopSettings(threads, gemmName, nanos, batches, commit, sample, listener, budget);
    }

    public LoopSettings withCommit(String commit) {
        return new LoopSettings(threads, gemmName, saveEveryNanos, saveEveryBatches, commit, sample, listener, budget);
    }

    public LoopSettings withSample(SampleText sample) {
        return new LoopSettings(threads, gemmName, saveEveryNanos, saveEveryBatches, commit, sample, listener, budget);
    }

    public LoopSettings withBudget(Budget budget) {
        return new LoopSettings(threads, gemmName, saveEveryNanos, saveEveryBatches, commit, sample, listener, budget);
    }

    /** Whether a resume point is due after update {@code step}, {@code nowNanos} on the run's clock. */
    boolean saveDue(long step, long nowNanos, long lastSaveNanos) {
        return (saveEveryBatches > 0 && step % saveEveryBatches == 0)
                || (saveEveryNanos > 0 && nowNanos - lastSaveNanos >= saveEveryNanos);
    }

    /** Adds to a run's summary what it ran on: commit, JDK, threads and kernels. */
    void describe(ObjectNode summary) {
        summary.put("commit", commit);
        summary.put("jdk", Runtime.version().toString());
        summary.put("threads", threads);
        summary.put("gemm", gemmName);
    }
}
