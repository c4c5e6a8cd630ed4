package dev.lstmlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub/a.json");
        AtomicFiles.writeString(target, "one");
        AtomicFiles.writeString(target, "two");
        assertThat(Files.readString(target)).isEqualTo("two");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void givesTheFileTheUsualPermissionsOfANewFile() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.writeString(target, "x");
        Path plain = Files.writeString(dir.resolve("b.json"), "x");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void keepsTheOldContentWhenWritingFails() throws IOException {
        Path target = dir.resolve("a.json");
        AtomicFiles.writeString(target, "good");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("good");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aFailedFirstWriteLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("sub/a.bin");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("checksum mismatch");
        })).hasMessage("checksum mismatch");
        assertThat(target).doesNotExist();
        try (var files = Files.list(target.getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void writesWhatTheChannelBodyPutsIntoTheChannel() throws IOException {
        Path target = dir.resolve("a.ids");
        AtomicFiles.writeString(target, "old");
        AtomicFiles.writeChannel(target, ch -> {
            ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(258).flip();
            while (b.hasRemaining()) ch.write(b);
        });
        assertThat(target).hasBinaryContent(new byte[] {1, 0, 0, 0, 2, 1, 0, 0});
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void keepsTheOldContentWhenAChannelBodyFails() throws IOException {
        Path target = dir.resolve("a.ids");
        AtomicFiles.writeString(target, "good");
        assertThatThrownBy(() -> AtomicFiles.writeChannel(target, ch -> {
            ch.write(ByteBuffer.allocate(1000));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(target).hasContent("good");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
