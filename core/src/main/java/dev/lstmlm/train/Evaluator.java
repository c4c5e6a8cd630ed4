package dev.lstmlm.train;

import dev.lstmlm.data.PtbBatcher;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.model.LanguageModel;
import java.util.function.BooleanSupplier;

/**
 * Scores a model on a token sequence the way ptb_word_lm.py's {@code run_epoch} does: the sum of the
 * window costs over the sum of the window lengths, perplexity = exp of that. Dropout is off and
 * nothing is learned.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Σ cost (nats, each step's cost the batch-mean cross-entropy) over Σ steps. */
    public record Score(double cost, long steps) {
        /** Mean cross-entropy per predicted token, in nats. */
        public double loss() {
            return cost / steps;
        }

        public double perplexity() {
            return Math.exp(loss());
        }

        /** Mean cross-entropy in bits: bits per character for character models. */
        public double bitsPerToken() {
            return loss() / Math.log(2);
        }
    }

    /** Thrown out of a scoring loop when a stop was requested; the trainer catches it. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stop requested", null, false, false);
        }
    }

    /**
     * TF's evaluation with B rows of T steps ({@link PtbBatcher}), the state zeroed at the start and
     * carried across windows: the validation of ptb_word_lm.py (with the training batch shape).
     */
    public static Score batched(TrainableModel model, TokenSequence data, int batchSize, int numSteps, BooleanSupplier stop) {
        PtbBatcher batcher = new PtbBatcher(data, batchSize, numSteps);
        LanguageModel.State state = model.newState(batchSize);
        int[] x = new int[batchSize * numSteps]; // (T,B)
        int[] y = new int[batchSize * numSteps]; // (T,B)
        double cost = 0;
        long steps = 0;
        for (int i = 0; i < batcher.epochSize(); i++) {
            if (stop.getAsBoolean()) throw new Stopped();
            batcher.window(i, x, y);
            cost += model.evalWindow(x, y, numSteps, batchSize, state);
            steps += numSteps;
        }
        return new Score(cost, steps);
    }

    /**
     * One row over the whole sequence, every token but the first predicted from all before it: the
     * result of TF's test run with batch 1 and num_steps 1 ({@code size - 1} predictions), computed
     * {@code chunk} steps per window (and a shorter last window) because one step per call would
     * spend most of its time on per-call overhead.
     */
    public static Score sequential(TrainableModel model, TokenSequence data, int chunk, BooleanSupplier stop) {
        if (data.size() < 2) {
            throw new dev.lstmlm.UserError("the text has " + data.size() + " tokens but scoring needs at least 2; use a longer text");
        }
        LanguageModel.State state = model.newState(1);
        int[] x = new int[chunk]; // (T,1)
        int[] y = new int[chunk]; // (T,1)
        int predictions = data.size() - 1;
        double cost = 0;
        for (int start = 0; start < predictions; start += chunk) {
            if (stop.getAsBoolean()) throw new Stopped();
            int steps = Math.min(chunk, predictions - start);
            for (int t = 0; t < steps; t++) {
                x[t] = data.get(start + t);
                y[t] = data.get(start + t + 1);
            }
            cost += model.evalWindow(x, y, steps, 1, state);
        }
        return new Score(cost, predictions);
    }

    /**
     * The validation of the Udacity 6_lstm notebook: one row from a zero state, every character
     * predicted from the one before it and the first from the last, because its
     * {@code BatchGenerator(valid_text, 1, 1)} wraps around: {@code size} predictions in all,
     * computed {@code chunk} steps per window.
     */
    public static Score cyclic(TrainableModel model, TokenSequence data, int chunk, BooleanSupplier stop) {
        int n = data.size();
        if (n < 2) {
            throw new dev.lstmlm.UserError("the validation text has " + n + " characters but scoring needs at least 2; use a longer text");
        }
        LanguageModel.State state = model.newState(1);
        int[] x = new int[chunk]; // (T,1)
        int[] y = new int[chunk]; // (T,1)
        double cost = 0;
        for (int start = 0; start < n; start += chunk) {
            if (stop.getAsBoolean()) throw new Stopped();
            int steps = Math.min(chunk, n - start);
            for (int t = 0; t < steps; t++) {
                x[t] = data.get(start + t);
                y[t] = data.get((start + t + 1) % n);
            }
            cost += model.evalWindow(x, y, steps, 1, state);
        }
        return new Score(cost, n);
    }
}
