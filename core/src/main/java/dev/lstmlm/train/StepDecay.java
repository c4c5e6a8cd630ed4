package dev.lstmlm.train;

/**
 * {@code initial × decay^floor(step / every)}: the rate drops by the factor {@code decay} after
 * every {@code every} updates. This is TensorFlow's
 * {@code tf.train.exponential_decay(initial, global_step, every, decay, staircase=True)} with
 * {@code global_step} the number of updates made before this one, as the Udacity 6_lstm notebook
 * uses it (10 × 0.1^floor(step / 5000)).
 */
public record StepDecay(double initial, double decay, long every) implements LearningRateSchedule {
    public StepDecay {
        if (every < 1) throw new IllegalArgumentException("the decay interval must be at least 1 update, got " + every);
    }

    @Override
    public double rate(int epoch, long step) {
        return initial * Math.pow(decay, Math.floorDiv(step, every));
    }
}
