package dev.lstmlm.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of bench/load-test.py: 16 clients × 3 requests (completions of 20 tokens, every
 * fourth a score request) while 8 slow clients hold half-sent requests and /health is probed every
 * 50 ms. No request may fail and /health must keep answering throughout; its latency percentiles are
 * the load test's to measure.
 */
class ServeLoadTest {
    @TempDir Path dir;

    @Test
    void sixteenClientsAndEightSlowOnesGetEveryAnswerWhileHealthStaysFast() throws Exception {
        try (ServerFixture f = ServerFixture.random(dir, 1000, 64, ServerOptions.defaults(0, "random"))) {
            for (int i = 0; i < 20; i++) f.get("/health");
            f.postJson("/v1/completions", "{\"prompt\": \"w5\", \"max_tokens\": 20}");
            AtomicBoolean stop = new AtomicBoolean();
            List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger healthErrors = new AtomicInteger();
            Thread prober = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        if (f.get("/health").statusCode() == 200) {
                            healthMillis.add((System.nanoTime() - start) / 1_000_000);
                        } else {
                            healthErrors.incrementAndGet();
                        }
                        Thread.sleep(50);
                    } catch (Exception e) {
                        healthErrors.incrementAndGet();
                    }
                }
            });
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket("127.0.0.1", f.server.port());
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 200\r\n\r\n{\"prompt\": \"w5").getBytes(StandardCharsets.UTF_8));
                out.flush();
                slow.add(s);
            }
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                for (int i = 0; i < 3; i++) {
                    boolean score = (c * 3 + i) % 4 == 3;
                    String body = score ? "{\"texts\": [\"w3 w9 w27 w81\", \"w5 w25 w125\", \"w7 w49\"]}"
                            : "{\"prompt\": \"w" + (c + 2) + " w" + (i + 9) + "\", \"max_tokens\": 20, \"seed\": " + (c * 10 + i) + "}";
                    answers.add(f.client.sendAsync(HttpRequest.newBuilder(f.uri(score ? "/v1/score" : "/v1/completions"))
                            .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
            }
            int errors = 0;
            for (CompletableFuture<HttpResponse<String>> a : answers) {
                if (a.get().statusCode() != 200) errors++;
            }
            stop.set(true);
            prober.join();
            for (Socket s : slow) s.close();
            assertThat(errors).isZero();
            assertThat(healthErrors.get()).isZero();
            List<Long> sorted = new ArrayList<>(healthMillis);
            Collections.sort(sorted);
            assertThat(sorted).isNotEmpty();
            // The 100 ms p90 target is the load test's (bench/load-test.py, on an idle machine, hundreds
            // of probes): here the run lasts about a second, so p90 is the 7th of some 8 probes and went
            // from 8 ms idle to 103-788 ms with other programs on the two cores. What this test holds to
            // is that no probe fails and none waits behind the batch (the scheduler never blocks the
            // HTTP layer): each answers within 2 s while 8 slow clients hold their connections.
            assertThat(sorted.getLast()).as("slowest /health (ms) of %s", sorted).isLessThan(2000);
        }
    }
}
