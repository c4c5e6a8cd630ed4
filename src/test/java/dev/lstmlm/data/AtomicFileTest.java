package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void commitReplacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("a.txt"), "old");
        try (AtomicFile f = AtomicFile.create(target)) {
            f.stream().write("new".getBytes(StandardCharsets.UTF_8));
            assertThat(target).hasContent("old");
            f.commit();
        }
        assertThat(target).hasContent("new");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws IOException {
        Path target = dir.resolve("sub/a.txt");
        try (AtomicFile f = AtomicFile.create(target)) {
            f.stream().write(new byte[100_000]);
        }
        assertThat(target).doesNotExist();
        assertThat(filesIn(dir.resolve("sub"))).isZero();
    }

    @Test
    void committedFileIsNotOwnerOnly() throws IOException {
        Path target = dir.resolve("a.txt");
        try (AtomicFile f = AtomicFile.create(target)) {
            f.commit();
        }
        // With any usual umask (022, 002) a new file is readable by others, unlike Files.createTempFile's 0600.
        assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OTHERS_READ);
    }
}
