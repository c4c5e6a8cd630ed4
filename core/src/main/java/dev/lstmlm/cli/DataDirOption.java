package dev.lstmlm.cli;

import dev.lstmlm.data.DataDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} and {@code --offline} options shared by the commands that read corpora. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $LSTMLM_DATA, else ~/.cache/lstmlm).")
    Path dir;

    /** Read by {@link Main} before the command runs: it then binds no first-use downloader. */
    @Option(names = "--offline",
            description = "Never download: a known corpus missing from the data directory is an error (also "
                    + DataDir.OFFLINE_ENV + "=1). By default it is fetched on first use.")
    boolean offline;

    public Path resolve() {
        return DataDir.resolve(dir);
    }
}
