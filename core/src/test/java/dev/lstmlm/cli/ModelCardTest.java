package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.serve.GenerationServer;
import dev.lstmlm.serve.ModelCard;
import dev.lstmlm.serve.ServerOptions;
import dev.lstmlm.tensor.Compute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model card of {@code lstmlm serve} shows the corpus, preset and results of the run that made the model. */
class ModelCardTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void aRunsModelCarriesItsTrainingAndResultsIntoTheCard() throws Exception {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 300, 100);
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", "--preset", "ptb-small", "--hidden-size", "8", "--layers", "1", "--num-steps", "10",
                "--batch-size", "4", "--epochs", "1", "--corpus", corpus.toString(), "--data-dir", dir.resolve("data").toString(),
                "--run-dir", run.toString(), "--save-every-minutes", "0", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path model = run.resolve("model.safetensors");
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());

        Map<String, Object> card = ModelCard.provenance(Checkpoint.readMetadata(model), model);
        @SuppressWarnings("unchecked") Map<String, Object> training = (Map<String, Object>) card.get("training");
        @SuppressWarnings("unchecked") Map<String, Object> results = (Map<String, Object>) card.get("results");
        assertThat(training).containsEntry("preset", "ptb-small").containsEntry("corpus", corpus.toString())
                .containsEntry("tokenizer", "word").containsEntry("epochs", 1);
        assertThat(((Number) results.get("test_ppl")).doubleValue()).isEqualTo(summary.get("test_ppl").asDouble());
        assertThat(((Number) results.get("best_valid_ppl")).doubleValue()).isEqualTo(summary.get("best_valid_ppl").asDouble());

        // A copy elsewhere keeps its training config (it is in the checkpoint) but not the run's results.
        Path copy = Files.copy(model, dir.resolve("copy.safetensors"));
        Map<String, Object> copied = ModelCard.provenance(Checkpoint.readMetadata(copy), copy);
        assertThat(copied).containsKey("training").doesNotContainKey("results");
        // A checkpoint of the run that is not its model (ckpt-*) does not take the model's results either.
        try (var files = Files.list(run)) {
            Path ckpt = files.filter(p -> p.getFileName().toString().startsWith("ckpt-")).findFirst().orElseThrow();
            Path weights = Files.isDirectory(ckpt) ? ckpt.resolve("model.safetensors") : ckpt;
            if (Files.isRegularFile(weights)) {
                assertThat(ModelCard.provenance(Checkpoint.readMetadata(weights), weights)).doesNotContainKey("results");
            }
        }

        Checkpoint.Loaded loaded = Checkpoint.load(model, Compute.create(1));
        try (GenerationServer server = new GenerationServer(loaded.model(), Tokenizer.of(loaded.metadata()),
                ServerOptions.defaults(0, "run"), card)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("hidden_size").asInt()).isEqualTo(8);
            assertThat(body.get("training").get("corpus").asText()).isEqualTo(corpus.toString());
            assertThat(body.get("results").get("test_ppl").asDouble()).isEqualTo(summary.get("test_ppl").asDouble());
        }
    }
}
