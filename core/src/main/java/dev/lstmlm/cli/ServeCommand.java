package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.serve.GenerationServer;
import dev.lstmlm.serve.ModelCard;
import dev.lstmlm.serve.ServerOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm serve}: an HTTP API (OpenAI-compatible completions, scoring, generation) over a checkpoint. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Serve a checkpoint over HTTP with continuous batching: POST /v1/completions (OpenAI's shape),"
                + " /v1/score, /v1/next, /v1/generate; GET /v1/models, /v1/model, /health, /metrics."})
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ModelOption model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--model-name", paramLabel = "ID", description = "The model id of /v1/models and /v1/completions (default: the file name without .safetensors).")
    String modelName;

    @Option(names = "--length", defaultValue = "100", paramLabel = "N",
            description = "Tokens of a /v1/generate request that gives no length (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--max-batch", defaultValue = "32", paramLabel = "N", description = "Sequences in one batched step at most (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--queue", defaultValue = "256", paramLabel = "N",
            description = "Sequences that may wait for the batch; beyond, requests get 429 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-prompt-tokens", defaultValue = "4096", paramLabel = "N", description = "Tokens of one prompt or scored text at most (default: ${DEFAULT-VALUE}).")
    int maxPromptTokens;

    @Option(names = "--max-tokens", defaultValue = "2048", paramLabel = "N", description = "Tokens one request may generate per choice at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--idle-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Close a connection that sends or reads nothing for this long (default: ${DEFAULT-VALUE}).")
    int idleTimeout;

    @Mixin ThreadsOption threads;

    @Override
    public Integer call() throws InterruptedException {
        int threadCount = threads.resolve(spec.commandLine().getErr());
        if (idleTimeout < 1) throw new UserError("--idle-timeout must be at least 1 second, got " + idleTimeout);
        String name = modelName != null ? modelName : java.nio.file.Files.isDirectory(model.given)
                ? model.given.toAbsolutePath().normalize().getFileName().toString()
                : model.given.getFileName().toString().replaceFirst("\\.safetensors$", "");
        ServerOptions options = ServerOptions.defaults(port, name).withHost(host)
                .withLimits(maxBatch, queue, maxPromptTokens, maxTokens).withDefaultLength(length)
                .withTimeouts(Duration.ofSeconds(idleTimeout), Duration.ofSeconds(10));
        Checkpoint.Loaded loaded = Checkpoint.load(model.file(), ComputeLine.open(spec, threadCount));
        GenerationServer server = new GenerationServer(loaded.model(), Tokenizer.of(loaded.metadata()), options,
                ModelCard.provenance(loaded.metadata(), model.file()));
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM or Ctrl-C: running requests get the grace period to finish, then the listener closes.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping: finishing running requests (up to 10 s)");
            server.close();
            stopped.countDown();
        }, "lstmlm-serve-shutdown"));
        System.err.println("serving " + name + " (" + model.file() + ") on http://" + host + ":" + server.port() + " (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
