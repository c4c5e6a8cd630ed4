package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.dashboard.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lstmlm dashboard}: the training dashboard over the runs on disk, finished and running. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Serve a page with the curves of the runs under RUNS_DIR (or of the one run RUNS_DIR is),"
                + " overlaid for comparison and updated while they train. Runs of any version of lstmlm are read."},
        footer = {"", "Examples:", "  lstmlm dashboard                 (the runs under ./runs, on http://127.0.0.1:8090/)",
                "  lstmlm dashboard runs/ptb-small-20261201-101500 --port 0"})
final class DashboardCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RUNS_DIR", defaultValue = "runs",
            description = "A directory of runs, or one run (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) throw new UserError("--port must be between 0 and 65535, got " + port);
        if (!Files.isDirectory(root)) {
            throw new UserError(root + " is not a directory; give the directory that holds the runs (lstmlm train writes them under ./runs)");
        }
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        try (DashboardServer server = new DashboardServer(root, null, host, port, err)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            err.println("dashboard of " + root.toAbsolutePath().normalize() + " on http://" + host + ":" + server.port() + "/ (Ctrl-C stops)");
            err.flush();
            stop.await();
        }
        return 0;
    }
}
