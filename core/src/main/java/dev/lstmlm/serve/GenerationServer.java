package dev.lstmlm.serve;

import dev.lstmlm.UserError;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.web.WebAssets;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP API over one loaded model, on Javalin 7 (Jetty 12) with request handlers on virtual
 * threads:
 *
 * <ul>
 *   <li>{@code POST /v1/completions}: OpenAI's completions ({@link CompletionsEndpoint});
 *   <li>{@code POST /v1/score}, {@code POST /v1/next}: log-probabilities of texts and the most
 *       likely next tokens ({@link ScoreEndpoints});
 *   <li>{@code POST /v1/generate}: the {@code generate} command as JSON ({@link GenerateEndpoint});
 *   <li>{@code GET /v1/models}, {@code GET /v1/model}, {@code GET /health}, {@code GET /metrics}.
 * </ul>
 *
 * <p>All model work goes through one {@link Scheduler} (continuous batching). Jetty reads requests
 * without holding a thread, and a connection idle for {@link ServerOptions#idleTimeout} is closed,
 * so slow or stuck clients cost a socket each and never delay anyone else; a request that does not
 * fit the bounded queue gets 429 with Retry-After. Every error is {@code {"error": {"message",
 * "type"}}} with its status, 404 and 405 included.
 */
public final class GenerationServer implements AutoCloseable {
    private static final String ROUTED = "lstmlm.routed";
    private final ServerOptions options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Scheduler scheduler;
    private final Javalin app;
    private volatile boolean closed;
    /** Requests inside a handler: a shutdown lets them write their answers before the listener closes. */
    private final AtomicInteger inFlight = new AtomicInteger();

    public GenerationServer(LanguageModel model, Tokenizer tokenizer, ServerOptions options) {
        this(model, tokenizer, options, Map.of());
    }

    /**
     * A server whose model card ({@code GET /v1/model}) also shows {@code provenance}: how the model was
     * trained and what it reached ({@link ModelCard#provenance}).
     */
    public GenerationServer(LanguageModel model, Tokenizer tokenizer, ServerOptions options, Map<String, Object> provenance) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model has " + model.config().vocabSize() + " outputs but the tokenizer "
                    + tokenizer.vocabSize() + " tokens");
        }
        this.options = options;
        this.scheduler = new Scheduler(model, options.maxBatch(), options.queueCapacity(), metrics);
        metrics.watch(scheduler::queued, scheduler::active);
        Serving serving = new Serving(scheduler, new Prompts(tokenizer, options.maxPromptTokens()), options);
        CompletionsEndpoint completions = new CompletionsEndpoint(serving);
        ScoreEndpoints scores = new ScoreEndpoints(serving);
        GenerateEndpoint generate = new GenerateEndpoint(serving);
        Map<String, Object> info = modelInfo(model.config(), tokenizer, provenance);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            WebAssets.routes(config, "/", "playground.html"); // the playground page and its scripts (dev.lstmlm.web)
            config.routes.get("/health", route("health", ctx -> Http.json(ctx, 200, Map.of("status", "ok"))));
            config.routes.get("/v1/model", route("model", ctx -> Http.json(ctx, 200, info)));
            config.routes.get("/v1/models", route("models", ctx -> Http.json(ctx, 200, models())));
            config.routes.get("/metrics", route("metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape())));
            config.routes.post("/v1/completions", route("completions", completions::handle));
            config.routes.post("/v1/score", route("score", scores::score));
            config.routes.post("/v1/next", route("next", scores::next));
            config.routes.post("/v1/generate", route("generate", generate::handle));
            config.routes.error(404, ctx -> unmatched(ctx, 404, "not_found_error", "there is no " + ctx.path()
                    + "; the endpoints are /v1/completions, /v1/score, /v1/next, /v1/generate, /v1/models, /v1/model, /health, /metrics"));
            config.routes.error(405, ctx -> unmatched(ctx, 405, "invalid_request_error",
                    ctx.path() + " does not take " + ctx.method() + " requests; GET /v1/models, /v1/model, /health and /metrics, POST the others"));
            config.routes.exception(Exception.class, (e, ctx) -> Http.json(ctx, 500,
                    Http.errorBody("internal error (" + e.getClass().getSimpleName() + "); the server keeps serving", "server_error")));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            scheduler.close();
            throw new UserError("cannot listen on " + options.host() + ":" + options.port() + " (" + rootMessage(e)
                    + "); choose another --port or stop the program that uses it", e);
        }
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof AbstractConnector a) a.setIdleTimeout(options.idleTimeout().toMillis());
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    /** For tests: the queue and the batch. */
    Scheduler scheduler() {
        return scheduler;
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector s) return s.getLocalPort();
        }
        return app.port();
    }

    /** Counts every request by endpoint and status, and turns {@link ApiError}s into their JSON. */
    private Handler route(String endpoint, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTED, Boolean.TRUE);
            inFlight.incrementAndGet();
            try {
                handler.handle(ctx);
            } catch (ApiError e) {
                if (!ctx.res().isCommitted()) Http.error(ctx, e);
            } finally {
                Http.idle(ctx, options.idleTimeout().toMillis());
                metrics.request(endpoint, ctx.res().getStatus());
                inFlight.decrementAndGet();
            }
        };
    }

    /** Javalin's status handlers also see a route's own 404 (an unknown model): they leave those alone. */
    private void unmatched(Context ctx, int status, String type, String message) {
        if (ctx.attribute(ROUTED) != null) return;
        Http.json(ctx, status, Http.errorBody(message, type));
        metrics.request("unmatched", status);
    }

    private Map<String, Object> models() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", options.modelName());
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", "lstmlm");
        return Map.of("object", "list", "data", List.of(m));
    }

    private Map<String, Object> modelInfo(ModelConfig config, Tokenizer tokenizer, Map<String, Object> provenance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", options.modelName());
        m.putAll(ModelCard.shape(config, tokenizer.words()));
        // A code-point alphabet's ids are its characters plus the unknown symbol (id 0).
        if (!tokenizer.words() && tokenizer.firstSymbol() > 0) m.put("characters", config.vocabSize() - tokenizer.firstSymbol());
        m.put("max_batch", options.maxBatch());
        m.put("max_prompt_tokens", options.maxPromptTokens());
        m.put("max_tokens", options.maxNewTokens());
        m.putAll(provenance);
        return m;
    }

    /**
     * Graceful shutdown: new requests get 503, running ones have {@link ServerOptions#shutdownGrace}
     * to finish before they are cancelled, then the listener closes.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        scheduler.shutdown(options.shutdownGrace());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
    }
}
