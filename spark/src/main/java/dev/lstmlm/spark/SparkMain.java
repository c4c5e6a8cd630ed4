package dev.lstmlm.spark;

import dev.lstmlm.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lstmlm spark ...}, and the application class for {@code spark-submit}: the Spark jobs of
 * lstmlm. A user's mistake prints {@code error: ...} and exits with code 2, without a stack trace.
 */
@Command(name = "lstmlm spark", mixinStandardHelpOptions = true, subcommands = {SparkScoreCommand.class, SparkTrainCommand.class},
        description = "lstmlm jobs on Apache Spark (local mode, or a cluster through spark-submit).")
public final class SparkMain implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a job: score or train");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            UserError user = userError(e);
            if (user == null) throw e;
            err.println("error: " + user.getMessage());
            err.flush();
            return UserError.EXIT_CODE;
        });
        return cli.execute(args);
    }

    private static UserError userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError u) return u;
        }
        return null;
    }
}
