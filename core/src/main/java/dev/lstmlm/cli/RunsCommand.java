package dev.lstmlm.cli;

import dev.lstmlm.train.RunListing;
import dev.lstmlm.train.RunLocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lstmlm runs}: the training runs under a directory, one line each. */
@Command(name = "runs", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"List the training runs under DIR: name, preset, corpus, epochs (or steps) done of all, best validation"
                + " and test perplexity, status (running, finished or stopped) and size on disk."},
        footer = {"", "Examples:", "  lstmlm runs", "  lstmlm runs /data/runs --json"})
final class RunsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The directory of the runs (default: runs).")
    Path root;

    @Option(names = "--json", description = "Print a JSON array, one object per run.")
    boolean json;

    @Override
    public Integer call() {
        Path dir = root != null ? root : RunLocation.DEFAULT_ROOT;
        List<RunListing.Entry> entries = root == null && !java.nio.file.Files.exists(dir) ? List.of() : RunListing.list(dir);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(RunListing.toJson(entries).toPrettyString());
        } else if (entries.isEmpty()) {
            out.println("no runs under " + dir + "; start one with lstmlm train --preset NAME");
        } else {
            RunListing.table(entries).forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
