package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * Where a run stands between two updates, besides the weights, the carried LSTM state and the
 * optimizer's state: enough to continue so that the run computes exactly what it would have without
 * the pause. One record per loop; both are saved as {@code state.json} in the one layout of
 * {@link StateJson}.
 */
public sealed interface LoopState permits EpochState, StepState {
    /** Updates made so far over the whole run. */
    long step();

    /** The model's dropout generator. */
    long rngState();

    /** Training time of the whole run so far (time while stopped not counted). */
    double elapsedSeconds();

    /** The thread count of the run; results are only bit-identical at the same count. */
    int threads();

    /** The name of the checkpoint directory of this point ({@code ckpt-E-B}). */
    String checkpointName();

    /** Where the run stands, for a person: "epoch 2, batch 17 (update 116)" or "step 137". */
    String position();

    ObjectNode toJson();

    /** The reader of the state.json files of {@code loop}'s runs; throws IllegalArgumentException naming a bad field. */
    static Function<JsonNode, LoopState> reader(TrainConfig.Loop loop) {
        return loop == TrainConfig.Loop.UDACITY ? StepState::fromJson : EpochState::fromJson;
    }
}
