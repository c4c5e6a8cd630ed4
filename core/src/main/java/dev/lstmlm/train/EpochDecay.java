package dev.lstmlm.train;

/**
 * {@code initial × decay^max(epoch − decayAfter, 0)}: constant for the first {@code decayAfter}
 * epochs, then multiplied by {@code decay} at the start of every further epoch. This is
 * ptb_word_lm.py's {@code lr_decay ** max(i + 1 - max_epoch, 0)} with {@code i + 1} the epoch.
 */
public record EpochDecay(double initial, double decay, int decayAfter) implements LearningRateSchedule {
    @Override
    public double rate(int epoch, long step) {
        return initial * Math.pow(decay, Math.max(epoch - decayAfter, 0));
    }
}
