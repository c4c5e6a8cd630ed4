package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LoopStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A state.json of the epoch loop as the versions before EpochState wrote it (TrainerState, toPrettyString). */
    private static final String EPOCH_FILE = """
            {
              "epoch" : 3,
              "batch" : 1234,
              "step" : 5880,
              "rng_state" : -7046029254386353131,
              "epoch_cost" : 6543.219876543211,
              "epoch_steps" : 24680,
              "epoch_seconds" : 61.123456789,
              "best_valid_ppl" : 118.98765432101234,
              "best_epoch" : 2,
              "elapsed_seconds" : 1234.5,
              "threads" : 2
            }""";

    /** A state.json of the udacity loop as those versions wrote it: epoch 1, batch = step, the report's sums in epoch_*. */
    private static final String STEP_FILE = """
            {
              "epoch" : 1,
              "batch" : 137,
              "step" : 137,
              "rng_state" : 42,
              "epoch_cost" : 81.03125,
              "epoch_steps" : 37,
              "epoch_seconds" : 0.0,
              "best_valid_ppl" : 7.25,
              "best_epoch" : 1,
              "elapsed_seconds" : 12.5,
              "threads" : 1
            }""";

    @Test
    void roundTripsThroughJsonExactly() throws Exception {
        EpochState s = new EpochState(3, 1234, 5880, -7046029254386353131L, 6543.219876543211, 24680, 61.123456789,
                118.98765432101234, 2, 1234.5, 2);
        String json = JSON.writeValueAsString(s.toJson());
        assertThat(EpochState.fromJson(JSON.readTree(json))).isEqualTo(s);
        StepState t = new StepState(5880, -7046029254386353131L, 6543.219876543211, 24, 118.98765432101234, 1234.5, 2);
        assertThat(StepState.fromJson(JSON.readTree(JSON.writeValueAsString(t.toJson())))).isEqualTo(t);
    }

    @Test
    void readsAndWritesTheEpochLoopsFilesOfEarlierVersions() throws Exception {
        EpochState s = EpochState.fromJson(JSON.readTree(EPOCH_FILE));
        assertThat(s).isEqualTo(new EpochState(3, 1234, 5880, -7046029254386353131L, 6543.219876543211, 24680, 61.123456789,
                118.98765432101234, 2, 1234.5, 2));
        assertThat(s.toJson().toPrettyString()).isEqualTo(EPOCH_FILE);
        assertThat(s.checkpointName()).isEqualTo("ckpt-3-1234");
    }

    @Test
    void readsAndWritesTheUdacityLoopsFilesOfEarlierVersions() throws Exception {
        StepState s = StepState.fromJson(JSON.readTree(STEP_FILE));
        assertThat(s).isEqualTo(new StepState(137, 42, 81.03125, 37, 7.25, 12.5, 1));
        assertThat(s.toJson().toPrettyString()).isEqualTo(STEP_FILE);
        assertThat(s.checkpointName()).isEqualTo("ckpt-1-137");
        assertThat(LoopState.reader(TrainConfig.Loop.UDACITY).apply(JSON.readTree(STEP_FILE))).isEqualTo(s);
    }

    @Test
    void writesNoBestAsNull() {
        EpochState s = EpochState.start(5, 1);
        assertThat(s.toJson().get("best_valid_ppl").isNull()).isTrue();
        assertThat(EpochState.fromJson(s.toJson())).isEqualTo(s);
        assertThat(s.hasBest()).isFalse();
        StepState t = StepState.start(5, 1);
        assertThat(t.toJson().get("best_valid_ppl").isNull()).isTrue();
        assertThat(t.toJson().get("best_epoch").intValue()).isZero();
        assertThat(StepState.fromJson(t.toJson())).isEqualTo(t);
    }

    @Test
    void namesAMissingField() {
        var n = EpochState.start(5, 1).toJson();
        n.remove("rng_state");
        assertThatThrownBy(() -> EpochState.fromJson(n)).hasMessage("field rng_state is missing");
        assertThatThrownBy(() -> StepState.fromJson(n)).hasMessage("field rng_state is missing");
    }
}
