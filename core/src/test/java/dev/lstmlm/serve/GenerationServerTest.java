package dev.lstmlm.serve;

import static dev.lstmlm.serve.ServerFixture.JSON;
import static dev.lstmlm.serve.ServerFixture.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationServerTest {
    @TempDir Path dir;
    private ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = ServerFixture.cycle(dir);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void healthModelAndModelsDescribeTheServer() throws Exception {
        assertThat(f.get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
        JsonNode model = JSON.readTree(f.get("/v1/model").body());
        assertThat(model.get("tokenizer").asText()).isEqualTo("word");
        assertThat(model.get("vocab_size").asInt()).isEqualTo(5);
        assertThat(model.get("num_layers").asInt()).isEqualTo(1);
        JsonNode models = JSON.readTree(f.get("/v1/models").body());
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("words");
        assertThat(models.get("data").get(0).get("object").asText()).isEqualTo("model");
    }

    @Test
    void greedyGenerationContinuesThePrime() throws Exception {
        HttpResponse<String> r = f.post("/v1/generate", "{\"prime\": \"the\", \"length\": 5, \"greedy\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("prime").asText()).isEqualTo("the");
        assertThat(body.get("text").asText()).isEqualTo(" cat sat\nthe cat");
        assertThat(body.get("tokens").asInt()).isEqualTo(5);
    }

    @Test
    void theSameSeedGivesTheSameTextAndTheDefaultLengthApplies() throws Exception {
        String req = "{\"seed\": 7, \"temperature\": 30}";
        JsonNode a = f.postJson("/v1/generate", req);
        JsonNode b = f.postJson("/v1/generate", req);
        assertThat(a.get("text").asText()).isEqualTo(b.get("text").asText());
        assertThat(a.get("tokens").asInt()).isEqualTo(6);
        assertThat(a.get("seed").asLong()).isEqualTo(7);
    }

    @Test
    void streamingSendsThePrimeAndEveryTokenAsPlainText() throws Exception {
        HttpResponse<String> r = f.post("/v1/generate", "{\"prime\": \"cat\", \"length\": 3, \"greedy\": true, \"stream\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("cat sat\nthe");
    }

    @Test
    void unknownPrimeWordsAreReportedAsAWarning() throws Exception {
        JsonNode body = f.postJson("/v1/generate", "{\"prime\": \"dog\", \"length\": 2, \"greedy\": true}");
        assertThat(body.get("warning").asText()).contains("dog");
        assertThat(body.get("text").asText()).isEqualTo(" the cat");
    }

    @Test
    void badGenerateRequestsGet400WithOneSentenceNamingTheField() throws Exception {
        assertThat(error(f.post("/v1/generate", "{prime: "), 400)).contains("not valid JSON");
        assertThat(error(f.post("/v1/generate", "{\"temprature\": 1}"), 400))
                .isEqualTo("unknown field \"temprature\"; the fields are greedy, length, prime, seed, stream, temperature, top_k, top_p");
        assertThat(error(f.post("/v1/generate", "{\"temperature\": 0}"), 400)).contains("temperature must be a positive number")
                .contains("\"greedy\": true");
        assertThat(error(f.post("/v1/generate", "{\"length\": 0}"), 400)).contains("\"length\" must be between 1 and 2048");
        assertThat(error(f.post("/v1/generate", "{\"length\": \"5\"}"), 400)).startsWith("field \"length\" must be an integer");
        assertThat(error(f.post("/v1/generate", "{\"length\": 2.5}"), 400)).startsWith("field \"length\" must be an integer");
        assertThat(error(f.post("/v1/generate", "{\"prime\": 5}"), 400)).startsWith("field \"prime\" must be a string");
        assertThat(error(f.post("/v1/generate", "{\"greedy\": 1}"), 400)).startsWith("field \"greedy\" must be true or false");
        assertThat(error(f.post("/v1/generate", "{\"length\": 3} {\"length\": 4}"), 400)).contains("more after its JSON value");
        assertThat(error(f.post("/v1/generate", "{\"length\": 3, \"length\": 4}"), 400)).contains("\"length\" twice");
        assertThat(error(f.post("/v1/generate", "[1, 2]"), 400)).contains("must be a JSON object");
        assertThat(error(f.post("/v1/generate", "{\"length\": 99999999999}"), 400)).contains("\"length\"");
        for (String body : new String[] {"{\"temprature\": 1}", "{\"length\": \"5\"}", "[1]", "{\"seed\": {}}"}) {
            assertThat(f.post("/v1/generate", body).body()).doesNotContain("dev.lstmlm").doesNotContain("java.").doesNotContain("Request");
        }
        assertThat(f.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndWrongMethodsAreJsonErrors() throws Exception {
        assertThat(error(f.get("/v1/nothing"), 404)).contains("/v1/nothing").contains("/v1/completions");
        HttpResponse<String> wrong = f.get("/v1/generate");
        assertThat(error(wrong, 405)).contains("/v1/generate does not take GET");
        assertThat(error(f.post("/health", "{}"), 405)).contains("/health");
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
        f.postJson("/v1/generate", "{\"prime\": \"the\", \"length\": 5, \"greedy\": true}");
        f.post("/v1/generate", "{\"length\": \"5\"}");
        f.postJson("/v1/score", "{\"texts\": [\"the cat\"]}");
        HttpResponse<String> r = f.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String m = r.body();
        assertThat(m).contains("lstmlm_requests_total{endpoint=\"generate\",status=\"200\"} 1.0")
                .contains("lstmlm_requests_total{endpoint=\"generate\",status=\"400\"} 1.0")
                .contains("lstmlm_requests_total{endpoint=\"score\",status=\"200\"} 1.0")
                .contains("lstmlm_queue_length 0.0")
                .contains("lstmlm_active_sequences 0.0")
                .contains("lstmlm_tokens_generated_total 5.0")
                .contains("lstmlm_tokens_scored_total 3.0")
                .contains("lstmlm_step_seconds_bucket{le=")
                .contains("lstmlm_step_seconds_count");
    }
}
