package dev.lstmlm.train;

/**
 * How long a run trains and when its learning rate decays: by epochs (the ptb loop, {@link Trainer})
 * or by updates (the udacity loop, {@link UdacityTrainer}). Each loop reads only its own kind.
 */
public sealed interface Schedule permits Schedule.Epochs, Schedule.Plateau, Schedule.Steps {
    /** The learning rate over the run, from {@code lr}. */
    LearningRateSchedule rates(double lr);

    /**
     * @param epochs ptb_word_lm's max_max_epoch
     * @param decayAfter ptb_word_lm's max_epoch: epochs at the initial rate
     * @param lrDecay the factor applied per epoch after them
     */
    record Epochs(int epochs, int decayAfter, double lrDecay) implements Schedule {
        @Override
        public LearningRateSchedule rates(double lr) {
            return new EpochDecay(lr, lrDecay, decayAfter);
        }
    }

    /**
     * Epochs at a rate divided by {@code factor} after every epoch whose validation did not improve
     * (PyTorch's word_language_model); the trainer reports each validation to the {@link PlateauDecay}.
     *
     * @param epochs epochs in all
     * @param factor the divisor, above 1
     */
    record Plateau(int epochs, double factor) implements Schedule {
        @Override
        public LearningRateSchedule rates(double lr) {
            return new PlateauDecay(lr, factor);
        }
    }

    /**
     * @param steps updates in all
     * @param decayEvery updates between two decays of the rate
     * @param lrDecay the factor of each decay
     */
    record Steps(int steps, int decayEvery, double lrDecay) implements Schedule {
        @Override
        public LearningRateSchedule rates(double lr) {
            return new StepDecay(lr, lrDecay, decayEvery);
        }
    }
}
