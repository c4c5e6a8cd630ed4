package dev.lstmlm.serve;

import static dev.lstmlm.serve.ServerFixture.JSON;
import static dev.lstmlm.serve.ServerFixture.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.model.LanguageModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionsEndpointTest {
    @TempDir static Path dir;
    private static ServerFixture cycle;
    private static ServerFixture random;

    @BeforeAll
    static void start() throws Exception {
        cycle = ServerFixture.cycle(dir);
        random = ServerFixture.random(dir, 40, 16, ServerOptions.defaults(0, "random"));
    }

    @AfterAll
    static void stop() {
        cycle.close();
        random.close();
    }

    @Test
    void aGreedyCompletionHasOpenAisShape() throws Exception {
        JsonNode r = cycle.postJson("/v1/completions", "{\"model\": \"words\", \"prompt\": \"the\", \"max_tokens\": 5, \"temperature\": 0}");
        assertThat(r.get("id").asText()).startsWith("cmpl-");
        assertThat(r.get("object").asText()).isEqualTo("text_completion");
        assertThat(r.get("created").asLong()).isGreaterThan(1_600_000_000L);
        assertThat(r.get("model").asText()).isEqualTo("words");
        JsonNode c = r.get("choices").get(0);
        assertThat(c.get("text").asText()).isEqualTo(" cat sat\nthe cat");
        assertThat(c.get("index").asInt()).isEqualTo(0);
        assertThat(c.get("logprobs").isNull()).isTrue();
        assertThat(c.get("finish_reason").asText()).isEqualTo("length");
        assertThat(r.get("usage").get("prompt_tokens").asInt()).isEqualTo(1);
        assertThat(r.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
        assertThat(r.get("usage").get("total_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void aStopStringEndsTheChoiceBeforeIt() throws Exception {
        JsonNode r = cycle.postJson("/v1/completions", "{\"prompt\": \"the\", \"max_tokens\": 10, \"temperature\": 0, \"stop\": [\"\\n\", \"zzz\"]}");
        JsonNode c = r.get("choices").get(0);
        assertThat(c.get("text").asText()).isEqualTo(" cat sat");
        assertThat(c.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(r.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
        JsonNode words = cycle.postJson("/v1/completions", "{\"prompt\": \"the\", \"max_tokens\": 10, \"temperature\": 0, \"stop\": \"sat\"}");
        assertThat(words.get("choices").get(0).get("text").asText()).isEqualTo(" cat ");
    }

    @Test
    void echoWithLogprobsAndNoNewTokensScoresThePrompt() throws Exception {
        String prompt = "w5 w7 w9\nw11 w13";
        JsonNode r = random.postJson("/v1/completions", "{\"prompt\": \"" + prompt.replace("\n", "\\n")
                + "\", \"max_tokens\": 0, \"echo\": true, \"logprobs\": 3}");
        JsonNode c = r.get("choices").get(0);
        assertThat(c.get("text").asText()).isEqualTo(prompt);
        JsonNode lp = c.get("logprobs");
        List<String> tokens = new ArrayList<>();
        lp.get("tokens").forEach(t -> tokens.add(t.asText()));
        assertThat(tokens).containsExactly("w5", " w7", " w9", "\n", "w11", " w13");
        assertThat(lp.get("text_offset").toString()).isEqualTo("[0,2,5,8,9,12]");
        assertThat(lp.get("token_logprobs").get(0).isNull()).isTrue();
        assertThat(lp.get("top_logprobs").get(0).isNull()).isTrue();
        // ids: <eos>=1, wN=N
        int[] ids = {5, 7, 9, 1, 11, 13};
        double[] ref = ServerFixture.reference(random.freshModel(), new int[] {1, 5, 7, 9, 1, 11}, new int[] {-1, 7, 9, 1, 11, 13});
        for (int t = 1; t < ids.length; t++) {
            assertThat(lp.get("token_logprobs").get(t).asDouble()).isCloseTo(ref[t], within(1e-4));
            JsonNode top = lp.get("top_logprobs").get(t);
            assertThat(top.size()).isEqualTo(3);
            double best = top.elements().next().asDouble();
            assertThat(best).isGreaterThanOrEqualTo(ref[t] - 1e-4);
        }
        assertThat(c.get("finish_reason").asText()).isEqualTo("length");
        assertThat(r.get("usage").get("completion_tokens").asInt()).isEqualTo(0);
        assertThat(r.get("usage").get("prompt_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void generatedTokensCarryTheirLogprobsAndOffsetsAfterTheEcho() throws Exception {
        JsonNode r = random.postJson("/v1/completions", "{\"prompt\": \"w3 w4\", \"max_tokens\": 4, \"echo\": true, \"logprobs\": 2, \"seed\": 5}");
        JsonNode c = r.get("choices").get(0);
        JsonNode lp = c.get("logprobs");
        StringBuilder joined = new StringBuilder();
        lp.get("tokens").forEach(t -> joined.append(t.asText()));
        assertThat(joined.toString()).isEqualTo(c.get("text").asText());
        assertThat(lp.get("tokens").size()).isEqualTo(6);
        int offset = 0;
        for (int i = 0; i < 6; i++) {
            assertThat(lp.get("text_offset").get(i).asInt()).isEqualTo(offset);
            offset += lp.get("tokens").get(i).asText().length();
        }
        // The generated tokens' log-probabilities against the reference on the same token sequence.
        LanguageModel m = random.freshModel();
        int[] all = new int[6];
        for (int i = 0; i < 6; i++) all[i] = id(lp.get("tokens").get(i).asText());
        for (int t = 1; t < 6; t++) {
            assertThat(lp.get("token_logprobs").get(t).asDouble()).isCloseTo(refFromStart(m, all, t), within(1e-4));
        }
    }

    /** The id of a token of the random model ("w7" or " w7" is 7, a line break <eos> = 1). */
    private static int id(String token) {
        return token.equals("\n") ? 1 : Integer.parseInt(token.strip().substring(1));
    }

    /** ln p(all[t] | <eos>, all[0..t)). */
    private static double refFromStart(LanguageModel m, int[] all, int t) {
        int[] feed = new int[t + 1];
        int[] targets = new int[t + 1];
        feed[0] = 1;
        for (int i = 0; i < t; i++) feed[i + 1] = all[i];
        java.util.Arrays.fill(targets, -1);
        targets[t] = all[t];
        return ServerFixture.reference(m, feed, targets)[t];
    }

    @Test
    void theSameSeedGivesTheSameChoicesAndChoiceZeroIsTheSingleRequest() throws Exception {
        String three = "{\"prompt\": [\"w2 w3\", \"w9\"], \"max_tokens\": 12, \"n\": 3, \"seed\": 42}";
        JsonNode a = random.postJson("/v1/completions", three);
        JsonNode b = random.postJson("/v1/completions", three);
        assertThat(a.get("choices").size()).isEqualTo(6);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assertThat(a.get("choices").get(i).get("index").asInt()).isEqualTo(i);
            assertThat(a.get("choices").get(i).get("text").asText()).isEqualTo(b.get("choices").get(i).get("text").asText());
            texts.add(a.get("choices").get(i).get("text").asText());
        }
        assertThat(texts.stream().distinct().count()).isGreaterThan(3);
        JsonNode one = random.postJson("/v1/completions", "{\"prompt\": \"w2 w3\", \"max_tokens\": 12, \"seed\": 42}");
        assertThat(one.get("choices").get(0).get("text").asText()).isEqualTo(texts.get(0));
        assertThat(a.get("usage").get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(a.get("usage").get("completion_tokens").asInt()).isEqualTo(72);
    }

    @Test
    void streamingSendsEventsThatAddUpToTheSameText() throws Exception {
        String body = "{\"prompt\": \"w2\", \"max_tokens\": 10, \"seed\": 3, \"logprobs\": 1";
        JsonNode plain = random.postJson("/v1/completions", body + "}");
        HttpResponse<String> r = random.post("/v1/completions", body + ", \"stream\": true}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        String[] lines = r.body().split("\n\n");
        assertThat(lines[lines.length - 1]).isEqualTo("data: [DONE]");
        for (int i = 0; i < lines.length - 1; i++) {
            assertThat(lines[i]).startsWith("data: {");
            events.add(JSON.readTree(lines[i].substring("data: ".length())));
        }
        StringBuilder text = new StringBuilder();
        List<Double> lps = new ArrayList<>();
        for (JsonNode e : events) {
            assertThat(e.get("object").asText()).isEqualTo("text_completion");
            JsonNode c = e.get("choices").get(0);
            text.append(c.get("text").asText());
            if (!c.get("logprobs").isNull()) lps.add(c.get("logprobs").get("token_logprobs").get(0).asDouble());
        }
        assertThat(events).hasSize(11);
        assertThat(events.getLast().get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        JsonNode c = plain.get("choices").get(0);
        assertThat(text.toString()).isEqualTo(c.get("text").asText());
        for (int i = 0; i < 10; i++) assertThat(lps.get(i)).isEqualTo(c.get("logprobs").get("token_logprobs").get(i).asDouble());
    }

    @Test
    void badCompletionRequestsNameTheField() throws Exception {
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"max_tokens\": 0}"), 400)).contains("\"max_tokens\"").contains("echo");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"max_tokens\": 100000}"), 400)).contains("\"max_tokens\" must be between 0 and 2048");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"max_tokens\": \"5\"}"), 400)).startsWith("field \"max_tokens\" must be an integer");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": [1, 2]}"), 400)).contains("\"prompt[0]\"");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": {}}"), 400)).contains("\"prompt\"");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"n\": 0}"), 400)).contains("\"n\"");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"top_p\": 0}"), 400)).contains("\"top_p\"");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"stop\": [\"\"]}"), 400)).contains("\"stop\"");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"logprobs\": -1}"), 400)).contains("\"logprobs\"");
        assertThat(error(cycle.post("/v1/completions", "{\"prompt\": \"the\", \"best_of\": 2}"), 400)).startsWith("unknown field \"best_of\"");
        assertThat(error(cycle.post("/v1/completions", "{\"model\": \"gpt-4\", \"prompt\": \"the\"}"), 404)).contains("\"words\"");
        assertThat(error(cycle.post("/v1/completions", ""), 400)).contains("empty");
        assertThat(cycle.get("/health").statusCode()).isEqualTo(200);
    }
}
