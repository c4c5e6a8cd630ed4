package dev.lstmlm.score;

import dev.lstmlm.UserError;

/**
 * How {@link Scorer} scores a list of texts.
 *
 * @param batchSize texts run side by side in one forward (padded to the longest of them); any
 *     value gives the same scores within float rounding, larger ones make the work matrix-matrix
 * @param perToken keep each token's text and log-probability
 * @param top with {@code perToken}: also the {@code top} most likely tokens at each position (0: none)
 */
public record ScoreOptions(int batchSize, boolean perToken, int top) {
    /** Texts per batch when none is given: enough rows for matrix-matrix work on two to eight cores. */
    public static final int DEFAULT_BATCH = 64;

    public ScoreOptions {
        if (batchSize < 1) throw new UserError("the batch size must be at least 1, got " + batchSize);
        if (top < 0) throw new UserError("the number of alternatives per token must be 0 or more, got " + top);
        if (top > 0 && !perToken) throw new UserError("alternatives per token (top " + top + ") need per-token scores; ask for both");
    }

    /** One log-probability per text, {@link #DEFAULT_BATCH} texts per batch. */
    public static ScoreOptions lines() {
        return new ScoreOptions(DEFAULT_BATCH, false, 0);
    }

    public ScoreOptions withBatchSize(int b) {
        return new ScoreOptions(b, perToken, top);
    }

    /** Per-token scores with the {@code top} most likely alternatives at each position. */
    public ScoreOptions withTokens(int top) {
        return new ScoreOptions(batchSize, true, top);
    }
}
