package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.data.DataDir;
import dev.lstmlm.data.Downloader;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code lstmlm} command line; the subcommands only wire the library together. */
@Command(
        name = "lstmlm",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Train, evaluate, sample from and serve LSTM language models on the CPU.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DownloadCommand.class,
            PrepareCommand.class,
            VocabCommand.class,
            TrainCommand.class,
            RunsCommand.class,
            EvalCommand.class,
            GenerateCommand.class,
            ScoreCommand.class,
            ServeCommand.class,
            PlotCommand.class,
            DashboardCommand.class,
            BenchCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of the commands listed below.");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(new ParseErrors());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof UserError)) {
                t = t.getCause();
            }
            if (t != null) {
                commandLine.getErr().println("error: " + t.getMessage());
                return UserError.EXIT_CODE;
            }
            throw ex;
        });
        cl.setExecutionStrategy(parseResult -> {
            CommandLine.IExecutionStrategy command = new CommandLine.RunLast();
            if (DataDir.offline(offlineRequested(parseResult))) return command.execute(parseResult);
            PrintWriter err = cl.getErr();
            Downloader firstUse = Downloader.forUser(null, line -> {
                err.println(line);
                err.flush();
            });
            return ScopedValue.where(DataDir.FIRST_USE, firstUse).call(() -> command.execute(parseResult));
        });
        return cl;
    }

    /** True if the command line says {@code --offline} (see {@link DataDirOption}). */
    private static boolean offlineRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--offline")) return true;
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            String commit = dev.lstmlm.BuildInfo.commit().map(c -> " (commit " + c + ")").orElse("");
            return new String[] {"lstmlm " + (v == null ? "dev" : v) + commit};
        }
    }
}
