package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of every command that multiplies matrices: all cores unless asked
 * otherwise, and never more than the cores (a note says so), so that the count a run records is the
 * count it ran with.
 */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "Threads for the matrix products (default: all cores).")
    Integer requested;

    /** The thread count to use; writes a note to {@code err} when the request exceeds the cores. */
    public int resolve(PrintWriter err) {
        return resolve(requested, Runtime.getRuntime().availableProcessors(), err);
    }

    static int resolve(Integer requested, int cores, PrintWriter err) {
        if (requested == null) return cores;
        if (requested < 1) throw new UserError("--threads must be at least 1, not " + requested);
        if (requested <= cores) return requested;
        err.println("note: --threads " + requested + " is more than the " + cores + " cores of this machine; using " + cores);
        err.flush();
        return cores;
    }
}
