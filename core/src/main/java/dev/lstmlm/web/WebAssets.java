package dev.lstmlm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files of the web pages (the playground of {@code lstmlm serve}, the training dashboard),
 * served from the jar's {@code dev/lstmlm/web/} folder: pages, scripts, styles and the bundled chart
 * library (uPlot, see {@code vendor/uplot/README}). Nothing is loaded from any other host, so the
 * pages work offline.
 */
public final class WebAssets {
    private static final String ROOT = "/dev/lstmlm/web/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private WebAssets() {}

    /** Adds {@code GET /assets/...} for every file under the folder, and {@code GET page} answering {@code file}. */
    public static void routes(JavalinConfig config, String page, String file) {
        config.routes.get(page, ctx -> serve(ctx, file));
        config.routes.get("/assets/<name>", ctx -> serve(ctx, ctx.pathParam("name")));
    }

    /** Answers with the file {@code name} of the folder, or 404 when there is none. */
    public static void serve(Context ctx, String name) {
        byte[] bytes = NAME.matcher(name).matches() && !name.contains("..") ? read(name) : null;
        if (bytes == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("there is no asset " + name);
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ctx.status(200).contentType(TYPES.getOrDefault(ext, "application/octet-stream"))
                .header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff").result(bytes);
    }

    /** The bytes of {@code name}, or null when the jar has no such file. */
    static byte[] read(String name) {
        byte[] cached = CACHE.get(name);
        if (cached != null) return cached;
        try (InputStream in = WebAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            CACHE.put(name, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
