package dev.lstmlm.train;

/**
 * What the gradient is taken of, given the model's cost (the sum over the T steps of the batch-mean
 * cross-entropy). Perplexity is computed from the cost either way; only the gradient scale differs.
 */
public enum LossScaling {
    /** The cost itself, as ptb_word_lm.py ({@code reduce_sum(loss) / batch_size}). */
    SUM_OVER_STEPS("sum-over-steps"),
    /** The per-step mean (cost / T), as the Udacity notebook and PyTorch's word_language_model. */
    MEAN_OVER_STEPS("mean-over-steps");

    private final String id;

    LossScaling(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The factor the model's gradient is multiplied by for a window of {@code steps} steps. */
    public float scale(int steps) {
        return this == SUM_OVER_STEPS ? 1f : 1f / steps;
    }

    /** The scaling named {@code id}, or null. */
    static LossScaling fromId(String id) {
        for (LossScaling s : values()) {
            if (s.id.equals(id)) return s;
        }
        return null;
    }
}
