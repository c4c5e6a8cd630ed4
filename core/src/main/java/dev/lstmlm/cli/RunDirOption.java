package dev.lstmlm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --run-dir} and {@code --resume} options of the commands that train (train, spark train). */
public final class RunDirOption {
    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default: runs/PRESET-TIMESTAMP).")
    Path dir;

    @Option(names = "--resume", description = "Continue the run in --run-dir (or the latest run of --preset) from its last checkpoint.")
    boolean resume;

    /** The run directory given, or null for the default one. */
    public Path dir() {
        return dir;
    }

    public boolean resume() {
        return resume;
    }
}
