package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.LocalServer;
import dev.lstmlm.TestCorpora;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line fetches a known corpus the data directory lacks on first use, from the mirror
 * named by LSTMLM_MIRROR (here a server on 127.0.0.1), unless told to stay offline.
 */
class FirstUseCommandTest {
    @TempDir Path dir;
    private Path data;
    private LocalServer server;

    @BeforeEach
    void setUp() throws IOException {
        data = dir.resolve("data");
        server = new LocalServer();
        server.serve("simple-examples.tgz", TestCorpora.ptbArchive(TestCorpora.ptbFiles()));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ChildCli run(Map<String, String> env, String... args) throws IOException {
        return ChildCli.start(dir.resolve("out-" + System.nanoTime() + ".log"), env, args);
    }

    private Map<String, String> mirror() {
        return Map.of("LSTMLM_MIRROR", server.base().toString());
    }

    @Test
    void aMissingCorpusIsFetchedOnceAfterOneLineAndTheCommandRuns() throws Exception {
        ChildCli first = run(mirror(), "vocab", "--corpus", "ptb", "--data-dir", data.toString());
        assertThat(first.waitFor(120)).as(first.output()).isZero();
        String out = first.output();
        assertThat(out).contains("corpus ptb is not in " + data + " yet: fetching " + server.base()
                + "simple-examples.tgz (6.0 MB once unpacked) into " + data.resolve("ptb")
                + " (--offline or LSTMLM_OFFLINE=1 turns this off)\n");
        assertThat(out).contains("  " + data.resolve("ptb/ptb.train.txt") + " (5101618 bytes, SHA-256 checked)");
        assertThat(out).contains("\nthe\n");
        assertThat(files()).hasSize(3);

        ChildCli second = run(mirror(), "vocab", "--corpus", "ptb", "--data-dir", data.toString());
        assertThat(second.waitFor(120)).isZero();
        assertThat(second.output()).doesNotContain("fetching");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void offlineFlagFetchesNothingAndKeepsTheSentence() throws Exception {
        ChildCli child = run(mirror(), "train", "--preset", "ptb-small", "--data-dir", data.toString(), "--offline",
                "--run-dir", dir.resolve("run").toString());
        assertThat(child.waitFor(120)).isEqualTo(2);
        assertThat(child.output()).contains("error: corpus ptb is not in " + data + " (ptb/ptb.train.txt is missing);"
                + " run `lstmlm download ptb` or set LSTMLM_DATA to a directory that has it\n");
        assertThat(server.requests()).isZero();
        assertThat(data).doesNotExist();
    }

    @Test
    void offlineEnvironmentFetchesNothing() throws Exception {
        ChildCli child = run(Map.of("LSTMLM_MIRROR", server.base().toString(), "LSTMLM_OFFLINE", "1"),
                "vocab", "--corpus", "ptb", "--data-dir", data.toString());
        assertThat(child.waitFor(120)).isEqualTo(2);
        assertThat(child.output()).contains("error: corpus ptb is not in " + data);
        assertThat(server.requests()).isZero();
        assertThat(data).doesNotExist();
    }

    @Test
    void aDroppedConnectionLeavesNothingAndSaysHowToFetchByHand() throws Exception {
        server.cut("simple-examples.tgz", 500_000);
        ChildCli child = run(mirror(), "vocab", "--corpus", "ptb", "--data-dir", data.toString());
        assertThat(child.waitFor(120)).isEqualTo(2);
        List<String> errors = child.output().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).singleElement().asString()
                .startsWith("error: downloading " + server.base() + "simple-examples.tgz failed (")
                .endsWith("or fetch " + server.base() + "simple-examples.tgz by hand and extract ptb.train.txt,"
                        + " ptb.valid.txt and ptb.test.txt (in its simple-examples/data/) into " + data.resolve("ptb"));
        assertThat(child.output()).doesNotContain("\tat ");
        assertThat(files()).isEmpty();
    }

    @Test
    void downloadRefusesOffline() {
        CliRun run = CliRun.of("download", "ptb", "--data-dir", data.toString(), "--offline");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: download --offline would fetch nothing; drop --offline\n");
    }

    private List<Path> files() {
        if (!Files.exists(data)) return List.of();
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
