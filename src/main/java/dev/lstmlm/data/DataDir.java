package dev.lstmlm.data;

import java.nio.file.Path;

/**
 * Where the corpora live: {@code --data-dir} if given, else the environment variable
 * {@code LSTMLM_DATA}, else {@code ~/.cache/lstmlm}. Inside it: {@code ptb/ptb.train.txt},
 * {@code ptb/ptb.valid.txt}, {@code ptb/ptb.test.txt}, {@code tinyshakespeare/input.txt},
 * {@code text8/text8}, and {@code cache/} for token caches.
 */
public final class DataDir {
    /** The environment variable naming the data directory. */
    public static final String ENV = "LSTMLM_DATA";

    private DataDir() {}

    /** The data directory; {@code override} (may be null) is the {@code --data-dir} option. */
    public static Path resolve(Path override) {
        return resolve(override, System.getenv(ENV), System.getProperty("user.home"));
    }

    static Path resolve(Path override, String env, String userHome) {
        if (override != null) return override.toAbsolutePath().normalize();
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return Path.of(userHome, ".cache", "lstmlm").toAbsolutePath().normalize();
    }
}
