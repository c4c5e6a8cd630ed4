package dev.lstmlm.serve;

import static dev.lstmlm.serve.ServerFixture.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.model.LanguageModel;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinuousBatchingTest {
    @TempDir Path dir;

    @Test
    void aBatchedStepGivesEachRowWhatItsOwnStepGives() throws Exception {
        try (ServerFixture f = ServerFixture.random(dir, 40, 16, ServerOptions.defaults(0, "random"))) {
            LanguageModel batched = f.freshModel();
            LanguageModel single = f.freshModel();
            int rows = 7;
            LanguageModel.State state = batched.newState(rows);
            LanguageModel.State[] own = new LanguageModel.State[rows];
            for (int b = 0; b < rows; b++) own[b] = single.newState(1);
            float[] logits = new float[rows * 40];
            float[] one = new float[40];
            int[] tokens = new int[rows];
            for (int t = 0; t < 5; t++) {
                for (int b = 0; b < rows; b++) tokens[b] = (3 * b + 5 * t) % 40;
                batched.logits(tokens, 1, rows, state, logits);
                for (int b = 0; b < rows; b++) {
                    single.step(tokens[b], own[b], one);
                    for (int v = 0; v < 40; v++) assertThat(logits[b * 40 + v]).isCloseTo(one[v], within(1e-5f));
                }
            }
        }
    }

    @Test
    void aSeededRequestGetsTheSameTextAloneOrBeside31Others() throws Exception {
        try (ServerFixture f = ServerFixture.random(dir, 40, 16, ServerOptions.defaults(0, "random"))) {
            String target = "{\"prompt\": \"w3 w4\", \"max_tokens\": 40, \"seed\": 1234, \"logprobs\": 0}";
            JsonNode alone = f.postJson("/v1/completions", target).get("choices").get(0);
            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            CompletableFuture<HttpResponse<String>> beside = null;
            for (int i = 0; i < 32; i++) {
                String body;
                String path = "/v1/completions";
                if (i == 12) {
                    body = target;
                } else if (i % 5 == 0) {
                    path = "/v1/score";
                    body = "{\"texts\": [\"w" + (i + 2) + " w7 w9 w11 w3\", \"w5 w5 w5\"]}";
                } else {
                    body = "{\"prompt\": \"w" + (i + 2) + " w9\", \"max_tokens\": " + (10 + 3 * i) + ", \"seed\": " + i + "}";
                }
                CompletableFuture<HttpResponse<String>> r = f.client.sendAsync(HttpRequest.newBuilder(f.uri(path))
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (i == 12) beside = r; else others.add(r);
            }
            for (CompletableFuture<HttpResponse<String>> r : others) assertThat(r.get().statusCode()).isEqualTo(200);
            JsonNode crowd = JSON.readTree(beside.get().body()).get("choices").get(0);
            assertThat(crowd.get("text").asText()).isEqualTo(alone.get("text").asText());
            for (int i = 0; i < 40; i++) {
                assertThat(crowd.get("logprobs").get("token_logprobs").get(i).asDouble())
                        .isCloseTo(alone.get("logprobs").get("token_logprobs").get(i).asDouble(), within(1e-4));
            }
            assertThat(largestBatch(f.get("/metrics").body())).as("sequences shared steps").isGreaterThanOrEqualTo(8);
        }
    }

    static double largestBatch(String metrics) {
        Matcher m = Pattern.compile("(?m)^lstmlm_batch_size_max ([0-9.]+)").matcher(metrics);
        if (!m.find()) throw new AssertionError("no lstmlm_batch_size_max in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }
}
