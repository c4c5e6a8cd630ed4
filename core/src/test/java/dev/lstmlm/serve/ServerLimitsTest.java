package dev.lstmlm.serve;

import static dev.lstmlm.serve.ServerFixture.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLimitsTest {
    @TempDir Path dir;

    /** A random model big enough that 100,000 tokens take a while, with a 1-second idle timeout. */
    private ServerFixture slowServer(int maxBatch, int queue) throws Exception {
        ServerOptions o = ServerOptions.defaults(0, "random").withLimits(maxBatch, queue, 4096, 100_000)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(60));
        return ServerFixture.random(dir, 400, 64, o);
    }

    private static Socket open(ServerFixture f) throws Exception {
        Socket s = new Socket("127.0.0.1", f.server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static long healthMillis(ServerFixture f) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = f.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void clientsThatSendHalfABodyNeitherFreezeHealthNorGenerationAndAreDisconnected() throws Exception {
        try (ServerFixture f = slowServer(32, 256)) {
            healthMillis(f);
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket s = open(f);
                send(s, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"prompt\": \"w5");
                slow.add(s);
            }
            for (int i = 0; i < 5; i++) assertThat(healthMillis(f)).isLessThan(2000);
            assertThat(f.postJson("/v1/completions", "{\"prompt\": \"w5\", \"max_tokens\": 5}").get("choices").size()).isEqualTo(1);
            // The idle timeout (1 s) closes every stalled connection: the read ends (with a 408 or nothing).
            for (Socket s : slow) {
                InputStream in = s.getInputStream();
                long start = System.nanoTime();
                try {
                    while (in.read() >= 0) {
                        // drain whatever status line the server sends before closing
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a stalled connection was still open after 10 s");
                } catch (java.io.IOException reset) {
                    // closed by the server
                }
                assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
                s.close();
            }
        }
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndADisconnectCancelsItsSequence() throws Exception {
        try (ServerFixture f = slowServer(1, 2)) {
            Scheduler scheduler = f.server.scheduler();
            // One streamed request fills the batch of 1, two more fill the queue of 2.
            Socket first = open(f);
            String stream = "{\"prompt\": \"w5\", \"max_tokens\": 100000, \"stream\": true}";
            send(first, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + stream.length() + "\r\n\r\n" + stream);
            byte[] some = first.getInputStream().readNBytes(400);
            assertThat(new String(some, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").contains("data: {");
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiting.add(f.client.sendAsync(HttpRequest.newBuilder(f.uri("/v1/completions")).timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"w6\", \"max_tokens\": 3}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            waitUntil(() -> scheduler.queued() == 2, "two requests queued");
            HttpResponse<String> rejected = f.post("/v1/completions", "{\"prompt\": \"w7\", \"max_tokens\": 3}");
            assertThat(error(rejected, 429)).contains("queue is full");
            assertThat(rejected.headers().firstValue("Retry-After")).contains("1");
            assertThat(f.get("/health").statusCode()).isEqualTo(200);

            first.close();
            waitUntil(() -> scheduler.active() == 0 && scheduler.queued() == 0, "the disconnected stream cancelled");
            for (CompletableFuture<HttpResponse<String>> r : waiting) assertThat(r.get().statusCode()).isEqualTo(200);
            assertThat(f.get("/metrics").body()).doesNotContain("lstmlm_tokens_generated_total 100000");
        }
    }

    @Test
    void bodiesOverTheLimitGet413AndTheServerKeepsServing() throws Exception {
        ServerOptions o = ServerOptions.defaults(0, "words").withMaxBodyBytes(1000);
        try (ServerFixture f = ServerFixture.cycle(dir, o)) {
            String big = "{\"prompt\": \"" + "the ".repeat(400) + "\"}";
            assertThat(error(f.post("/v1/completions", big), 413)).contains("larger than 1000 bytes");
            assertThat(f.postJson("/v1/completions", "{\"prompt\": \"the\", \"max_tokens\": 2}").get("choices").size()).isEqualTo(1);
        }
    }

    @Test
    void shutdownLetsRunningRequestsFinishAndAnswersNewOnesWith503() throws Exception {
        ServerFixture f = slowServer(4, 16);
        try {
            CompletableFuture<HttpResponse<String>> running = f.client.sendAsync(HttpRequest.newBuilder(f.uri("/v1/completions"))
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(
                            "{\"prompt\": \"w5\", \"max_tokens\": 20000}")).build(), HttpResponse.BodyHandlers.ofString());
            waitUntil(() -> f.server.scheduler().active() == 1, "the request running");
            Thread closer = Thread.ofVirtual().start(f::close);
            waitUntil(() -> {
                try {
                    return f.post("/v1/completions", "{\"prompt\": \"w5\", \"max_tokens\": 3}").statusCode() == 503;
                } catch (Exception e) {
                    return false;
                }
            }, "503 while draining");
            HttpResponse<String> r = running.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"completion_tokens\":20000");
            closer.join();
        } finally {
            f.close();
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitUntil(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }
}
