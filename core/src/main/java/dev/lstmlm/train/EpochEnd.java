package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an epoch's validation does besides measuring, for the options after 2014: under NT-ASGD
 * ({@link AveragedSgd}) the averaged weights are validated and saved as the best model, and until
 * the averaging starts every loss is reported to its trigger; the plateau schedule
 * ({@link PlateauDecay}) is told every loss. With neither, nothing happens. Their state goes into
 * a checkpoint beside the optimizer's.
 */
final class EpochEnd {
    /** Null unless the optimizer is NT-ASGD. */
    private final AveragedSgd averaged;
    /** Null unless the schedule is the plateau one. */
    private final PlateauDecay plateau;

    EpochEnd(Optimizer optimizer, LearningRateSchedule rates) {
        this.averaged = optimizer instanceof AveragedSgd a ? a : null;
        this.plateau = rates instanceof PlateauDecay p ? p : null;
    }

    /** Whether the weights are being averaged: validation, the saved model and the test then use the average. */
    boolean averaging() {
        return averaged != null && averaged.averaging();
    }

    /** Puts the average in place of the trained weights when averaging; returns whether it did (undo with {@link #restore}). */
    boolean useAverage(ParameterStore params) {
        if (!averaging()) return false;
        averaged.swapAverage(params);
        return true;
    }

    /** Puts the trained weights back after {@link #useAverage}. */
    void restore(ParameterStore params) {
        averaged.swapAverage(params);
    }

    /**
     * Reports a validation perplexity.
     *
     * @param bestBefore the best perplexity of the earlier epochs, NaN before the first
     * @param ofAverage whether the average was validated (NT-ASGD's trigger only sees the trained weights)
     */
    void validated(double ppl, double bestBefore, boolean ofAverage) {
        if (plateau != null) plateau.validated(Math.log(ppl), Double.isNaN(bestBefore) ? Double.NaN : Math.log(bestBefore));
        if (averaged != null && !ofAverage) averaged.validated(Math.log(ppl));
    }

    /** The optimizer's state arrays with the schedule's beside them. */
    Map<String, float[]> state(Map<String, float[]> optimizerState) {
        if (plateau == null) return optimizerState;
        Map<String, float[]> all = new LinkedHashMap<>(optimizerState);
        all.putAll(plateau.state());
        return all;
    }
}
