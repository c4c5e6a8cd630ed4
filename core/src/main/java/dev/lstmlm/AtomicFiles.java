package dev.lstmlm;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Writes files so that neither a reader nor a crash ever sees a half-written one: the bytes go to a
 * temporary file in the target's directory, are forced to disk, and the temporary file is renamed
 * over the target in one atomic step; the directory is then forced so the rename itself survives a
 * power cut (the sequence recommended for POSIX file systems, see rename(2) and fsync(2)).
 */
public final class AtomicFiles {
    /** Suffix of the temporary files; a crash can leave one behind, which is safe to delete. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final RandomGenerator RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Writes the bytes that {@code body} produces; the target keeps its old content if body throws. */
    public static void write(Path target, Body body) throws IOException {
        writeChannel(target, ch -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            body.write(out);
            out.flush();
        });
    }

    /**
     * Like {@link #write(Path, Body)} for writers that fill byte buffers themselves (a direct buffer
     * goes to the file without the copy an OutputStream makes); the target keeps its old content if
     * body throws.
     */
    public static void writeChannel(Path target, ChannelBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path temp = tempSibling(abs);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true);
            }
            move(temp, abs);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A fresh name beside {@code target}: {@code .NAME.RANDOM.tmp}. Not Files.createTempFile, whose
     * owner-only permissions would stay on the final file.
     */
    public static Path tempSibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + TEMP_SUFFIX);
    }

    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Renames {@code source} to {@code target} atomically (replacing it) and forces the directory. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Forces a directory's entries to disk where the platform allows opening a directory (Linux, macOS). */
    public static void syncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return; // Windows cannot open directories; its renames are durable once they return
        }
        try (ch) {
            ch.force(true);
        }
    }

    /** Produces the content of a file being written. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Produces the content of a file being written, straight into its channel. */
    @FunctionalInterface
    public interface ChannelBody {
        void write(FileChannel channel) throws IOException;
    }
}
