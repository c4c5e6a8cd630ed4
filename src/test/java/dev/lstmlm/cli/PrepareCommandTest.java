package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.AtomicFiles;
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
                + data.resolve("cache").resolve("toy-"));
        try (var files = Files.list(data.resolve("cache"))) {
            Path cache = files.findFirst().orElseThrow();
            assertThat(cache.resolve("train.ids")).hasSize(32);
            assertThat(cache.resolve("valid.ids")).hasSize(8);
            assertThat(cache.resolve("vocab.txt")).hasContent("a\n<eos>\nb\nc");
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
        try (var files = Files.walk(data)) {
            assertThat(files.filter(p -> p.toString().endsWith(".ids") || p.toString().endsWith(AtomicFiles.TEMP_SUFFIX))).isEmpty();
        }
    }
}
