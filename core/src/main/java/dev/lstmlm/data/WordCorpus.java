package dev.lstmlm.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A word-level corpus ready for training: its vocabulary (built from the training text, as
 * TensorFlow's PTB reader.py {@code ptb_raw_data} does) and the ids of its training, validation and
 * test texts. Words missing from the vocabulary become {@code <unk>}, or stop with an error when the
 * vocabulary has no {@code <unk>} (see {@link WordIds}).
 *
 * <p>{@link #load(Path, String)} keeps the ids in a {@link TokenCache} under the cache root
 * ({@link DataDir#cacheRoot()}), never in the data directory, memory-mapped, and only re-reads the
 * texts when they changed.
 */
public final class WordCorpus {
    private final String name;
    private final Vocabulary vocabulary;
    private final TokenSequence train;
    private final TokenSequence valid;
    private final TokenSequence test;
    private final Path cacheDir;

    WordCorpus(String name, Vocabulary vocabulary, TokenSequence train, TokenSequence valid, TokenSequence test,
            Path cacheDir) {
        this.name = name;
        this.vocabulary = vocabulary;
        this.train = Objects.requireNonNull(train);
        this.valid = valid;
        this.test = test;
        this.cacheDir = cacheDir;
    }

    /**
     * The corpus {@code corpus} (a registered word corpus such as {@code ptb}, or the path of a
     * training text, see {@link WordFiles#resolve}), through its token cache under
     * {@link DataDir#cacheRoot()}.
     */
    public static WordCorpus load(Path dataDir, String corpus) {
        return load(dataDir, corpus, DataDir.cacheRoot());
    }

    /**
     * The corpus {@code corpus} through its token cache in {@code cacheRoot/NAME-DIGEST}, where
     * DIGEST identifies the absolute path of the training text, so that two data directories holding
     * a corpus of the same name keep separate caches. When that directory cannot be created or
     * written, the corpus is read into memory instead.
     */
    public static WordCorpus load(Path dataDir, String corpus, Path cacheRoot) {
        return cached(WordFiles.resolve(dataDir, corpus), cacheRoot);
    }

    /** {@code files} through their token cache in {@code cacheRoot/NAME-DIGEST}, or read into memory when it cannot be written. */
    static WordCorpus cached(WordFiles files, Path cacheRoot) {
        Path cacheDir = cacheRoot.resolve(cacheName(files));
        if (!writable(cacheDir)) return inMemory(files);
        return TokenCache.load(files, cacheDir);
    }

    /** {@code files} through a token cache in {@code cacheDir}, built or rebuilt as needed. */
    public static WordCorpus load(WordFiles files, Path cacheDir) {
        return TokenCache.load(files, cacheDir);
    }

    /** {@code files} read into memory, without a cache. */
    public static WordCorpus inMemory(WordFiles files) {
        Vocabulary vocab = Vocabulary.build(files.train());
        return new WordCorpus(files.name(), vocab, WordIds.read(files.train(), vocab),
                files.valid() == null ? null : WordIds.read(files.valid(), vocab),
                files.test() == null ? null : WordIds.read(files.test(), vocab), null);
    }

    public String name() {
        return name;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public TokenSequence train() {
        return train;
    }

    /** The validation ids, if the corpus has a validation text. */
    public Optional<TokenSequence> valid() {
        return Optional.ofNullable(valid);
    }

    /** The test ids, if the corpus has a test text. */
    public Optional<TokenSequence> test() {
        return Optional.ofNullable(test);
    }

    /** The token cache directory, or empty when the corpus was read into memory. */
    public Optional<Path> cacheDir() {
        return Optional.ofNullable(cacheDir);
    }

    /** The corpus name and the first 12 hex digits of the SHA-256 of the training text's absolute path. */
    static String cacheName(WordFiles files) {
        String path = files.train().toAbsolutePath().normalize().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return files.name() + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (IOException e) {
            return false;
        }
    }
}
