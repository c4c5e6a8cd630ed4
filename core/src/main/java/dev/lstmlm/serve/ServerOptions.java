package dev.lstmlm.serve;

import dev.lstmlm.UserError;
import java.time.Duration;

/**
 * How {@link GenerationServer} listens and what it allows one request.
 *
 * @param modelName the id under which {@code /v1/models} lists the model and {@code /v1/completions} accepts it
 * @param defaultLength tokens of a {@code /v1/generate} request that gives no length
 * @param maxBatch sequences in one batched step at most
 * @param queueCapacity sequences that may wait to join the batch; a request that does not fit gets 429
 * @param maxPromptTokens tokens of one prompt or scored text at most
 * @param maxNewTokens tokens one sequence may generate at most ({@code max_tokens}, {@code length})
 * @param maxBodyBytes largest request body
 * @param idleTimeout a connection that sends or takes nothing for this long is closed (slow or stuck clients)
 * @param shutdownGrace how long a shutdown lets running requests finish before cancelling them
 */
public record ServerOptions(String host, int port, String modelName, int defaultLength, int maxBatch, int queueCapacity,
                            int maxPromptTokens, int maxNewTokens, long maxBodyBytes, Duration idleTimeout,
                            Duration shutdownGrace) {

    public ServerOptions {
        if (port < 0 || port > 65535) throw new UserError("--port must be between 0 and 65535, got " + port);
        if (maxBatch < 1) throw new UserError("--max-batch must be at least 1, got " + maxBatch);
        if (queueCapacity < 1) throw new UserError("--queue must be at least 1, got " + queueCapacity);
        if (maxPromptTokens < 1) throw new UserError("--max-prompt-tokens must be at least 1, got " + maxPromptTokens);
        if (maxNewTokens < 1) throw new UserError("--max-tokens must be at least 1, got " + maxNewTokens);
        if (defaultLength < 1 || defaultLength > maxNewTokens) {
            throw new UserError("--length must be between 1 and --max-tokens (" + maxNewTokens + "), got " + defaultLength);
        }
        if (maxBodyBytes < 1) throw new UserError("the body limit must be at least 1 byte, got " + maxBodyBytes);
        if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new UserError("--idle-timeout must be positive, got " + idleTimeout);
    }

    /** Loopback on {@code port} with the defaults of {@code lstmlm serve}. */
    public static ServerOptions defaults(int port, String modelName) {
        return new ServerOptions("127.0.0.1", port, modelName, 100, 32, 256, 4096, 2048, 1 << 20,
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    public ServerOptions withLimits(int maxBatch, int queueCapacity, int maxPromptTokens, int maxNewTokens) {
        return new ServerOptions(host, port, modelName, Math.min(defaultLength, maxNewTokens), maxBatch, queueCapacity,
                maxPromptTokens, maxNewTokens, maxBodyBytes, idleTimeout, shutdownGrace);
    }

    public ServerOptions withTimeouts(Duration idle, Duration grace) {
        return new ServerOptions(host, port, modelName, defaultLength, maxBatch, queueCapacity, maxPromptTokens, maxNewTokens,
                maxBodyBytes, idle, grace);
    }

    public ServerOptions withDefaultLength(int length) {
        return new ServerOptions(host, port, modelName, length, maxBatch, queueCapacity, maxPromptTokens, maxNewTokens,
                maxBodyBytes, idleTimeout, shutdownGrace);
    }

    public ServerOptions withHost(String h) {
        return new ServerOptions(h, port, modelName, defaultLength, maxBatch, queueCapacity, maxPromptTokens, maxNewTokens,
                maxBodyBytes, idleTimeout, shutdownGrace);
    }

    public ServerOptions withMaxBodyBytes(long bytes) {
        return new ServerOptions(host, port, modelName, defaultLength, maxBatch, queueCapacity, maxPromptTokens, maxNewTokens,
                bytes, idleTimeout, shutdownGrace);
    }
}
