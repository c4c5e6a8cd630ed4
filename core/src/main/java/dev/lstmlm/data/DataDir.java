package dev.lstmlm.data;

import java.nio.file.Path;

/**
 * Where the corpora and their token caches live.
 *
 * <p>The data directory is {@code --data-dir} if given, else the environment variable
 * {@code LSTMLM_DATA}, else {@code ~/.cache/lstmlm}. Inside it: {@code ptb/ptb.train.txt},
 * {@code ptb/ptb.valid.txt}, {@code ptb/ptb.test.txt}, {@code tinyshakespeare/input.txt},
 * {@code text8/text8}. It is only read, never written (except by {@code lstmlm download}), so it
 * may be shared or read-only.
 *
 * <p>The token caches live under a separate cache root: the system property {@code lstmlm.cache}
 * if set, else the environment variable {@code LSTMLM_CACHE}, else {@code ~/.cache/lstmlm/cache}.
 */
public final class DataDir {
    /** The environment variable naming the data directory. */
    public static final String ENV = "LSTMLM_DATA";
    /** The system property naming the token cache root; it wins over {@link #CACHE_ENV}. */
    public static final String CACHE_PROPERTY = "lstmlm.cache";
    /** The environment variable naming the token cache root. */
    public static final String CACHE_ENV = "LSTMLM_CACHE";

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

    /** The directory that holds the token caches, one subdirectory per corpus text. */
    public static Path cacheRoot() {
        return cacheRoot(System.getProperty(CACHE_PROPERTY), System.getenv(CACHE_ENV), System.getProperty("user.home"));
    }

    static Path cacheRoot(String property, String env, String userHome) {
        if (property != null && !property.isBlank()) return Path.of(property).toAbsolutePath().normalize();
        if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
        return Path.of(userHome, ".cache", "lstmlm", "cache").toAbsolutePath().normalize();
    }
}
