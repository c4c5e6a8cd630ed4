package dev.lstmlm;

import dev.lstmlm.data.DataDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real corpora for tests: {@code $LSTMLM_DATA}, else {@code ~/.cache/lstmlm}.
 *
 * <p>Under CI (environment {@code CI} set) a missing file fails the test, so that CI never passes by
 * skipping; on a user's machine the test is skipped with a message that says how to get the data.
 */
public final class TestData {
    private TestData() {}

    public static Path dir() {
        String env = System.getenv("LSTMLM_DATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cache", "lstmlm");
    }

    /**
     * The {@code -D} flags a child JVM started by a test needs so that it keeps its token caches where
     * this JVM does (Maven sets {@code lstmlm.cache} to a folder in target/), never in the home directory,
     * and runs the same kernels at the same vector width.
     */
    public static List<String> childJvmFlags() {
        List<String> flags = new java.util.ArrayList<>();
        for (String property : List.of(DataDir.CACHE_PROPERTY, "lstmlm.vector.bits", "lstmlm.kernels")) {
            String value = System.getProperty(property);
            if (value != null) flags.add("-D" + property + "=" + value);
        }
        return List.copyOf(flags);
    }

    /** The file {@code relative} (e.g. "ptb/ptb.train.txt") inside the data directory. */
    public static Path require(String relative) {
        Path p = dir().resolve(relative);
        if (Files.isRegularFile(p)) return p;
        String msg = "test corpus " + p + " is missing: set LSTMLM_DATA to a directory holding "
                + relative + " (or run ./lstmlm download)";
        if (System.getenv("CI") != null) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
        return p;
    }
}
