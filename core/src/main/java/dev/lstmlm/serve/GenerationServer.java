package dev.lstmlm.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lstmlm.UserError;
import dev.lstmlm.generate.Generator;
import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.SamplerOptions;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.ModelConfigJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP API over one loaded model, on the JDK's built-in server:
 *
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"ok"}};
 *   <li>{@code GET /v1/model}: the tokenizer kind, vocabulary size and model shape;
 *   <li>{@code POST /v1/generate} with a JSON body {@code {"prime", "length", "temperature",
 *       "top_k", "top_p", "greedy", "seed", "stream"}} (all optional): the generated text as JSON,
 *       or, with {@code "stream": true}, as plain text sent token by token (chunked).
 * </ul>
 *
 * <p>The model keeps per-call buffers, so requests are generated one at a time under a lock while
 * the server keeps accepting connections. Bad requests get status 400 and {@code {"error": "..."}}.
 */
public final class GenerationServer implements AutoCloseable {
    /** Largest request body accepted, in bytes. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Longest sample one request may ask for, in tokens. */
    public static final int MAX_LENGTH = 100_000;

    /** A generation request; absent fields take the command line's defaults. */
    record Request(String prime, Integer length, Double temperature, Integer topK, Double topP,
                   Boolean greedy, Long seed, Boolean stream) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Generator generator;
    private final ModelConfig config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ReentrantLock modelLock = new ReentrantLock();
    private final Integer defaultLength;

    /**
     * Binds to {@code host:port} (port 0 picks a free one) and starts serving {@code generator}.
     *
     * @param defaultLength the sample length of a request that gives none; null for the tokenizer's default
     *     ({@link SamplerOptions#defaultLength})
     */
    public GenerationServer(Generator generator, ModelConfig config, String host, int port, Integer defaultLength) {
        this.generator = generator;
        this.config = config;
        this.defaultLength = defaultLength;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UserError("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --port or stop the program that uses it", e);
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lstmlm-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", ex -> handle(ex, "GET", () -> reply(ex, 200, Map.of("status", "ok"))));
        server.createContext("/v1/model", ex -> handle(ex, "GET", () -> reply(ex, 200, modelInfo())));
        server.createContext("/v1/generate", ex -> handle(ex, "POST", () -> generate(ex)));
        server.start();
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Action {
        void run() throws IOException;
    }

    private void handle(HttpExchange ex, String method, Action action) throws IOException {
        try {
            if (!ex.getRequestMethod().equals(method)) {
                ex.getResponseHeaders().add("Allow", method);
                reply(ex, 405, error(ex.getRequestURI().getPath() + " takes " + method + " requests"));
                return;
            }
            action.run();
        } catch (UserError e) {
            replyIfOpen(ex, 400, error(e.getMessage()));
        } catch (RuntimeException e) {
            replyIfOpen(ex, 500, error("internal error: " + e));
        } finally {
            ex.close();
        }
    }

    /** The tokenizer ("word" or "char") and the model config as the checkpoint writes it. */
    private Map<String, Object> modelInfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", generator.tokenizer().words() ? "word" : "char");
        ModelConfigJson.write(config).properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private void generate(HttpExchange ex) throws IOException {
        Request req = parse(ex.getRequestBody());
        int length = req.length() != null ? req.length() : defaultLength != null ? defaultLength
                : SamplerOptions.defaultLength(generator.tokenizer().words());
        if (length < 1 || length > MAX_LENGTH) {
            throw new UserError("length must be between 1 and " + MAX_LENGTH + ", got " + length);
        }
        SamplerOptions options = SamplerOptions.of(req.greedy(), req.temperature(), req.topK(), req.topP());
        long seed = req.seed() != null ? req.seed() : System.nanoTime();
        Tokenizer.Encoded prime = generator.tokenizer().encode(req.prime() == null ? "" : req.prime());
        Sampler sampler = new Sampler(generator.tokenizer().vocabSize(), options, seed);

        modelLock.lock();
        try {
            if (Boolean.TRUE.equals(req.stream())) {
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write(prime.echo().getBytes(StandardCharsets.UTF_8));
                out.flush();
                generator.generate(prime.ids(), length, sampler, (id, text) -> {
                    try {
                        out.write(text.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException e) {
                        throw new ClientGone(e);
                    }
                });
                return;
            }
            long start = System.nanoTime();
            String text = generator.generate(prime.ids(), length, sampler, (id, t) -> { });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("prime", prime.echo());
            body.put("text", text);
            body.put("tokens", length);
            body.put("seed", seed);
            body.put("elapsed_ms", (System.nanoTime() - start) / 1e6);
            if (prime.warning() != null) body.put("warning", prime.warning());
            reply(ex, 200, body);
        } catch (ClientGone e) {
            // The client closed a streamed response; the sample is simply abandoned.
        } finally {
            modelLock.unlock();
        }
    }

    private static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }

    private static Request parse(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new UserError("the request body is larger than " + MAX_BODY_BYTES + " bytes; send a shorter prime");
        }
        if (body.length == 0) return new Request(null, null, null, null, null, null, null, null);
        try {
            return JSON.readValue(body, Request.class);
        } catch (JsonProcessingException e) {
            throw new UserError("the request body is not a valid generation request (" + e.getOriginalMessage()
                    + "); send JSON such as {\"prime\": \"the\", \"length\": 20}");
        }
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void replyIfOpen(HttpExchange ex, int status, Object body) throws IOException {
        if (ex.getResponseCode() == -1) reply(ex, status, body);
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
