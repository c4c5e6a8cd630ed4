package dev.lstmlm.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The prepared form of a word corpus on disk, so that a corpus larger than the heap can be trained on
 * and a prepared one opens at once. A cache directory holds
 * <ul>
 *   <li>{@code vocab.txt}: the vocabulary, one word per line in id order ({@link Vocabulary#write});</li>
 *   <li>{@code train.ids}, {@code valid.ids}, {@code test.ids}: the ids, little-endian int32, read
 *       back through a memory mapping ({@link MappedTokens});</li>
 *   <li>{@code meta.json}: the size and modification time of each source file and the token counts.
 *       It is written last and removed before a rebuild, so a cache whose sources changed, or whose
 *       build was interrupted, is rebuilt on the next load.</li>
 * </ul>
 * Building streams each text twice (count the words, then write their ids), holding only the word
 * counts in memory. A lock file keeps two processes from building the same cache at once.
 */
final class TokenCache {
    static final int FORMAT = 1;
    static final String META = "meta.json";
    static final String VOCAB = "vocab.txt";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** What a cache was built from and what it holds. */
    record Meta(int format, Map<String, Source> sources, Map<String, Long> tokens) {}

    /** A source file as it was when the cache was built. */
    record Source(String path, long bytes, String modified) {
        static Source of(Path file) throws IOException {
            return new Source(file.toAbsolutePath().normalize().toString(), Files.size(file),
                    Files.getLastModifiedTime(file).toString());
        }
    }

    private TokenCache() {}

    /** Opens the cache of {@code files} in {@code dir}, building it first if it is missing or stale. */
    static WordCorpus load(WordFiles files, Path dir) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                lockFile.lock(); // released when the channel closes
                Map<String, Source> sources = sources(files);
                Meta meta = readMeta(dir);
                if (meta == null || meta.format() != FORMAT || !meta.sources().equals(sources) || !complete(dir, meta)) {
                    meta = build(files, dir, sources);
                }
                return open(files, dir, meta);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("token cache " + dir, e);
        }
    }

    private static Map<String, Source> sources(WordFiles files) throws IOException {
        Map<String, Source> sources = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : splits(files).entrySet()) {
            Utf8Reader.requireTextFile(e.getValue());
            sources.put(e.getKey(), Source.of(e.getValue()));
        }
        return sources;
    }

    private static Map<String, Path> splits(WordFiles files) {
        Map<String, Path> splits = new LinkedHashMap<>();
        splits.put("train", files.train());
        if (files.valid() != null) splits.put("valid", files.valid());
        if (files.test() != null) splits.put("test", files.test());
        return splits;
    }

    private static Meta readMeta(Path dir) {
        Path file = dir.resolve(META);
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readValue(file.toFile(), Meta.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean complete(Path dir, Meta meta) throws IOException {
        if (!Files.isRegularFile(dir.resolve(VOCAB))) return false;
        for (Map.Entry<String, Long> e : meta.tokens().entrySet()) {
            Path ids = dir.resolve(e.getKey() + ".ids");
            if (!Files.isRegularFile(ids) || Files.size(ids) != e.getValue() * Integer.BYTES) return false;
        }
        return meta.tokens().keySet().equals(meta.sources().keySet());
    }

    private static Meta build(WordFiles files, Path dir, Map<String, Source> sources) throws IOException {
        Files.deleteIfExists(dir.resolve(META));
        Vocabulary vocab = Vocabulary.build(files.train());
        vocab.write(dir.resolve(VOCAB));
        Map<String, Long> tokens = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : splits(files).entrySet()) {
            tokens.put(e.getKey(), writeIds(e.getValue(), vocab, dir.resolve(e.getKey() + ".ids")));
        }
        Meta meta = new Meta(FORMAT, sources, tokens);
        AtomicFiles.write(dir.resolve(META), out -> JSON.writeValue(out, meta));
        return meta;
    }

    private static long writeIds(Path text, Vocabulary vocab, Path target) throws IOException {
        long[] count = new long[1];
        AtomicFiles.writeChannel(target, channel -> {
            IdWriter writer = new IdWriter(channel);
            count[0] = WordIds.encode(text, vocab, writer);
            writer.drain();
        });
        return count[0];
    }

    private static WordCorpus open(WordFiles files, Path dir, Meta meta) throws IOException {
        Vocabulary vocab = Vocabulary.read(dir.resolve(VOCAB));
        Map<String, TokenSequence> ids = new LinkedHashMap<>();
        for (String split : meta.tokens().keySet()) {
            ids.put(split, MappedTokens.map(dir.resolve(split + ".ids")));
        }
        return new WordCorpus(files.name(), vocab, ids.get("train"), ids.get("valid"), ids.get("test"), dir);
    }

    /** Appends ids to a channel as little-endian int32 through a 1 MiB buffer. */
    private static final class IdWriter implements IntConsumer {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        IdWriter(FileChannel channel) {
            this.channel = Objects.requireNonNull(channel);
        }

        @Override
        public void accept(int id) {
            if (!buffer.hasRemaining()) drain();
            buffer.putInt(id);
        }

        void drain() {
            buffer.flip();
            try {
                while (buffer.hasRemaining()) channel.write(buffer);
            } catch (IOException e) {
                throw new UserError("writing the token cache failed (" + e.getMessage()
                        + "); check the free space and permissions of the token cache directory, or set "
                        + DataDir.CACHE_ENV + " to another one", e);
            }
            buffer.clear();
        }
    }
}
