package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Where a run of the epoch loop ({@link Trainer}) stands.
 *
 * @param epoch the epoch in progress, from 1; {@code epochs + 1} once training is over
 * @param batch the next training window of that epoch; the epoch size once its training pass is done
 *     and only validation remains
 * @param step updates made so far over the whole run
 * @param rngState the model's dropout generator
 * @param epochCost Σ of the window costs of this epoch so far (nats)
 * @param epochSteps Σ of T over those windows (TF's {@code iters})
 * @param epochSeconds training time of this epoch so far
 * @param bestValidPpl the lowest validation perplexity so far, NaN before the first validation
 * @param bestEpoch the epoch that reached it, 0 before the first validation
 * @param elapsedSeconds training time of the whole run so far (time while stopped not counted)
 * @param threads the thread count of the run; results are only bit-identical at the same count
 */
public record EpochState(int epoch, int batch, long step, long rngState, double epochCost, long epochSteps,
                         double epochSeconds, double bestValidPpl, int bestEpoch, double elapsedSeconds, int threads)
        implements LoopState {

    /** The state of a run that has not trained yet. */
    public static EpochState start(long rngState, int threads) {
        return new EpochState(1, 0, 0, rngState, 0, 0, 0, Double.NaN, 0, 0, threads);
    }

    public boolean hasBest() {
        return bestEpoch > 0;
    }

    @Override
    public String checkpointName() {
        return "ckpt-" + epoch + "-" + batch;
    }

    @Override
    public String position() {
        return String.format(Locale.ROOT, "epoch %d, batch %d (update %d)", epoch, batch, step);
    }

    /** state.json field by field: this record is the layout's own reading. */
    @Override
    public ObjectNode toJson() {
        return new StateJson(epoch, batch, step, rngState, epochCost, epochSteps, epochSeconds, bestValidPpl, bestEpoch,
                elapsedSeconds, threads).toJson();
    }

    /** Parses {@link #toJson}'s output; throws IllegalArgumentException naming a missing or bad field. */
    public static EpochState fromJson(JsonNode n) {
        StateJson s = StateJson.fromJson(n);
        return new EpochState(s.epoch(), s.batch(), s.step(), s.rngState(), s.epochCost(), s.epochSteps(), s.epochSeconds(),
                s.bestValidPpl(), s.bestEpoch(), s.elapsedSeconds(), s.threads());
    }
}
