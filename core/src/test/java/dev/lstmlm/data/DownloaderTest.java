package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.LocalServer;
import dev.lstmlm.TestCorpora;
import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final int SHAKESPEARE_BYTES = 1_115_394;

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

    private Downloader downloader() {
        return new Downloader(Downloader.defaultClient(), server.base(), log::add);
    }

    @Test
    void mirrorReplacesTheHostButKeepsTheFileName() {
        Downloader d = new Downloader(Downloader.defaultClient(), URI.create("http://example.org/m"), log::add);
        assertThat(d.source(Corpus.PTB)).isEqualTo(URI.create("http://example.org/m/simple-examples.tgz"));
        assertThat(new Downloader(Downloader.defaultClient(), null, log::add).source(Corpus.TEXT8))
                .isEqualTo(URI.create("http://mattmahoney.net/dc/text8.zip"));
    }

    @Test
    void plainFileIsSavedWhenItsDigestMatchesAndNotFetchedTwice() throws IOException {
        byte[] real = Files.readAllBytes(TestData.require("tinyshakespeare/input.txt"));
        server.serve("input.txt", real);

        downloader().download(Corpus.TINY_SHAKESPEARE, data);
        downloader().download(Corpus.TINY_SHAKESPEARE, data);

        assertThat(data.resolve("tinyshakespeare/input.txt")).hasBinaryContent(real);
        assertThat(server.requests()).isEqualTo(1);
        assertThat(log).last().asString().contains("already in");
        assertThat(leftovers()).containsExactly(data.resolve("tinyshakespeare/input.txt"));
    }

    @Test
    void wrongDigestKeepsNothing() {
        byte[] wrong = new byte[SHAKESPEARE_BYTES];
        Arrays.fill(wrong, (byte) 'x');
        server.serve("input.txt", wrong);

        assertThatThrownBy(() -> downloader().download(Corpus.TINY_SHAKESPEARE, data))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("tinyshakespeare/input.txt")
                .hasMessageContaining("has SHA-256")
                .hasMessageContaining("instead of 86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed")
                .hasMessageContaining("not saved");
        assertThat(data.resolve("tinyshakespeare/input.txt")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void wrongSizeKeepsNothing() {
        server.serve("input.txt", "First Citizen:\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> downloader().download(Corpus.TINY_SHAKESPEARE, data))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("has 15 bytes instead of 1115394");
        assertThat(data.resolve("tinyshakespeare/input.txt")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void connectionDroppedMidBodyKeepsNothing() {
        byte[] body = new byte[SHAKESPEARE_BYTES];
        server.serve("input.txt", body).cut("input.txt", 300_000);

        assertThatThrownBy(() -> downloader().download(Corpus.TINY_SHAKESPEARE, data))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("downloading " + server.base() + "input.txt failed")
                .hasMessageContaining("no partial file was kept");
        assertThat(data.resolve("tinyshakespeare/input.txt")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void unreachableServerIsAUserError() throws IOException {
        URI closed;
        try (LocalServer gone = new LocalServer()) {
            closed = gone.base();
        }
        Downloader d = new Downloader(Downloader.defaultClient(), closed, log::add);
        assertThatThrownBy(() -> d.download(Corpus.TINY_SHAKESPEARE, data))
                .isInstanceOf(UserError.class)
                .hasMessage("downloading " + closed + "input.txt failed (cannot connect to 127.0.0.1) and no partial file"
                        + " was kept; check the connection and run the command again, or fetch " + closed + "input.txt"
                        + " by hand and save it as " + data.resolve("tinyshakespeare/input.txt"));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void httpErrorStatusIsAUserError() {
        assertThatThrownBy(() -> downloader().download(Corpus.TINY_SHAKESPEARE, data))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("failed with HTTP status 404");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void ptbArchiveYieldsExactlyTheThreeTextFiles() throws IOException {
        Map<String, byte[]> real = TestCorpora.ptbFiles();
        server.serve("simple-examples.tgz", TestCorpora.ptbArchive(real));

        downloader().download(Corpus.PTB, data);

        try (Stream<Path> files = Files.list(data.resolve("ptb"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt");
        }
        for (Map.Entry<String, byte[]> e : real.entrySet()) {
            assertThat(data.resolve("ptb").resolve(e.getKey())).hasBinaryContent(e.getValue());
        }
        assertThat(Files.exists(data.resolve("simple-examples"))).isFalse();
    }

    @Test
    void ptbDamagedFileIsFetchedAgainAndIntactOnesKept() throws IOException {
        Map<String, byte[]> real = TestCorpora.ptbFiles();
        server.serve("simple-examples.tgz", TestCorpora.ptbArchive(real));
        downloader().download(Corpus.PTB, data);
        Path valid = data.resolve("ptb/ptb.valid.txt");
        byte[] damaged = real.get("ptb.valid.txt").clone();
        damaged[100] ^= 1;
        Files.write(valid, damaged);

        downloader().download(Corpus.PTB, data);

        assertThat(valid).hasBinaryContent(real.get("ptb.valid.txt"));
        assertThat(log).anyMatch(l -> l.contains("ptb.valid.txt is damaged"));
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void ptbArchiveDroppedMidBodyKeepsNothing() throws IOException {
        byte[] tgz = TestCorpora.ptbArchive(TestCorpora.ptbFiles());
        server.serve("simple-examples.tgz", tgz).cut("simple-examples.tgz", 200_000);

        assertThatThrownBy(() -> downloader().download(Corpus.PTB, data))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("failed");
        assertThat(Files.exists(data.resolve("ptb/ptb.train.txt"))).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void archiveWithoutTheExpectedMemberIsAUserError() throws IOException {
        server.serve("simple-examples.tgz", TestCorpora.tarGz(Map.of("./simple-examples/README", new byte[10])));

        assertThatThrownBy(() -> downloader().download(Corpus.PTB, data))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("does not contain ./simple-examples/data/ptb.train.txt");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void zipMemberIsSizeCheckedAndSaved() throws IOException {
        byte[] text = "anarchism originated as a term of abuse".getBytes(StandardCharsets.US_ASCII);
        Corpus small = smallText8(text.length);
        server.serve("text8.zip", TestCorpora.zip("text8", text));

        downloader().download(small, data);

        assertThat(data.resolve("text8/text8")).hasBinaryContent(text);
        assertThat(log).anyMatch(l -> l.contains("size checked"));
    }

    @Test
    void zipDroppedMidBodyKeepsNothing() throws IOException {
        byte[] text = new byte[400_000];
        new Random(1).nextBytes(text);
        server.serve("text8.zip", TestCorpora.zip("text8", text)).cut("text8.zip", 100_000);

        assertThatThrownBy(() -> downloader().download(smallText8(text.length), data))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("failed");
        assertThat(data.resolve("text8/text8")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void registryText8IsSizeCheckedOnly() {
        Corpus.CorpusFile f = Corpus.TEXT8.files().getFirst();
        assertThat(f.size()).isEqualTo(100_000_000L);
        assertThat(f.sha256()).isNull();
        assertThat(f.path()).isEqualTo("text8/text8");
    }

    private static Corpus smallText8(long size) {
        return new Corpus("text8", Corpus.Kind.CHARS, Corpus.TEXT8.url(), Corpus.Format.ZIP,
                List.of(new Corpus.CorpusFile("text8/text8", "text8", size, null)));
    }

    /** Every file below the data directory, so that temporary files would show. */
    private List<Path> leftovers() {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
