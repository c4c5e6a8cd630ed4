package dev.lstmlm.spark;

import dev.lstmlm.score.Scorer;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The models of one executor JVM, each loaded once and shared by every task that runs there
 * (a {@link Scorer} is thread-safe: tasks take turns on it, each batch's matrix products running
 * on all of its threads). Keyed by the SHA-256 of the checkpoint's bytes, so that a task never
 * scores with another model than its job broadcast, and a second job with the same model loads
 * nothing.
 */
final class ExecutorModels {
    private static final ConcurrentMap<String, Scorer> SCORERS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {}

    /** The scorer of the checkpoint whose digest is {@code digest}; {@code bytes} is read only the first time. */
    static Scorer scorer(String digest, Supplier<byte[]> bytes, int threads) {
        return SCORERS.computeIfAbsent(digest + "/" + threads, k -> load(bytes.get(), threads));
    }

    /** How many times this JVM has loaded a model (for tests). */
    static int loads() {
        return LOADS.get();
    }

    private static Scorer load(byte[] checkpoint, int threads) {
        // The checkpoint reader maps a file: the bytes go to a temporary file for the moment of loading.
        LOADS.incrementAndGet();
        Path file = null;
        try {
            file = Files.createTempFile("lstmlm-model-", ".safetensors");
            Files.write(file, checkpoint);
            return Scorer.load(file, Compute.create(threads));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the broadcast model to a temporary file", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
