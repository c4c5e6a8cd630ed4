package dev.lstmlm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 serving fixed bodies, so download tests never leave the machine. */
public final class LocalServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAt = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code body} at {@code /name}. */
    public LocalServer serve(String name, byte[] body) {
        bodies.put("/" + name, body);
        return this;
    }

    /** Announces the full length of {@code /name} but closes the connection after {@code bytes} bytes. */
    public LocalServer cut(String name, int bytes) {
        cutAt.put("/" + name, bytes);
        return this;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        byte[] body = bodies.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        Integer cut = cutAt.get(path);
        OutputStream out = ex.getResponseBody();
        if (cut == null) {
            out.write(body);
            out.close();
            return;
        }
        out.write(body, 0, cut);
        out.flush();
        // Closing short of the announced length makes the server drop the connection mid-body.
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
