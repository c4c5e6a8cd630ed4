package dev.lstmlm.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * A file that appears at its final path complete or not at all: it is written to a temporary file
 * in the same directory, forced to disk and then renamed over the target.
 *
 * <p>Use it in try-with-resources and call {@link #commit()} once everything is written and checked;
 * closing without a commit deletes the temporary file, so a failed write leaves nothing behind.
 */
public final class AtomicFile implements Closeable {
    private static final RandomGenerator RANDOM = new SecureRandom();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private OutputStream stream;
    private boolean done;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /** Starts writing {@code target}; its directory is created when missing. */
    public static AtomicFile create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            // Not Files.createTempFile: its owner-only permissions would stay on the final file,
            // whereas CREATE_NEW gives the permissions of any new file (0666 less the umask).
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
            try {
                return new AtomicFile(target, temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw e;
            }
        }
    }

    /** The temporary file's channel, for writers that fill byte buffers themselves. */
    public FileChannel channel() {
        return channel;
    }

    /** A buffered stream over {@link #channel()}; flushed by {@link #commit()}. */
    public OutputStream stream() {
        if (stream == null) {
            stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }
        return stream;
    }

    /** Forces the content to disk and renames it to the target, replacing any older file. */
    public void commit() throws IOException {
        if (stream != null) stream.flush();
        channel.force(true);
        channel.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done = true;
        forceDirectory(target.toAbsolutePath().getParent());
    }

    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is harmless. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file content is already on disk; only the directory entry's durability is best-effort.
        }
    }
}
