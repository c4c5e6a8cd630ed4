package dev.lstmlm.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/** Reading request bodies and writing JSON, errors and event streams on a Javalin context. */
final class Http {
    private Http() {}

    /** The client went away while a response was being streamed to it. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }

    /** The body as a {@code type} (see {@link JsonBodies#read}); 413 before reading when Content-Length is over the cap. */
    static <T> T body(Context ctx, long maxBytes, Class<T> type, T emptyValue, String example) {
        if (ctx.req().getContentLengthLong() > maxBytes) throw JsonBodies.tooLarge(maxBytes);
        try {
            return JsonBodies.read(ctx.req().getInputStream(), maxBytes, type, emptyValue, example);
        } catch (IOException e) {
            throw ApiError.badRequest("the request body could not be read (" + e.getMessage() + "); send it again");
        }
    }

    static void json(Context ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JsonBodies.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written as JSON", e);
        }
        // Written here, inside the route, rather than handed to Javalin as a result to write after it: a
        // graceful shutdown waits for the routes in flight, and so for their whole responses.
        ctx.status(status).contentType("application/json");
        ctx.res().setContentLength(bytes.length);
        try {
            ctx.outputStream().write(bytes);
            ctx.outputStream().flush();
        } catch (java.io.IOException e) {
            // the client went away; nothing more can be sent to it
        }
    }

    static Map<String, Object> errorBody(String message, String type) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("message", message);
        inner.put("type", type);
        return Map.of("error", inner);
    }

    static void error(Context ctx, ApiError e) {
        if (e.retryAfterSeconds > 0) ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds));
        json(ctx, e.status, errorBody(e.getMessage(), e.type));
    }

    /**
     * Once a request is read and its sequences are queued, the connection may rightly stay silent
     * for longer than the idle timeout (a long completion that is not streamed): that timeout is for
     * clients that stall while sending, so it is lifted until the handler returns ({@link #idle}
     * restores it). A connection failure that Jetty notices cancels the run.
     */
    static void computing(Context ctx, Run run) {
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) return;
        request.addFailureListener(failure -> run.cancel());
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(0);
    }

    /** Sets the idle timeout of the request's connection (after {@link #computing} lifted it). */
    static void idle(Context ctx, long millis) {
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null) request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(millis);
    }

    /** Commits a 200 response of {@code contentType} whose body is written piece by piece with {@link #send}. */
    static OutputStream startStream(Context ctx, String contentType) {
        ctx.res().setStatus(200);
        ctx.res().setContentType(contentType);
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = ctx.res().getOutputStream();
            out.flush();
            return out;
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** Writes and flushes; a failed write means the client is gone. */
    static void send(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** One server-sent event carrying {@code body} as JSON. */
    static void sendEvent(OutputStream out, Object body) {
        try {
            send(out, "data: " + JsonBodies.MAPPER.writeValueAsString(body) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
