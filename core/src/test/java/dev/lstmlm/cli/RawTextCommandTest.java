package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.data.WordRules;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A word model on raw prose made here (hard-wrapped lines, paragraphs, punctuation glued to words,
 * capitals): trained with {@code --tokenize text --lowercase --vocab-size 50 --split 0.8,0.1}, then
 * evaluated, scored and primed under the rules its checkpoint records.
 */
class RawTextCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = {"Elizabeth", "Darcy", "the", "a", "said", "was", "not", "of", "and", "to", "her",
        "his", "she", "he", "walked", "house", "garden", "letter", "morning", "evening", "very", "well-known", "don't",
        "indeed", "Mr.", "Bennet", "sister", "quite", "never", "always", "Longbourn", "Netherfield", "ball", "dance", "in"};

    @TempDir static Path dir;
    static Path novel;
    static Path runDir;
    static CliRun train;

    /** Hard-wrapped paragraphs of sentences drawn from {@link #WORDS}, with commas, quotes and full stops. */
    static String prose(long seed, int paragraphs) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < paragraphs; p++) {
            StringBuilder para = new StringBuilder();
            for (int s = 0, n = 2 + r.nextInt(4); s < n; s++) {
                boolean quote = r.nextInt(4) == 0;
                StringBuilder sentence = new StringBuilder(quote ? "\"" : "");
                for (int w = 0, len = 4 + r.nextInt(8); w < len; w++) {
                    String word = r.nextInt(8) == 0 ? rare(r) : WORDS[Math.min(WORDS.length - 1, (int) Math.abs(r.nextGaussian() * 10))];
                    if (w == 0) word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    sentence.append(w == 0 ? "" : " ").append(word).append(r.nextInt(6) == 0 ? "," : "");
                }
                sentence.append(quote ? ".\"" : ".");
                para.append(para.isEmpty() ? "" : " ").append(sentence);
            }
            int col = 0;
            for (String w : para.toString().split(" ")) {
                if (col > 0 && col + w.length() >= 60) {
                    text.append('\n');
                    col = 0;
                } else if (col > 0) {
                    text.append(' ');
                    col++;
                }
                text.append(w);
                col += w.length();
            }
            text.append("\n\n");
        }
        return text.toString();
    }

    /** A made-up name of two or three syllables: hundreds of forms, most of them rare. */
    private static String rare(Random r) {
        String[] syllables = {"ka", "lo", "mi", "ren", "tu", "sa", "vel"};
        StringBuilder w = new StringBuilder();
        for (int i = 0, n = 2 + r.nextInt(2); i < n; i++) w.append(syllables[r.nextInt(syllables.length)]);
        return w.toString();
    }

    @BeforeAll
    static void trainOnRawText() throws IOException {
        novel = Files.writeString(dir.resolve("novel.txt"), prose(1, 150));
        runDir = dir.resolve("run");
        train = CliRun.of("train", "--preset", "ptb-small", "--hidden-size", "8", "--layers", "1", "--num-steps", "10",
                "--batch-size", "4", "--epochs", "1", "--decay-after", "1", "--corpus", novel.toString(), "--tokenize", "text",
                "--lowercase", "--vocab-size", "50", "--split", "0.8,0.1", "--eos", "paragraph", "--run-dir", runDir.toString(),
                "--save-every-minutes", "0", "--no-samples", "--threads", "1", "--data-dir", dir.resolve("data").toString());
    }

    @Test
    void trainsValidatesTestsAndReportsTheUnkShareOnce() throws IOException {
        assertThat(train.exitCode()).as(train.out() + train.err()).isZero();
        assertThat(train.out()).contains("ptb-small: 1 x 8 LSTM, vocabulary 50,").doesNotContain("no validation text");
        Matcher valid = Pattern.compile("\nvalid: ([\\d,]+) tokens, (\\d+\\.\\d)% <unk>\n").matcher(train.out());
        Matcher test = Pattern.compile("\ntest: ([\\d,]+) tokens, (\\d+\\.\\d)% <unk>\n").matcher(train.out());
        assertThat(valid.find()).as(train.out()).isTrue();
        assertThat(test.find()).as(train.out()).isTrue();
        assertThat(Double.parseDouble(valid.group(2))).as("the made-up names beyond the 49 kept words").isBetween(1.0, 20.0);
        assertThat(Double.parseDouble(test.group(2))).isBetween(1.0, 20.0);
        JsonNode summary = JSON.readTree(runDir.resolve("summary.json").toFile());
        assertThat(summary.get("test_ppl").asDouble()).isBetween(1.0, 100.0);
        assertThat(summary.get("test_words").asLong()).isEqualTo(Long.parseLong(test.group(1).replace(",", "")) - 1);
        JsonNode config = JSON.readTree(runDir.resolve("config.json").toFile());
        assertThat(config.get("tokenize").asText()).isEqualTo("text");
        assertThat(config.get("lowercase").asBoolean()).isTrue();
        assertThat(config.get("eos").asText()).isEqualTo("paragraph");
        assertThat(config.get("vocab_size").asInt()).isEqualTo(50);
        assertThat(config.get("split").asText()).isEqualTo("0.8,0.1");

        CheckpointMetadata meta = Checkpoint.readMetadata(runDir.resolve("model.safetensors"));
        assertThat(WordRules.fromMetadata(meta.extra()))
                .isEqualTo(new WordRules(WordRules.Tokenize.TEXT, true, WordRules.Eos.PARAGRAPH));
        assertThat(meta.vocabulary()).hasSize(50).contains("<unk>", "<eos>", "elizabeth", ",", ".", "\"", "well-known", "don't")
                .doesNotContain("Elizabeth", "Elizabeth,");
    }

    @Test
    void evalReadsTheTextUnderTheCheckpointsRulesAndCountsOov() throws IOException {
        Path upper = Files.writeString(dir.resolve("upper.txt"), "Elizabeth said, \"Zyzzyva!\"\nDarcy walked.\n");
        Path lower = Files.writeString(dir.resolve("lower.txt"), "elizabeth said , \" zyzzyva ! \"\ndarcy walked .\n");
        JsonNode a = evalJson(upper, "1");
        JsonNode b = evalJson(lower, "1");
        assertThat(a.get("tokens").asLong()).isEqualTo(b.get("tokens").asLong())
                .as("11 words, one <eos> at the end of the text's one paragraph").isEqualTo(11);
        assertThat(a.get("perplexity").asDouble()).isCloseTo(b.get("perplexity").asDouble(), within(1e-12));
        assertThat(a.get("oov").asLong()).as("zyzzyva and ! (and nothing else) are new").isEqualTo(2);

        CliRun text = CliRun.of("eval", "--model", runDir.resolve("model.safetensors").toString(), "--text", upper.toString(),
                "--threads", "1");
        assertThat(text.out()).contains(": 11 tokens, 10 scored, batch 1, ").endsWith(" s; 2 not in the vocabulary (read as <unk>)\n");
    }

    @Test
    void evalWithABatchCountsEveryRowsPredictions() throws IOException {
        JsonNode one = evalJson(novel, "1");
        JsonNode four = evalJson(novel, "4");
        long tokens = one.get("tokens").asLong();
        assertThat(one.get("predictions").asLong()).isEqualTo(tokens - 1);
        long windows = (tokens / 4 - 1) / 10;
        assertThat(four.get("predictions").asLong()).isEqualTo(windows * 10 * 4).isGreaterThan(tokens * 9 / 10);
    }

    @Test
    void generateWarnsAboutAnUnseenPrimeWordAndGoesOn() {
        CliRun r = CliRun.of("generate", "--model", runDir.resolve("model.safetensors").toString(), "--prime",
                "Elizabeth zyzzyva", "--length", "5", "--seed", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.messages()).isEqualTo("warning: not in the vocabulary, read as <unk>: zyzzyva\n");
        assertThat(r.out()).startsWith("elizabeth zyzzyva");
    }

    @Test
    void scoreAppliesTheRulesLineByLine() throws IOException {
        Path lines = Files.writeString(dir.resolve("score.txt"), "The house, said Darcy.\nthe house , said darcy .\nZyzzyva!\n");
        CliRun r = CliRun.of("score", "--model", runDir.resolve("model.safetensors").toString(), lines.toString(), "--json",
                "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String l : r.out().split("\n")) rows.add(JSON.readTree(l));
        assertThat(rows.get(0).get("tokens").asInt()).isEqualTo(7);
        assertThat(rows.get(0).get("logprob").asDouble()).isCloseTo(rows.get(1).get("logprob").asDouble(), within(1e-5));
        assertThat(rows.get(0).get("oov").asInt()).isZero();
        assertThat(rows.get(2).get("oov").asInt()).isEqualTo(2);
    }

    @Test
    void aCorpusOfOnlyWhitespaceIsOneSentenceAndExitCode2() throws IOException {
        Path blank = Files.writeString(dir.resolve("blank.txt"), "  \n\t\n\n   \n");
        CliRun r = CliRun.of("train", "--preset", "ptb-test", "--corpus", blank.toString(), "--run-dir",
                dir.resolve("blank-run").toString(), "--threads", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.messages()).isEqualTo("error: the training text " + blank + " holds no words, only whitespace; train on a"
                + " text with words\n");
    }

    @Test
    void explicitValidationAndTestFilesMeetUnseenWordsAsUnkAndARunWithoutValidationSaysSoOnce() throws IOException {
        Path small = Files.writeString(dir.resolve("small.txt"), prose(2, 12));
        Path valid = Files.writeString(dir.resolve("other-valid.txt"), "Elizabeth met Wickham.\n".repeat(3));
        Path test = Files.writeString(dir.resolve("other-test.txt"), "Darcy said the.\n".repeat(3));
        CliRun r = CliRun.of(tiny(small, "explicit", "--train", small.toString(), "--valid", valid.toString(), "--test",
                test.toString(), "--tokenize", "text", "--epochs", "1"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("\nvalid: 15 tokens, 40.0% <unk>\n", "\ntest: 15 tokens, 0.0% <unk>\n", "| end of training | test ppl");

        CliRun none = CliRun.of(tiny(small, "none", "--corpus", small.toString(), "--epochs", "2"));
        assertThat(none.exitCode()).as(none.out() + none.err()).isZero();
        assertThat(none.out().split("no validation text", -1)).as(none.out()).hasSize(2);
        assertThat(none.out()).contains("\nno validation text: model.safetensors will hold the last epoch; add one with --split 0.9,"
                + " or --valid FILE (or a NAME.valid.txt beside a NAME.train.txt corpus)\n").contains("| valid ppl        - |");
    }

    private static String[] tiny(Path corpus, String run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--preset", "ptb-small", "--hidden-size", "4", "--layers", "1",
                "--num-steps", "5", "--batch-size", "2", "--decay-after", "1", "--run-dir",
                dir.resolve(run).toString(), "--save-every-minutes", "0", "--no-samples", "--threads", "1", "--data-dir",
                dir.resolve("data").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static JsonNode evalJson(Path text, String batch) throws IOException {
        CliRun r = CliRun.of("eval", "--model", runDir.resolve("model.safetensors").toString(), "--text", text.toString(),
                "--batch-size", batch, "--num-steps", "10", "--threads", "1", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }
}
