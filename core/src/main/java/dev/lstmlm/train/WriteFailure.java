package dev.lstmlm.train;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a failed write of a run's files (a read-only file system, a missing permission, a path under
 * a file or under /proc, a full disk) into one sentence that says what failed, why, and what to do;
 * the checkpoints already written are left as they are.
 */
final class WriteFailure {
    private WriteFailure() {}

    /** The run directory {@code dir} could not be created or written before training started. */
    static UserError cannotCreate(Path dir, IOException e) {
        return new UserError("cannot create the run directory " + dir + ": " + reason(e) + "; choose another --run-dir"
                + " (or fix that directory's permissions)", e);
    }

    /** A write into the run failed while it trained; {@code latest} is its newest complete checkpoint. */
    static UserError whileTraining(Path dir, Optional<Path> latest, IOException e) {
        String kept = latest.map(p -> "the checkpoint " + p + " is intact").orElse("no checkpoint was complete yet, and --resume"
                + " starts the run from its beginning");
        return new UserError("cannot save into the run directory " + dir + ": " + reason(e) + "; " + kept + ", so free some space"
                + " (or fix the permissions) and continue with lstmlm train --resume --run-dir " + dir, e);
    }

    /** The nearest of {@code path} and its parents that exists: the file a directory cannot be made under. */
    private static String blockingFile(String path) {
        if (path == null) return "a part of the path";
        for (Path p = Path.of(path); p != null; p = p.getParent()) {
            if (java.nio.file.Files.exists(p)) return p.toString();
        }
        return path;
    }

    /** What went wrong, in words: "the file system of X is read-only", "no space is left on the device of X", ... */
    static String reason(IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String of = file == null ? "" : " of " + file;
        if (e instanceof AccessDeniedException) return "permission denied on " + file;
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || (why != null && why.contains("Not a directory"))) {
            return blockingFile(file) + " is a file, not a directory";
        }
        if (e instanceof NoSuchFileException) return file + " cannot be created there (no such file or directory)";
        if (why == null) return e.getClass().getSimpleName() + of;
        if (why.contains("Read-only")) return "the file system" + of + " is read-only";
        if (why.contains("No space")) return "no space is left on the device" + of;
        if (why.contains("too large")) return "a file size limit (or a full disk) stopped the write" + of;
        if (why.contains("not permitted")) return "the operating system does not permit writing" + of;
        return why + of;
    }
}
