package dev.lstmlm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line with its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The line a command that computes starts its stderr with, on {@code threads} threads. */
    static String kernelsLine(int threads) {
        return "kernels: " + dev.lstmlm.tensor.Compute.create(threads).name() + "\n";
    }

    /** stderr without the {@link #kernelsLine} that a command which got as far as computing printed first. */
    String messages() {
        return err.startsWith("kernels: ") ? err.substring(err.indexOf('\n') + 1) : err;
    }
}
