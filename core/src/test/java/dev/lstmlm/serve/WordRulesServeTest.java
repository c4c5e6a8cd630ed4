package dev.lstmlm.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.data.CodePointAlphabet;
import dev.lstmlm.data.WordRules;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.TokenizerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint reads request text under the word rules the checkpoint records: "The cat," is read as "the cat ,". */
class WordRulesServeTest {
    private static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat", ",", ".");

    @TempDir static Path dir;
    private static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        LanguageModel model = TestModels.random(WORDS.size(), 12, 0.5f, 3);
        WordRules rules = new WordRules(WordRules.Tokenize.TEXT, true, WordRules.Eos.LINE);
        Path file = dir.resolve("lower.safetensors");
        Checkpoint.save(file, model, new CheckpointMetadata(model.config(), TokenizerKind.WORD, WORDS,
                Map.of(WordRules.METADATA_KEY, rules.toJson().toString())));
        f = ServerFixture.of(file, ServerOptions.defaults(0, "lower"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void scoreReadsCapitalsAndGluedPunctuationAsTraining() throws Exception {
        JsonNode r = f.postJson("/v1/score", "{\"texts\": [\"The cat, sat.\", \"the cat , sat .\", \"The dog.\"]}");
        JsonNode a = r.get("results").get(0);
        JsonNode b = r.get("results").get(1);
        assertThat(a.get("tokens").asInt()).isEqualTo(b.get("tokens").asInt()).isEqualTo(6);
        assertThat(a.get("logprob").asDouble()).isCloseTo(b.get("logprob").asDouble(), within(1e-6));
        assertThat(a.get("oov").asInt()).isZero();
        assertThat(r.get("results").get(2).get("oov").asInt()).isEqualTo(1);
    }

    @Test
    void nextCompletionsAndGenerateReadThePrimeUnderTheRules() throws Exception {
        JsonNode upper = f.postJson("/v1/next", "{\"prime\": \"The Cat,\", \"k\": 3}");
        JsonNode lower = f.postJson("/v1/next", "{\"prime\": \"the cat ,\", \"k\": 3}");
        assertThat(upper.get("next")).isEqualTo(lower.get("next"));

        String body = "{\"prompt\": \"%s\", \"max_tokens\": 4, \"temperature\": 0}";
        JsonNode c1 = f.postJson("/v1/completions", body.formatted("The CAT"));
        JsonNode c2 = f.postJson("/v1/completions", body.formatted("the cat"));
        assertThat(c1.get("choices").get(0).get("text")).isEqualTo(c2.get("choices").get(0).get("text"));
        assertThat(c1.get("usage").get("prompt_tokens").asInt()).isEqualTo(2);

        JsonNode g1 = f.postJson("/v1/generate", "{\"prime\": \"Sat.\", \"length\": 5, \"greedy\": true}");
        JsonNode g2 = f.postJson("/v1/generate", "{\"prime\": \"sat .\", \"length\": 5, \"greedy\": true}");
        assertThat(g1.get("text")).isEqualTo(g2.get("text"));
        assertThat(g1.get("prime").asText()).isEqualTo("sat .");
    }

    @Test
    void aCodePointModelReportsItsCharactersBesideItsIdsAndReadsAnUnknownCharacter() throws Exception {
        List<String> symbols = CodePointAlphabet.of("ab \n".codePoints().toArray()).symbols();
        LanguageModel model = TestModels.random(symbols.size(), 8, 0.5f, 5);
        Path file = TestModels.save(dir.resolve("chars.safetensors"), model, TokenizerKind.CHAR_CODEPOINT, symbols);
        try (ServerFixture chars = ServerFixture.of(file, ServerOptions.defaults(0, "chars"))) {
            JsonNode info = ServerFixture.JSON.readTree(chars.get("/v1/model").body());
            assertThat(info.get("vocab_size").asInt()).isEqualTo(5);
            assertThat(info.get("characters").asInt()).isEqualTo(4);
            JsonNode r = chars.postJson("/v1/score", "{\"texts\": [\"abé\"]}");
            assertThat(r.get("results").get(0).get("oov").asInt()).isEqualTo(1);
            JsonNode g = chars.postJson("/v1/generate", "{\"prime\": \"abé\", \"length\": 3, \"greedy\": true}");
            assertThat(g.get("warning").asText()).contains("has no 'é' (U+00E9); read as the unknown symbol");
        }
    }
}
