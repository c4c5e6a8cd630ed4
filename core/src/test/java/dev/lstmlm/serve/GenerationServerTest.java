package dev.lstmlm.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.generate.Generator;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir Path dir;
    private GenerationServer server;

    @BeforeEach
    void start() throws Exception {
        // unk → the, eos → the, the → cat, cat → sat, sat → eos: greedy text is "the cat sat\n..."
        Path file = TestModels.save(dir.resolve("words.safetensors"), TestModels.cycle(new int[] {2, 2, 3, 4, 1}),
                TokenizerKind.WORD, List.of("<unk>", "<eos>", "the", "cat", "sat"));
        Checkpoint.Loaded loaded = Checkpoint.load(file, Compute.create(1));
        Generator generator = new Generator(loaded.model(), dev.lstmlm.generate.Tokenizer.of(loaded.metadata()));
        server = new GenerationServer(generator, loaded.model().config(), "127.0.0.1", 0, 6);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void healthAndModelDescribeTheServer() throws Exception {
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
        JsonNode model = JSON.readTree(get("/v1/model").body());
        assertThat(model.get("tokenizer").asText()).isEqualTo("word");
        assertThat(model.get("vocab_size").asInt()).isEqualTo(5);
        assertThat(model.get("num_layers").asInt()).isEqualTo(1);
    }

    @Test
    void greedyGenerationContinuesThePrime() throws Exception {
        HttpResponse<String> r = post("/v1/generate", "{\"prime\": \"the\", \"length\": 5, \"greedy\": true}");
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
        JsonNode a = JSON.readTree(post("/v1/generate", req).body());
        JsonNode b = JSON.readTree(post("/v1/generate", req).body());
        assertThat(a.get("text").asText()).isEqualTo(b.get("text").asText());
        assertThat(a.get("tokens").asInt()).isEqualTo(6);
        assertThat(a.get("seed").asLong()).isEqualTo(7);
    }

    @Test
    void streamingSendsThePrimeAndEveryTokenAsPlainText() throws Exception {
        HttpResponse<String> r = post("/v1/generate", "{\"prime\": \"cat\", \"length\": 3, \"greedy\": true, \"stream\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("cat sat\nthe");
    }

    @Test
    void unknownPrimeWordsAreReportedAsAWarning() throws Exception {
        JsonNode body = JSON.readTree(post("/v1/generate", "{\"prime\": \"dog\", \"length\": 2, \"greedy\": true}").body());
        assertThat(body.get("warning").asText()).contains("dog");
        assertThat(body.get("text").asText()).isEqualTo(" the cat");
    }

    @Test
    void badRequestsGet400WithOneSentence() throws Exception {
        HttpResponse<String> notJson = post("/v1/generate", "{prime: ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).contains("not a valid generation request");

        HttpResponse<String> unknownField = post("/v1/generate", "{\"temprature\": 1}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("temprature");

        HttpResponse<String> badTemperature = post("/v1/generate", "{\"temperature\": 0}");
        assertThat(badTemperature.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badTemperature.body()).get("error").asText()).contains("temperature must be a positive number");

        HttpResponse<String> badLength = post("/v1/generate", "{\"length\": 0}");
        assertThat(badLength.statusCode()).isEqualTo(400);
        assertThat(badLength.body()).contains("length must be between 1 and");

        assertThat(get("/v1/generate").statusCode()).isEqualTo(405);
    }
}
