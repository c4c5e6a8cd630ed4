package dev.lstmlm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.tensor.Compute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A server on a free loopback port over a small checkpoint, and an HTTP client for it. */
final class ServerFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** unk → the, eos → the, the → cat, cat → sat, sat → eos: greedy text is "the cat sat\n..." */
    static final List<String> CYCLE_WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat");

    final GenerationServer server;
    final LanguageModel model;
    final Tokenizer tokenizer;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Path file;

    private ServerFixture(Path file, ServerOptions options) {
        this.file = file;
        Checkpoint.Loaded loaded = Checkpoint.load(file, Compute.create(1));
        this.model = loaded.model();
        this.tokenizer = Tokenizer.of(loaded.metadata());
        this.server = new GenerationServer(model, tokenizer, options);
    }

    /** The five-word cycle model of {@link TestModels#cycle}. */
    static ServerFixture cycle(Path dir, ServerOptions options) throws Exception {
        Path file = TestModels.save(dir.resolve("words.safetensors"), TestModels.cycle(new int[] {2, 2, 3, 4, 1}),
                TokenizerKind.WORD, CYCLE_WORDS);
        return new ServerFixture(file, options);
    }

    static ServerFixture cycle(Path dir) throws Exception {
        return cycle(dir, ServerOptions.defaults(0, "words").withDefaultLength(6));
    }

    /** Random weights over {@code words} words ("<unk>", "<eos>", "w2", ...): outputs that depend on every detail. */
    static ServerFixture random(Path dir, int words, int hidden, ServerOptions options) throws Exception {
        List<String> vocab = new ArrayList<>(List.of("<unk>", "<eos>"));
        for (int i = 2; i < words; i++) vocab.add("w" + i);
        Path file = TestModels.save(dir.resolve("random.safetensors"), TestModels.random(words, hidden, 0.5f, 11),
                TokenizerKind.WORD, vocab);
        return new ServerFixture(file, options);
    }

    /** A server over the checkpoint {@code file}. */
    static ServerFixture of(Path file, ServerOptions options) {
        return new ServerFixture(file, options);
    }

    /** Another copy of the served model, for reference computations beside the server's thread. */
    LanguageModel freshModel() {
        return Checkpoint.load(file, Compute.create(1)).model();
    }

    /**
     * ln p(targets[i] | feed[0..i]) one token at a time with the model's batch-1 step, in double
     * precision from the logits: the reference for every log-probability the server reports.
     */
    static double[] reference(LanguageModel m, int[] feed, int[] targets) {
        LanguageModel.State state = m.newState(1);
        int v = m.config().vocabSize();
        float[] logits = new float[v];
        double[] out = new double[feed.length];
        for (int i = 0; i < feed.length; i++) {
            m.step(feed[i], state, logits);
            double max = Double.NEGATIVE_INFINITY;
            for (float z : logits) max = Math.max(max, z);
            double sum = 0;
            for (float z : logits) sum += Math.exp(z - max);
            out[i] = targets[i] < 0 ? Double.NaN : logits[targets[i]] - max - Math.log(sum);
        }
        return out;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode postJson(String path, String body) throws Exception {
        HttpResponse<String> r = post(path, body);
        if (r.statusCode() != 200) throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** The error message of a response, after checking its status and shape. */
    static String error(HttpResponse<String> r, int status) throws Exception {
        if (r.statusCode() != status) throw new AssertionError("expected " + status + ", got " + r.statusCode() + ": " + r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        if (e == null || !e.get("message").isTextual() || !e.get("type").isTextual()) {
            throw new AssertionError("not an error body: " + r.body());
        }
        return e.get("message").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
