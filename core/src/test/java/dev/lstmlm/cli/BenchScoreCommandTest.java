package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchScoreCommandTest {
    @Test
    void scoresThePtbTestSetInWholePassesAndPrintsTheRatesAsJson() throws IOException {
        Path data = TestData.require("ptb/ptb.test.txt").getParent().getParent();
        CliRun r = CliRun.of("bench", "score", "--preset", "ptb-test", "--seconds", "0.3", "--warmup-seconds", "0",
                "--threads", "1", "--json", "--data-dir", data.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(r.out());
        long passes = n.get("passes").asLong();
        assertThat(passes).isPositive();
        assertThat(n.get("lines").asLong()).isEqualTo(3761 * passes);
        assertThat(n.get("tokens").asLong()).as("every word and every line's <eos>").isEqualTo(82_430 * passes);
        assertThat(n.get("tokens_per_second").asDouble()).isPositive();
        // an untrained model is close to uniform over the 10,000 words
        assertThat(-n.get("logprob_per_pass").asDouble() / 82_430).isBetween(Math.log(10_000) - 0.1, Math.log(10_000) + 0.1);
    }
}
