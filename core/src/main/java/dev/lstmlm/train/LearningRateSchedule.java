package dev.lstmlm.train;

/**
 * The learning rate of each update. Word-level presets decay per epoch ({@link EpochDecay}); other
 * recipes can decay per step, which is why both counters are passed.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /**
     * @param epoch the current epoch, counted from 1
     * @param step the number of updates made before this one, over the whole run
     */
    double rate(int epoch, long step);
}
