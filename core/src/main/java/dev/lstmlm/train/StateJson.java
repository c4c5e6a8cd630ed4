package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The layout of {@code state.json}, the file of every checkpoint directory that says where the run
 * stood: one layout for both loops, so that the checkpoints of every version so far resume. Each
 * loop reads and writes it through its own record ({@link EpochState}, {@link StepState}); the field
 * meanings below are the epoch loop's, the udacity loop's mapping is {@link StepState}'s.
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
record StateJson(int epoch, int batch, long step, long rngState, double epochCost, long epochSteps,
                 double epochSeconds, double bestValidPpl, int bestEpoch, double elapsedSeconds, int threads) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("epoch", "batch", "step", "rng_state", "epoch_cost", "epoch_steps",
            "epoch_seconds", "best_valid_ppl", "best_epoch", "elapsed_seconds", "threads");

    boolean hasBest() {
        return bestEpoch > 0;
    }

    ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("epoch", epoch);
        n.put("batch", batch);
        n.put("step", step);
        n.put("rng_state", rngState);
        n.put("epoch_cost", epochCost);
        n.put("epoch_steps", epochSteps);
        n.put("epoch_seconds", epochSeconds);
        if (hasBest()) {
            n.put("best_valid_ppl", bestValidPpl);
        } else {
            n.putNull("best_valid_ppl");
        }
        n.put("best_epoch", bestEpoch);
        n.put("elapsed_seconds", elapsedSeconds);
        n.put("threads", threads);
        return n;
    }

    /** Parses {@link #toJson}'s output; throws IllegalArgumentException naming a missing or bad field. */
    static StateJson fromJson(JsonNode n) {
        for (String k : KEYS) {
            if (n == null || !n.has(k)) throw new IllegalArgumentException("field " + k + " is missing");
            if (!k.equals("best_valid_ppl") && !n.get(k).isNumber()) throw new IllegalArgumentException("field " + k + " is not a number");
        }
        for (String k : List.of("epoch", "threads")) {
            if (n.get(k).longValue() < 1) throw new IllegalArgumentException("field " + k + " is " + n.get(k) + " where it must be 1 or more");
        }
        for (String k : List.of("batch", "step", "epoch_steps", "best_epoch")) {
            if (n.get(k).longValue() < 0) throw new IllegalArgumentException("field " + k + " is " + n.get(k) + " where it must be 0 or more");
        }
        if (n.get("batch").longValue() > n.get("step").longValue()) {
            throw new IllegalArgumentException("field batch is " + n.get("batch") + ", beyond the " + n.get("step") + " updates made");
        }
        JsonNode best = n.get("best_valid_ppl");
        return new StateJson(n.get("epoch").intValue(), n.get("batch").intValue(), n.get("step").longValue(),
                n.get("rng_state").longValue(), n.get("epoch_cost").doubleValue(), n.get("epoch_steps").longValue(),
                n.get("epoch_seconds").doubleValue(), best.isNumber() ? best.doubleValue() : Double.NaN,
                n.get("best_epoch").intValue(), n.get("elapsed_seconds").doubleValue(), n.get("threads").intValue());
    }
}
