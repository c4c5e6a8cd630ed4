package dev.lstmlm.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events to any number of pages: {@link #publish} hands an event to every open stream,
 * each stream is written by its own request thread (a virtual thread), so a slow page never holds
 * the publisher. A page that falls {@value #QUEUE} events behind is dropped (its browser reconnects
 * and starts from a fresh snapshot). A comment line every {@value #HEARTBEAT_SECONDS} s keeps idle
 * connections open and notices closed ones.
 */
public final class EventHub implements AutoCloseable {
    static final int QUEUE = 1024;
    static final int HEARTBEAT_SECONDS = 10;
    private static final Event CLOSE = new Event("close", "{}");

    /** One event: its name (the page's {@code addEventListener} type) and its JSON data. */
    public record Event(String name, String json) {}

    private final Set<BlockingQueue<Event>> streams = new CopyOnWriteArraySet<>();
    private volatile boolean closed;

    public void publish(String name, String json) {
        Event e = new Event(name, json);
        for (BlockingQueue<Event> q : streams) {
            if (!q.offer(e)) {
                streams.remove(q);
                q.clear();
                q.offer(CLOSE);
            }
        }
    }

    /** How many pages are connected. */
    public int streams() {
        return streams.size();
    }

    /** Streams {@code first}, then every published event, until the page goes away or the hub closes. */
    public void stream(Context ctx, List<Event> first) throws InterruptedException {
        BlockingQueue<Event> q = new ArrayBlockingQueue<>(QUEUE);
        streams.add(q);
        try {
            ctx.res().setStatus(200);
            ctx.res().setContentType("text/event-stream; charset=utf-8");
            ctx.res().setHeader("Cache-Control", "no-cache");
            OutputStream out = ctx.res().getOutputStream();
            send(out, "retry: 1000\n\n");
            for (Event e : first) send(out, format(e));
            while (!closed) {
                Event e = q.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (e == CLOSE) break;
                send(out, e == null ? ": ping\n\n" : format(e));
            }
        } catch (IOException gone) {
            // the page was closed
        } finally {
            streams.remove(q);
        }
    }

    private static String format(Event e) {
        return "event: " + e.name() + "\ndata: " + e.json() + "\n\n";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends every stream. */
    @Override
    public void close() {
        closed = true;
        for (BlockingQueue<Event> q : streams) q.offer(CLOSE);
    }
}
