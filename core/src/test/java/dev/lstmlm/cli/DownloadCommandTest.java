package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.LocalServer;
import dev.lstmlm.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadCommandTest {
    @TempDir Path data;

    @Test
    void fetchesFromTheMirrorAndSkipsWhatIsPresent() throws IOException {
        byte[] real = Files.readAllBytes(TestData.require("tinyshakespeare/input.txt"));
        try (LocalServer server = new LocalServer().serve("input.txt", real)) {
            String[] args = {"download", "tinyshakespeare", "--data-dir", data.toString(), "--mirror", server.base().toString()};
            CliRun first = CliRun.of(args);
            CliRun second = CliRun.of(args);

            assertThat(first.exitCode()).isZero();
            assertThat(first.err()).contains("fetching " + server.base() + "input.txt").contains("SHA-256 checked");
            assertThat(data.resolve("tinyshakespeare/input.txt")).hasBinaryContent(real);
            assertThat(second.exitCode()).isZero();
            assertThat(second.err()).contains("tinyshakespeare: already in");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void corruptDownloadExitsTwoAndLeavesNothing() throws IOException {
        try (LocalServer server = new LocalServer().serve("input.txt", new byte[1_115_394])) {
            CliRun run = CliRun.of("download", "tinyshakespeare", "--data-dir", data.toString(), "--mirror",
                    server.base().toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("error: tinyshakespeare/input.txt from " + server.base() + "input.txt has SHA-256");
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void unknownCorpusListsTheValidOnesBeforeFetchingAnything() {
        CliRun run = CliRun.of("download", "ptb", "wiki", "--data-dir", data.toString(), "--mirror", "http://127.0.0.1:9/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: unknown corpus \"wiki\"; choose one of ptb, tinyshakespeare, text8\n");
    }
}
