package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir Path dir;

    @Test
    void aMissingModelIsOneSentenceAndExitCode2() {
        CliRun run = CliRun.of("serve", "--model", dir.resolve("none.safetensors").toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.messages()).startsWith("error: ").contains("none.safetensors");
    }

    @Test
    void aPortOutOfRangeIsRejected() {
        CliRun run = CliRun.of("serve", "--model", "m.safetensors", "--port", "70000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--port must be between 0 and 65535, got 70000");
    }
}
