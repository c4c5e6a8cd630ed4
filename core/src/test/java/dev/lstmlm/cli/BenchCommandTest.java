package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.TestData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @ParameterizedTest
    @CsvSource({"train, words", "eval, words", "generate, tokens"})
    void printsAPositiveRateAsJson(String workload, String unit) throws IOException {
        Path ptb = TestData.require("ptb/ptb.train.txt").getParent().getParent();
        CliRun r = CliRun.of("bench", workload, "--preset", "ptb-test", "--seconds", "0.5", "--warmup-seconds", "0.2",
                "--threads", "1", "--peak", "100", "--json", "--data-dir", ptb.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo(CliRun.kernelsLine(1));
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("mode").asText()).isEqualTo(workload);
        assertThat(n.get("preset").asText()).isEqualTo("ptb-test");
        assertThat(n.get(unit + "_per_second").asDouble()).isPositive();
        assertThat(n.get(unit).asLong()).isPositive();
        assertThat(n.get("elapsed_seconds").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(n.get("peak_gflops").asDouble()).isEqualTo(100.0);
        assertThat(n.get("share_of_peak").asDouble()).isPositive();
    }

    @Test
    void aNonPositiveDurationIsAUserError() {
        CliRun r = CliRun.of("bench", "train", "--seconds", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --seconds must be positive, not 0.0\n");
    }

    @Test
    void anUnknownPresetIsAUserError() {
        CliRun r = CliRun.of("bench", "eval", "--preset", "ptb-huge");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown preset \"ptb-huge\"");
    }
}
