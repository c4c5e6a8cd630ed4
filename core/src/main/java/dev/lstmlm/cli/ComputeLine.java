package dev.lstmlm.cli;

import dev.lstmlm.tensor.Compute;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The compute of a command, named once on stderr when it starts: {@code kernels: vector-256 x2 threads}. */
final class ComputeLine {
    private ComputeLine() {}

    /** {@link Compute#create} on {@code threads} threads, announced on the command's stderr. */
    static Compute open(CommandSpec spec, int threads) {
        Compute compute = Compute.create(threads);
        PrintWriter err = spec.commandLine().getErr();
        err.println("kernels: " + compute.name());
        err.flush();
        return compute;
    }
}
