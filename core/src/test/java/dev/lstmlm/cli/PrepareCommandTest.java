package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.AtomicFiles;
import dev.lstmlm.data.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareCommandTest {
    @TempDir Path dir;

    @Test
    void buildsTheTokenCacheOfATextAndItsSiblings() throws IOException {
        Path train = Files.writeString(dir.resolve("toy.train.txt"), "a b c a\nb a\n");
        Files.writeString(dir.resolve("toy.valid.txt"), "a\n");
        Path data = dir.resolve("data");

        CliRun run = CliRun.of("prepare", "--corpus", train.toString(), "--data-dir", data.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("toy: 4 words in the vocabulary; tokens: train 8, valid 2\ncache: "
                + DataDir.cacheRoot().resolve("toy-"));
        Path cache = Path.of(run.out().lines().skip(1).findFirst().orElseThrow().replaceAll("^cache: | \\(.*$", ""));
        assertThat(cache.resolve("train.ids")).hasSize(32);
        assertThat(cache.resolve("valid.ids")).hasSize(8);
        assertThat(cache.resolve("vocab.txt")).hasContent("a\n<eos>\nb\nc");
        assertThat(data).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(train, dir.resolve("toy.valid.txt"));
        }
    }

    @Test
    void unwritableCacheIsAUserError() throws IOException {
        Path train = Files.writeString(dir.resolve("toy.train.txt"), "a b\n");
        Path root = Files.writeString(dir.resolve("not-a-directory"), "x");
        String old = System.setProperty(DataDir.CACHE_PROPERTY, root.toString());
        try {
            CliRun run = CliRun.of("prepare", "--corpus", train.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("error: cannot write the token cache under " + root
                    + "; make it writable or set LSTMLM_CACHE to a writable directory\n");
        } finally {
            if (old == null) System.clearProperty(DataDir.CACHE_PROPERTY);
            else System.setProperty(DataDir.CACHE_PROPERTY, old);
        }
    }

    @Test
    void invalidUtf8ExitsTwoAndWritesNoIds() throws IOException {
        Path train = Files.write(dir.resolve("bad.train.txt"), new byte[] {'a', ' ', (byte) 0xC3, '\n'});
        Path data = dir.resolve("data");
        CliRun run = CliRun.of("prepare", "--corpus", train.toString(), "--data-dir", data.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: " + train + " is not valid UTF-8: malformed byte sequence at byte offset 2"
                + " (byte 0xC3); convert the file to UTF-8, e.g. with iconv\n");
        assertThat(data).doesNotExist();
        try (var entries = Files.list(DataDir.cacheRoot())) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith("bad-")).toList()) {
                try (var files = Files.walk(entry)) {
                    assertThat(files.filter(p -> p.toString().endsWith(".ids")
                            || p.toString().endsWith(AtomicFiles.TEMP_SUFFIX))).isEmpty();
                }
            }
        }
    }
}
