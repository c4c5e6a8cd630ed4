package dev.lstmlm.score;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.WorkerPool;
import java.util.function.IntConsumer;

/**
 * The log-probability of every target of a (T,B) window in one batched forward, and on request the
 * N most likely tokens of every row: the kernel of {@link BatchScorer} and of the stream scored
 * with {@code --carry}.
 *
 * <p>The model writes the logits of all T·B rows with one decoder product; the rows are then
 * reduced in {@link #BLOCKS} blocks on the model's worker pool, each a vectorised log-sum-exp
 * ({@link Kernels#crossEntropy}) and, for the N best, one pass that keeps a sorted list of N. A
 * row whose target is negative is padding and is skipped. Every buffer is made once, so a window
 * allocates nothing.
 *
 * <p>Not thread-safe.
 */
final class WindowScorer implements IntConsumer {
    /** Blocks of rows per window, shared among the pool's threads. */
    static final int BLOCKS = 16;
    /** The logits of one window take at most this many floats (64 MB), unless a batch needs more rows. */
    static final int LOGIT_BUDGET = 1 << 24;
    /** Rows per window when V is small. */
    static final int MAX_ROWS = 1024;

    private final LanguageModel model;
    private final WorkerPool pool;
    private final Kernels kernels;
    private final int vocab;
    /** T·B of the largest window. */
    final int maxRows;
    /** (maxRows, V) */
    private final float[] logits;
    /** (maxRows) log-probability of each row's target, in nats. */
    final double[] logprob;
    /** The N of the last window, and (maxRows, N) the N most likely ids and their log-probabilities, best first. */
    int top;
    int[] topIds = new int[0];
    float[] topLogprobs = new float[0];
    private int[] targets;
    private int rows;
    private int blocks;

    WindowScorer(LanguageModel model, int minRows) {
        this.model = model;
        this.pool = model.compute().pool();
        this.kernels = model.compute().kernels();
        this.vocab = model.config().vocabSize();
        this.maxRows = rowsFor(vocab, minRows);
        this.logits = new float[Math.multiplyExact(maxRows, vocab)];
        this.logprob = new double[maxRows];
    }

    /** Rows per window for a vocabulary of V: at least {@code minRows} (one step of a whole batch). */
    static int rowsFor(int vocab, int minRows) {
        return Math.max(minRows, Math.min(MAX_ROWS, LOGIT_BUDGET / vocab));
    }

    /**
     * Feeds x (T,B) from {@code state} (which advances) and fills {@link #logprob} for every row
     * whose target y (T,B) is not negative, and with {@code top} &gt; 0 its {@code top} best tokens.
     */
    void run(int[] x, int[] y, int steps, int batch, LanguageModel.State state, int top) {
        rows = steps * batch;
        if (rows > maxRows) throw new IllegalArgumentException("a window of " + rows + " rows exceeds " + maxRows);
        for (int r = 0; r < rows; r++) {
            if (y[r] >= vocab) throw new IllegalArgumentException("target " + y[r] + " is outside the vocabulary [0, " + vocab + ")");
        }
        if (top > vocab) top = vocab;
        if (topIds.length < maxRows * top) {
            topIds = new int[maxRows * top];
            topLogprobs = new float[maxRows * top];
        }
        this.top = top;
        model.logits(x, steps, batch, state, logits);
        targets = y;
        blocks = Math.min(rows, BLOCKS);
        try {
            pool.forEachChunk(blocks, this);
        } finally {
            targets = null;
        }
    }

    @Override
    public void accept(int block) {
        int r0 = (int) ((long) rows * block / blocks), r1 = (int) ((long) rows * (block + 1) / blocks);
        for (int r = r0; r < r1; r++) {
            int y = targets[r];
            if (y < 0) continue;
            int off = r * vocab;
            double ce = kernels.crossEntropy(logits, off, vocab, y, null, 0);
            logprob[r] = -ce;
            if (top > 0) best(off, r * top, (float) (ce + logits[off + y]));
        }
    }

    /** The {@link #top} largest logits of the row at {@code off}, lowest id first among equals, as log-probabilities. */
    private void best(int off, int out, float logSumExp) {
        int n = top;
        int[] ids = topIds;
        float[] vals = topLogprobs;
        int filled = 0;
        float floor = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            float z = logits[off + j];
            if (filled == n && !(z > floor)) continue;
            int i = filled < n ? filled++ : n - 1;
            while (i > 0 && z > vals[out + i - 1]) {
                vals[out + i] = vals[out + i - 1];
                ids[out + i] = ids[out + i - 1];
                i--;
            }
            vals[out + i] = z;
            ids[out + i] = j;
            if (filled == n) floor = vals[out + n - 1];
        }
        for (int i = 0; i < n; i++) vals[out + i] -= logSumExp;
    }
}
