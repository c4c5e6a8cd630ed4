package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.LocalServer;
import dev.lstmlm.TestCorpora;
import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A known corpus missing from the data directory is fetched where a command first needs it. */
class FirstUseTest {
    @TempDir Path data;
    private LocalServer server;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new LocalServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Runs {@code body} as a command does when it may fetch: with a first-use downloader bound. */
    private <T> T firstUse(Callable<T> body) throws Exception {
        Downloader d = new Downloader(Downloader.defaultClient(), server.base(), log::add);
        return ScopedValue.where(DataDir.FIRST_USE, d).call(body::call);
    }

    @Test
    void missingWordCorpusIsFetchedAnnouncedInOneLineAndThenFound() throws Exception {
        Map<String, byte[]> real = TestCorpora.ptbFiles();
        server.serve("simple-examples.tgz", TestCorpora.ptbArchive(real));

        WordFiles files = firstUse(() -> WordFiles.resolve(data, "ptb"));

        assertThat(files.train()).isEqualTo(data.resolve("ptb/ptb.train.txt")).hasBinaryContent(real.get("ptb.train.txt"));
        assertThat(files.valid()).hasBinaryContent(real.get("ptb.valid.txt"));
        assertThat(files.test()).hasBinaryContent(real.get("ptb.test.txt"));
        assertThat(log.getFirst()).isEqualTo("corpus ptb is not in " + data + " yet: fetching " + server.base()
                + "simple-examples.tgz (6.0 MB once unpacked) into " + data.resolve("ptb")
                + " (--offline or LSTMLM_OFFLINE=1 turns this off)");
        assertThat(log).filteredOn(l -> l.contains("% (")).hasSize(10);
        assertThat(log).filteredOn(l -> l.endsWith("SHA-256 checked)")).hasSize(3);

        log.clear();
        assertThat(firstUse(() -> WordFiles.resolve(data, "ptb")).train()).isEqualTo(files.train());
        assertThat(log).isEmpty();
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void missingCharacterCorpusIsFetchedWhereItIsLocated() throws Exception {
        byte[] real = Files.readAllBytes(TestData.require("tinyshakespeare/input.txt"));
        server.serve("input.txt", real);

        Path file = firstUse(() -> CharCorpus.locate(data, "tinyshakespeare"));

        assertThat(file).isEqualTo(data.resolve("tinyshakespeare/input.txt")).hasBinaryContent(real);
        assertThat(log.getFirst()).startsWith("corpus tinyshakespeare is not in " + data + " yet: fetching "
                + server.base() + "input.txt (1.1 MB) into " + data.resolve("tinyshakespeare"));
    }

    @Test
    void wrongDigestKeepsNothingAndSaysHowToFetchByHand() {
        byte[] wrong = new byte[1_115_394];
        Arrays.fill(wrong, (byte) 'x');
        server.serve("input.txt", wrong);

        assertThatThrownBy(() -> firstUse(() -> CharCorpus.locate(data, "tinyshakespeare")))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("tinyshakespeare/input.txt from " + server.base() + "input.txt has SHA-256 ")
                .hasMessageEndingWith("so it was not saved; the download is corrupt, try again or use another mirror;"
                        + " or fetch " + server.base() + "input.txt by hand and save it as "
                        + data.resolve("tinyshakespeare/input.txt"));
        assertThat(files()).isEmpty();
    }

    @Test
    void droppedConnectionKeepsNothingAndSaysWhereTheFilesGo() throws Exception {
        byte[] tgz = TestCorpora.ptbArchive(TestCorpora.ptbFiles());
        server.serve("simple-examples.tgz", tgz).cut("simple-examples.tgz", tgz.length / 2);

        assertThatThrownBy(() -> firstUse(() -> WordFiles.resolve(data, "ptb")))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("downloading " + server.base() + "simple-examples.tgz failed (")
                .hasMessageEndingWith("and no partial file was kept; check the connection and run the command again,"
                        + " or fetch " + server.base() + "simple-examples.tgz by hand and extract ptb.train.txt,"
                        + " ptb.valid.txt and ptb.test.txt (in its simple-examples/data/) into " + data.resolve("ptb"));
        assertThat(files()).isEmpty();
    }

    @Test
    void withoutAFirstUseDownloaderNothingIsFetchedAndTheSentenceSaysHow() {
        server.serve("input.txt", new byte[10]);

        assertThatThrownBy(() -> CharCorpus.locate(data, "tinyshakespeare"))
                .isInstanceOf(UserError.class)
                .hasMessage("corpus tinyshakespeare is not in " + data + " (tinyshakespeare/input.txt is missing); run"
                        + " `lstmlm download tinyshakespeare` or set LSTMLM_DATA to a directory that has it");
        assertThat(server.requests()).isZero();
    }

    @Test
    void presentCorpusIsNotCheckedAgainstTheServer() throws Exception {
        Path file = data.resolve("tinyshakespeare/input.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "First Citizen:\n");

        assertThat(firstUse(() -> CharCorpus.locate(data, "tinyshakespeare"))).isEqualTo(file);
        assertThat(server.requests()).isZero();
        assertThat(log).isEmpty();
    }

    @Test
    void offlineComesFromTheFlagOrTheEnvironment() {
        assertThat(DataDir.offline(true)).isTrue();
        assertThat(DataDir.isTrue("1")).isTrue();
        assertThat(DataDir.isTrue(" TRUE ")).isTrue();
        assertThat(DataDir.isTrue("yes")).isTrue();
        assertThat(DataDir.isTrue("0")).isFalse();
        assertThat(DataDir.isTrue("")).isFalse();
        assertThat(DataDir.isTrue(null)).isFalse();
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
