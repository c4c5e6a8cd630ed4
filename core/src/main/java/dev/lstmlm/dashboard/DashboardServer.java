package dev.lstmlm.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.web.EventHub;
import dev.lstmlm.web.WebAssets;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The training dashboard: one page ({@code GET /}) with the curves of the runs under a directory,
 * overlaid, updated as they change, and for {@code lstmlm train --ui} the live per-batch progress
 * of the running training with a stop button. Javalin 7 on virtual threads, as {@code lstmlm serve}.
 *
 * <ul>
 *   <li>{@code GET /api/runs}: {"live": bool, "runs": [run...], "batches": [point...]};
 *   <li>{@code GET /api/events}: server-sent events {@code run} (a run that changed, whole),
 *       {@code batch} (a live point), {@code stopping}, {@code end} (the server is closing);
 *   <li>{@code POST /api/stop}: asks the live training to stop as Ctrl-C does (409 without one).
 * </ul>
 */
public final class DashboardServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 500;

    private final RunWatcher watcher;
    private final LiveProgress live;
    private final EventHub hub = new EventHub();
    private final Javalin app;
    private final Thread poller;
    private final PrintWriter log;

    /**
     * @param root a run directory, or a directory of runs
     * @param live the running training's progress, or null for runs on disk only
     * @param log where "stopping" is said when the page's button is pressed
     */
    public DashboardServer(Path root, LiveProgress live, String host, int port, PrintWriter log) {
        this.watcher = new RunWatcher(root);
        this.live = live;
        this.log = log;
        if (live != null) live.sink(p -> hub.publish("batch", p.toString()));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            WebAssets.routes(config, "/", "dashboard.html");
            config.routes.get("/api/runs", ctx -> json(ctx, 200, state()));
            config.routes.get("/api/events", this::events);
            config.routes.post("/api/stop", this::stop);
            config.routes.get("/health", ctx -> json(ctx, 200, Map.of("status", "ok")));
            config.routes.error(404, ctx -> json(ctx, 404, error("there is no " + ctx.path() + " on the dashboard")));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new UserError("cannot listen on " + host + ":" + port + " for the dashboard (" + rootMessage(e)
                    + "); choose another port or stop the program that uses it", e);
        }
        watcher.snapshot();
        poller = Thread.ofVirtual().name("dashboard-watcher").start(this::pollLoop);
    }

    /** The port bound (useful when 0 was asked for). */
    public int port() {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector s) return s.getLocalPort();
        }
        return app.port();
    }

    /** Looks at the run directories now and sends what changed (the trainer's last lines before it exits). */
    public void refresh() {
        watcher.poll(run -> hub.publish("run", run.toString()));
    }

    private void pollLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(POLL_MILLIS);
                refresh();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a run directory half written or removed while read: the next poll looks again
            }
        }
    }

    private ObjectNode state() {
        ObjectNode s = JSON.createObjectNode();
        s.put("live", live != null);
        s.put("root", watcher.root().toString());
        s.putArray("runs").addAll(watcher.snapshot());
        if (live != null) {
            s.set("batches", live.history());
            s.put("stopping", live.stopRequested());
        }
        return s;
    }

    private void events(Context ctx) throws InterruptedException {
        List<EventHub.Event> first = new ArrayList<>();
        first.add(new EventHub.Event("state", state().toString()));
        hub.stream(ctx, first);
    }

    private void stop(Context ctx) {
        if (live == null) {
            json(ctx, 409, error("this dashboard shows runs on disk and runs no training; stop a training where it was started"));
            return;
        }
        if (live.requestStop()) {
            log.println("stopping: the dashboard asked; finishing this batch and saving a checkpoint");
            log.flush();
            hub.publish("stopping", "{}");
        }
        json(ctx, 202, Map.of("status", "stopping"));
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", Map.of("message", message, "type", "invalid_request_error"));
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written as JSON", e);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    /** Tells the pages that no more updates will come (so they do not reconnect), then stops serving. */
    @Override
    public void close() {
        poller.interrupt();
        hub.publish("end", "{}");
        hub.close();
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            while (hub.streams() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
    }
}
