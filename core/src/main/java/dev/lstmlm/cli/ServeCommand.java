package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.generate.Generator;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.serve.GenerationServer;
import dev.lstmlm.tensor.Gemms;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lstmlm serve}: an HTTP API that generates text from a checkpoint. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Serve a checkpoint over HTTP: GET /health, GET /v1/model, POST /v1/generate with a JSON body"
                + " {\"prime\", \"length\", \"temperature\", \"top_k\", \"top_p\", \"greedy\", \"seed\", \"stream\"}."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin ModelOption model;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--length", paramLabel = "N", description = "Sample length of a request that gives none (default: "
            + dev.lstmlm.generate.SamplerOptions.DEFAULT_WORDS + " words, " + dev.lstmlm.generate.SamplerOptions.DEFAULT_CHARACTERS
            + " characters, as lstmlm generate).")
    Integer length;

    @Mixin ThreadsOption threads;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) throw new UserError("--port must be between 0 and 65535, got " + port);
        if (length != null && (length < 1 || length > GenerationServer.MAX_LENGTH)) {
            throw new UserError("--length must be between 1 and " + GenerationServer.MAX_LENGTH + ", got " + length);
        }
        int threadCount = threads.resolve(new java.io.PrintWriter(System.err, true));
        Checkpoint.Loaded loaded = Checkpoint.load(model.file, Gemms.create(threadCount));
        Generator generator = new Generator(loaded.model(), dev.lstmlm.generate.Tokenizer.of(loaded.metadata()));
        CountDownLatch stop = new CountDownLatch(1);
        try (GenerationServer server = new GenerationServer(generator, loaded.model().config(), host, port, length)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.err.println("serving " + model.file + " on http://" + host + ":" + server.port() + " (Ctrl-C stops)");
            stop.await();
        }
        return 0;
    }
}
