package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a run of the udacity loop ({@link UdacityTrainer}) stands. The batch position follows from
 * {@code step} ({@link dev.lstmlm.data.UdacityBatcher#seek}), so this is all the loop carries.
 *
 * <p>In state.json ({@link StateJson}) it takes the fields the udacity loop has always written, so that
 * the runs of earlier versions resume: epoch 1 and batch {@code step} (the directory {@code ckpt-1-STEP}),
 * the loss sum and count since the last report as {@code epoch_cost} and {@code epoch_steps}, and the
 * last validation perplexity as {@code best_valid_ppl} with {@code best_epoch} 1 once there is one.
 *
 * @param step updates made so far
 * @param rngState the model's dropout generator
 * @param lossSum Σ of the mean window losses since the last report (nats)
 * @param lossCount the updates in that sum
 * @param lastValidPpl the validation perplexity of the last report, NaN before the first
 * @param elapsedSeconds training time of the whole run so far (time while stopped not counted)
 * @param threads the thread count of the run; results are only bit-identical at the same count
 */
public record StepState(long step, long rngState, double lossSum, long lossCount, double lastValidPpl, double elapsedSeconds,
                        int threads) implements LoopState {

    /** The state of a run that has not trained yet. */
    public static StepState start(long rngState, int threads) {
        return new StepState(0, rngState, 0, 0, Double.NaN, 0, threads);
    }

    @Override
    public String checkpointName() {
        return "ckpt-1-" + step;
    }

    @Override
    public String position() {
        return "step " + step;
    }

    @Override
    public ObjectNode toJson() {
        return new StateJson(1, (int) step, step, rngState, lossSum, lossCount, 0, lastValidPpl, Double.isNaN(lastValidPpl) ? 0 : 1,
                elapsedSeconds, threads).toJson();
    }

    /** Parses {@link #toJson}'s output; throws IllegalArgumentException naming a missing or bad field. */
    public static StepState fromJson(JsonNode n) {
        StateJson s = StateJson.fromJson(n);
        return new StepState(s.step(), s.rngState(), s.epochCost(), s.epochSteps(), s.bestValidPpl(),
                s.elapsedSeconds(), s.threads());
    }
}
