package dev.lstmlm.serve;

import static dev.lstmlm.serve.ServerFixture.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.model.LanguageModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreEndpointsTest {
    @TempDir static Path dir;
    private static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = ServerFixture.random(dir, 40, 16, ServerOptions.defaults(0, "random"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Σ ln p over <eos> w1..wn → w1..wn <eos>, one token at a time. */
    private static double[] referenceLine(LanguageModel m, int... ids) {
        int n = ids.length;
        int[] feed = new int[n + 1];
        int[] targets = new int[n + 1];
        feed[0] = 1;
        for (int i = 0; i < n; i++) {
            feed[i + 1] = ids[i];
            targets[i] = ids[i];
        }
        targets[n] = 1;
        return ServerFixture.reference(m, feed, targets);
    }

    @Test
    void everyTextIsScoredFromTheStartSymbolToItsEnd() throws Exception {
        JsonNode r = f.postJson("/v1/score", "{\"texts\": [\"w5 w7\", \"w3 w3 w3 w9\", \"dog w4\"], \"per_token\": true}");
        LanguageModel m = f.freshModel();
        int[][] ids = {{5, 7}, {3, 3, 3, 9}, {0, 4}};
        for (int i = 0; i < 3; i++) {
            JsonNode s = r.get("results").get(i);
            double[] ref = referenceLine(m, ids[i]);
            double sum = 0;
            for (int t = 0; t < ref.length; t++) {
                sum += ref[t];
                assertThat(s.get("token_logprobs").get(t).asDouble()).isCloseTo(ref[t], within(1e-4));
            }
            assertThat(s.get("logprob").asDouble()).isCloseTo(sum, within(1e-4));
            assertThat(s.get("tokens").asInt()).isEqualTo(ids[i].length + 1);
            assertThat(s.get("ppl").asDouble()).isCloseTo(Math.exp(-sum / (ids[i].length + 1)), within(1e-3));
            assertThat(s.get("pieces").size()).isEqualTo(ids[i].length + 1);
            assertThat(s.get("pieces").get(ids[i].length).asText()).isEqualTo("<eos>");
        }
        assertThat(r.get("results").get(0).get("text").asText()).isEqualTo("w5 w7");
        assertThat(r.get("results").get(0).get("oov").asInt()).isEqualTo(0);
        assertThat(r.get("results").get(2).get("oov").asInt()).isEqualTo(1);
        assertThat(r.get("results").get(2).get("pieces").get(0).asText()).isEqualTo("dog");
        assertThat(r.get("results").get(2).get("warning").asText()).contains("dog");
        assertThat(r.get("usage").get("tokens").asInt()).isEqualTo(3 + 5 + 3);
    }

    @Test
    void topAlternativesComeMostLikelyFirst() throws Exception {
        JsonNode s = f.postJson("/v1/score", "{\"texts\": [\"w5 w7\"], \"top\": 4}").get("results").get(0);
        assertThat(s.get("top_logprobs").size()).isEqualTo(3);
        for (JsonNode position : s.get("top_logprobs")) {
            assertThat(position.size()).isEqualTo(4);
            for (int j = 1; j < 4; j++) {
                assertThat(position.get(j).get("logprob").asDouble()).isLessThanOrEqualTo(position.get(j - 1).get("logprob").asDouble());
            }
        }
        JsonNode plain = f.postJson("/v1/score", "{\"texts\": [\"w5 w7\"]}").get("results").get(0);
        assertThat(plain.has("token_logprobs")).isFalse();
        assertThat(plain.get("logprob").asDouble()).isCloseTo(s.get("logprob").asDouble(), within(1e-6));
    }

    @Test
    void nextListsTheMostLikelyTokensWithProbabilities() throws Exception {
        JsonNode r = f.postJson("/v1/next", "{\"prime\": \"w5 w7\", \"k\": 5}");
        assertThat(r.get("prime").asText()).isEqualTo("w5 w7");
        JsonNode next = r.get("next");
        assertThat(next.size()).isEqualTo(5);
        LanguageModel m = f.freshModel();
        double best = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < 40; id++) {
            best = Math.max(best, ServerFixture.reference(m, new int[] {1, 5, 7}, new int[] {-1, -1, id})[2]);
        }
        assertThat(next.get(0).get("logprob").asDouble()).isCloseTo(best, within(1e-4));
        double total = 0;
        for (int j = 0; j < 5; j++) {
            total += next.get(j).get("prob").asDouble();
            // logprob is a float in the JSON, prob a double: they agree to float precision
            assertThat(next.get(j).get("prob").asDouble()).isCloseTo(Math.exp(next.get(j).get("logprob").asDouble()), within(1e-7));
            if (j > 0) assertThat(next.get(j).get("prob").asDouble()).isLessThanOrEqualTo(next.get(j - 1).get("prob").asDouble());
        }
        assertThat(total).isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(f.postJson("/v1/next", "{}").get("next").size()).isEqualTo(10);
    }

    @Test
    void beamSearchGivesTheMostLikelyContinuationsAsGenerateBeamDoes() throws Exception {
        JsonNode r = f.postJson("/v1/next", "{\"prime\": \"w5 w7\", \"beam\": 3, \"length\": 4}");
        JsonNode beams = r.get("beams");
        assertThat(beams.size()).isEqualTo(3);
        java.util.List<dev.lstmlm.generate.Beam.Result> expected = new dev.lstmlm.generate.Beam(f.freshModel(), f.tokenizer)
                .search(new int[] {5, 7}, 3, 4);
        for (int i = 0; i < 3; i++) {
            assertThat(beams.get(i).get("text").asText()).isEqualTo(expected.get(i).text());
            assertThat(beams.get(i).get("logprob").asDouble()).isCloseTo(expected.get(i).logprob(), within(1e-9));
            if (i > 0) assertThat(beams.get(i).get("logprob").asDouble()).isLessThanOrEqualTo(beams.get(i - 1).get("logprob").asDouble());
        }
        assertThat(error(f.post("/v1/next", "{\"prime\": \"w5\", \"length\": 4}"), 400)).contains("\"beam\"");
        assertThat(error(f.post("/v1/next", "{\"prime\": \"w5\", \"beam\": 3, \"length\": \"5\"}"), 400))
                .startsWith("field \"length\" must be an integer");
        assertThat(error(f.post("/v1/next", "{\"prime\": \"w5\", \"beam\": 99}"), 400)).contains("\"beam\" must be between 1 and 16");
    }

    @Test
    void badScoreRequestsGet400NamingTheField() throws Exception {
        assertThat(error(f.post("/v1/score", "{\"texts\": []}"), 400)).contains("\"texts\"");
        assertThat(error(f.post("/v1/score", "{\"texts\": [\"w5\", \"\"]}"), 400)).contains("\"texts[1]\"").contains("no tokens");
        assertThat(error(f.post("/v1/score", "{\"texts\": [\"w5\", \" \\n \"]}"), 400)).contains("\"texts[1]\"");
        assertThat(error(f.post("/v1/score", "{\"texts\": [5]}"), 400)).startsWith("field \"texts[0]\" must be a string");
        assertThat(error(f.post("/v1/score", "{\"texts\": \"w5\"}"), 400)).startsWith("field \"texts\" must be a list");
        assertThat(error(f.post("/v1/score", "{\"texts\": [\"w5\"], \"top\": 1000}"), 400)).contains("\"top\"");
        assertThat(error(f.post("/v1/score", "{\"texts\": [\"w5\"], \"per_token\": \"yes\"}"), 400)).contains("\"per_token\" must be true or false");
        assertThat(error(f.post("/v1/score", "{\"text\": [\"w5\"]}"), 400)).isEqualTo("unknown field \"text\"; the fields are per_token, texts, top");
        String long_ = "w5 ".repeat(5000);
        assertThat(error(f.post("/v1/score", "{\"texts\": [\"" + long_ + "\"]}"), 400))
                .isEqualTo("texts[0] has 5000 tokens, more than the server's limit of 4096; send a shorter text");
        assertThat(error(f.post("/v1/next", "{\"prime\": \"w5\", \"k\": 0}"), 400)).contains("\"k\"");
        assertThat(error(f.post("/v1/next", "{\"prime\": \"w5\", \"width\": 5}"), 400)).startsWith("unknown field \"width\"");
        assertThat(f.get("/health").statusCode()).isEqualTo(200);
    }
}
