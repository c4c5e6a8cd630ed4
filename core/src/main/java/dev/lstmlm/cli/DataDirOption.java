package dev.lstmlm.cli;

import dev.lstmlm.data.DataDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option shared by the commands that read corpora. */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $LSTMLM_DATA, else ~/.cache/lstmlm).")
    Path dir;

    Path resolve() {
        return DataDir.resolve(dir);
    }
}
