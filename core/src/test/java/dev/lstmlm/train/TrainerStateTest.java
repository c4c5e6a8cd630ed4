package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TrainerStateTest {
    @Test
    void roundTripsThroughJsonExactly() throws Exception {
        TrainerState s = new TrainerState(3, 1234, 5880, -7046029254386353131L, 6543.219876543211, 24680, 61.123456789,
                118.98765432101234, 2, 1234.5, 2);
        String json = new ObjectMapper().writeValueAsString(s.toJson());
        assertThat(TrainerState.fromJson(new ObjectMapper().readTree(json))).isEqualTo(s);
    }

    @Test
    void writesNoBestAsNull() {
        TrainerState s = TrainerState.start(5, 1);
        assertThat(s.toJson().get("best_valid_ppl").isNull()).isTrue();
        assertThat(TrainerState.fromJson(s.toJson())).isEqualTo(s);
        assertThat(s.hasBest()).isFalse();
    }

    @Test
    void namesAMissingField() {
        var n = TrainerState.start(5, 1).toJson();
        n.remove("rng_state");
        assertThatThrownBy(() -> TrainerState.fromJson(n)).hasMessage("field rng_state is missing");
    }
}
