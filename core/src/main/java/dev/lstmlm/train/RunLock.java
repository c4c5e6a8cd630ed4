package dev.lstmlm.train;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a training process holds on its run directory ({@code RUN/train.lock}, an operating-system
 * file lock with the process id as content) while it trains: a second trainer of the same run is
 * refused, and {@code lstmlm runs} tells a running run from a stopped one. The operating system
 * releases the lock when the process ends in any way, kill -9 included.
 */
public final class RunLock implements AutoCloseable {
    static final String FILE = "train.lock";
    /**
     * The runs this process trains. Asked about one of them, {@link #held} must not open the file: on
     * Linux closing any channel of a file drops every lock the process has on it (see FileLock).
     */
    private static final java.util.Set<Path> OWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code run}; fails with one sentence when another process trains it. */
    static RunLock acquire(RunDirectory run) throws IOException {
        Path file = run.dir().resolve(FILE);
        if (OWN.contains(run.dir())) throw busy(run, file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw busy(run, file);
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        OWN.add(run.dir());
        return new RunLock(run.dir(), ch, lock);
    }

    /**
     * Fails with {@link #acquire}'s sentence when another process trains {@code run}: for the steps
     * of a resume that write to the run before its lock is taken (an extension's config.json).
     */
    static void refuseIfHeld(RunDirectory run) {
        if (held(run.dir())) throw busy(run, run.dir().resolve(FILE));
    }

    private static UserError busy(RunDirectory run, Path file) {
        String pid = holder(file);
        return new UserError(run.dir() + " is being trained by another lstmlm process" + (pid.isEmpty() ? "" : " (pid " + pid + ")")
                + "; wait for it to end, or stop it with Ctrl-C (or kill " + (pid.isEmpty() ? "PID" : pid) + ") first");
    }

    /** Whether a process trains {@code dir} now. */
    public static boolean held(Path dir) {
        Path file = dir.resolve(FILE);
        if (OWN.contains(dir.toAbsolutePath().normalize())) return true;
        if (!Files.isRegularFile(file)) return false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process
        } catch (IOException e) {
            return false; // unreadable: nothing says it runs
        }
    }

    private static String holder(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            OWN.remove(dir);
            channel.close();
        }
    }
}
