package dev.lstmlm.train;

import dev.lstmlm.data.TokenSequence;

/**
 * The time left of a run of the epoch loop, for its progress lines: the rest of this epoch, the
 * later epochs at the time per batch so far, and a validation after each, timed by the last one or
 * (before the first) estimated from the training time per batch.
 */
final class RunEta {
    private final int totalEpochs;
    private final long validationWindows;
    private double lastValidationSeconds = Double.NaN;

    /** @param valid the validation text, or null */
    RunEta(int totalEpochs, TokenSequence valid, TrainConfig config) {
        this.totalEpochs = totalEpochs;
        this.validationWindows = valid == null ? 0 : Math.max(0, (valid.size() / config.batchSize() - 1) / config.numSteps());
    }

    /** The last validation took {@code seconds}. */
    void validated(double seconds) {
        lastValidationSeconds = seconds;
    }

    /** Seconds left of the run in {@code epoch} of {@code epochSize} batches, {@code epochEta} of it left in this epoch. */
    double run(int epoch, int epochSize, double epochEta, double secondsPerBatch) {
        int laterEpochs = totalEpochs - epoch;
        double validationSeconds = Double.isFinite(lastValidationSeconds) ? lastValidationSeconds
                : validationWindows * secondsPerBatch / 3; // forward only: about a third of a training window
        return epochEta + laterEpochs * epochSize * secondsPerBatch + (laterEpochs + 1) * validationSeconds;
    }
}
