package dev.lstmlm.train;

import java.util.Map;

/**
 * The schedule of PyTorch's word_language_model example (main.py: "Anneal the learning rate if no
 * improvement has been seen in the validation dataset"): the rate starts at {@code initial} and is
 * divided by {@code factor} (4 there) after every epoch whose validation loss is not below the best
 * one before it. The divisions made so far are its state, kept in a checkpoint ({@link #state}) so
 * that a resumed run continues at the same rate.
 */
public final class PlateauDecay implements LearningRateSchedule {
    private final double initial;
    private final double factor;
    /** [divisions so far], a float as the other optimizer state arrays (exact up to 2^24). */
    private final float[] divisions = new float[1];

    public PlateauDecay(double initial, double factor) {
        if (!(initial > 0) || !(factor >= 1)) throw new IllegalArgumentException("need a positive rate and a factor of at least 1, got " + initial + ", " + factor);
        this.initial = initial;
        this.factor = factor;
    }

    @Override
    public double rate(int epoch, long step) {
        return initial / Math.pow(factor, divisions[0]);
    }

    /**
     * After an epoch's validation: divides the rate when {@code loss} is not below {@code bestBefore}
     * (NaN before the first validation, which always counts as an improvement).
     *
     * @return whether the rate was divided
     */
    public boolean validated(double loss, double bestBefore) {
        if (Double.isNaN(bestBefore) || loss < bestBefore) return false;
        divisions[0]++;
        return true;
    }

    /** The arrays a checkpoint keeps, by name. */
    public Map<String, float[]> state() {
        return Map.of("plateau.divisions", divisions);
    }
}
