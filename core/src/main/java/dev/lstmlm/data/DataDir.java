package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the corpora and their token caches live.
 *
 * <p>The data directory is {@code --data-dir} if given, else the environment variable
 * {@code LSTMLM_DATA}, else {@code ~/.cache/lstmlm}. Inside it: {@code ptb/ptb.train.txt},
 * {@code ptb/ptb.valid.txt}, {@code ptb/ptb.test.txt}, {@code tinyshakespeare/input.txt},
 * {@code text8/text8}. Commands only read it, except that a known corpus a command needs and the
 * directory lacks is fetched into it on first use ({@link #require}); {@code lstmlm download} fetches
 * on request. With {@code --offline} or {@code LSTMLM_OFFLINE=1} nothing is fetched, so it may be
 * shared or read-only.
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

    /** The environment variable that, set to 1 (or true, yes), turns off fetching on first use. */
    public static final String OFFLINE_ENV = "LSTMLM_OFFLINE";

    /**
     * The downloader that {@link #require} uses for a missing corpus. The command line binds it
     * around each command unless it runs offline; where it is not bound (library use, offline), a
     * missing corpus is an error saying how to fetch it.
     */
    public static final ScopedValue<Downloader> FIRST_USE = ScopedValue.newInstance();

    private DataDir() {}

    /**
     * The paths of {@code corpus}'s files in {@code dataDir} (for a word corpus: train, valid, test).
     * This is the one place where a command finds a known corpus: files that are missing are fetched
     * with {@link #FIRST_USE} when it is bound, and are otherwise an error naming the fix.
     */
    public static List<Path> require(Path dataDir, Corpus corpus) {
        if (!has(dataDir, corpus) && FIRST_USE.isBound()) {
            FIRST_USE.get().fetchOnFirstUse(corpus, dataDir);
        }
        for (Corpus.CorpusFile f : corpus.files()) {
            if (!Files.isRegularFile(dataDir.resolve(f.path()))) {
                throw new UserError("corpus " + corpus.name() + " is not in " + dataDir + " (" + f.path() + " is missing); run `lstmlm download "
                        + corpus.name() + "` or set " + ENV + " to a directory that has it");
            }
        }
        return corpus.files().stream().map(f -> dataDir.resolve(f.path())).toList();
    }

    /** True if every file of {@code corpus} is in {@code dataDir} (only their presence is checked). */
    public static boolean has(Path dataDir, Corpus corpus) {
        return corpus.files().stream().allMatch(f -> Files.isRegularFile(dataDir.resolve(f.path())));
    }

    /** True if fetching on first use is off: {@code --offline} was given or {@link #OFFLINE_ENV} is set to 1. */
    public static boolean offline(boolean flag) {
        return flag || isTrue(System.getenv(OFFLINE_ENV));
    }

    static boolean isTrue(String value) {
        if (value == null) return false;
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

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
