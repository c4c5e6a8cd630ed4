package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.score.LineScore;
import dev.lstmlm.score.ScoreOptions;
import dev.lstmlm.score.Scorer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {
    static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat", "on", "mat", "a", "dog");
    static final ObjectMapper JSON = new ObjectMapper();
    /** The batched and the reference path differ by float rounding only (see ScorerTest). */
    static final double PER_TOKEN = 2e-5;

    @TempDir Path dir;
    Path model;
    Path text;
    List<String> lines;

    @BeforeEach
    void setUp() throws IOException {
        LanguageModel m = TestModels.random(WORDS.size(), 16, 0.5f, 21);
        model = TestModels.save(dir.resolve("m.safetensors"), m, TokenizerKind.WORD, WORDS);
        lines = List.of("the cat sat on the mat", "", "a dog", "the zebra sat", "  a   cat  ", "dog dog dog dog dog dog dog dog");
        text = Files.writeString(dir.resolve("t.txt"), String.join("\n", lines) + "\n");
    }

    private static List<JsonNode> objects(String out) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.split("\n")) list.add(JSON.readTree(line));
        return list;
    }

    @Test
    void tsvHasOneRowPerLineInInputOrderAsTheLibraryScoresIt() {
        CliRun r = CliRun.of("score", "--model", model.toString(), text.toString(), "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<LineScore> expected = Scorer.load(model, 1).score(lines, ScoreOptions.lines());
        String[] rows = r.out().split("\n");
        assertThat(rows).hasSize(lines.size());
        double sum = 0;
        long tokens = 0;
        for (int i = 0; i < rows.length; i++) {
            String[] f = rows[i].split("\t", 5);
            LineScore e = expected.get(i);
            assertThat(f[4]).isEqualTo(lines.get(i));
            assertThat(Double.parseDouble(f[0])).isCloseTo(e.logprob(), within(1e-4));
            assertThat(Integer.parseInt(f[1])).isEqualTo(e.tokens());
            assertThat(Integer.parseInt(f[2])).isEqualTo(e.oov());
            assertThat(Double.parseDouble(f[3])).isCloseTo(e.perplexity(), within(1e-3 * e.perplexity()));
            sum += e.logprob();
            tokens += e.tokens();
        }
        assertThat(rows[1]).as("an empty line scores its end symbol alone").matches("-\\d+\\.\\d{4}\t1\t0\t\\d+\\.\\d{3}\t");
        assertThat(rows[3].split("\t")[2]).isEqualTo("1");
        assertThat(tokens).isEqualTo(7 + 1 + 3 + 4 + 3 + 9);
        assertThat(r.err()).contains(String.format(java.util.Locale.ROOT, "Perplexity including OOVs:\t%.4f%n", Math.exp(-sum / tokens)));
        assertThat(r.err()).contains("OOVs:\t1\n", "Tokens:\t27\n", "Lines:\t6\n", "tokens/s");
    }

    @Test
    void jsonScoresDoNotDependOnTheBatchSizeAndMatchTheStepByStepReference() throws IOException {
        CliRun one = CliRun.of("score", "--model", model.toString(), text.toString(), "--json", "--per-token", "--batch-size", "1");
        CliRun many = CliRun.of("score", "--model", model.toString(), text.toString(), "--json", "--per-token", "--batch-size", "64");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(many.exitCode()).as(many.err()).isZero();
        List<JsonNode> a = objects(one.out()), b = objects(many.out());
        LanguageModel m = dev.lstmlm.model.Checkpoint.load(model, dev.lstmlm.tensor.Compute.of(dev.lstmlm.tensor.Kernels.scalar(), 1)).model();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode x = a.get(i), y = b.get(i);
            assertThat(x.get("text").asText()).isEqualTo(lines.get(i));
            assertThat(x.get("logprob").asDouble()).isCloseTo(y.get("logprob").asDouble(), within(x.get("tokens").asInt() * PER_TOKEN));
            List<String> pieces = new ArrayList<>();
            x.get("pieces").forEach(p -> pieces.add(p.asText()));
            int[] ids = pieces.stream().mapToInt(w -> WORDS.contains(w) ? WORDS.indexOf(w) : 0).toArray();
            double[] ref = dev.lstmlm.score.ReferenceAccess.logprobs(m, 1, ids);
            for (int p = 0; p < ids.length; p++) {
                assertThat(x.get("token_logprobs").get(p).asDouble()).isCloseTo(ref[p], within(PER_TOKEN));
                assertThat(y.get("token_logprobs").get(p).asDouble()).isCloseTo(ref[p], within(PER_TOKEN));
            }
            assertThat(pieces.getLast()).isEqualTo("<eos>");
        }
        assertThat(a.get(3).get("pieces").get(1).asText()).isEqualTo("zebra");
        assertThat(a.get(3).get("oov").asInt()).isEqualTo(1);
    }

    @Test
    void log10AndTopAlternatives() throws IOException {
        CliRun nat = CliRun.of("score", "--model", model.toString(), text.toString(), "--json", "--per-token", "--top", "3");
        CliRun ten = CliRun.of("score", "--model", model.toString(), text.toString(), "--json", "--per-token", "--top", "3", "--log10");
        assertThat(ten.exitCode()).as(ten.err()).isZero();
        JsonNode n = objects(nat.out()).getFirst(), t = objects(ten.out()).getFirst();
        assertThat(t.get("logprob").asDouble()).isCloseTo(n.get("logprob").asDouble() / Math.log(10), within(1e-12));
        assertThat(t.get("ppl").asDouble()).isEqualTo(n.get("ppl").asDouble());
        JsonNode top = n.get("top_logprobs");
        assertThat(top).hasSize(7);
        List<Double> values = new ArrayList<>();
        top.get(0).fields().forEachRemaining(e -> values.add(e.getValue().asDouble()));
        assertThat(values).hasSize(3).isSortedAccordingTo((p, q) -> Double.compare(q, p));
        // the scored token is among the three best or below the third
        double first = n.get("token_logprobs").get(0).asDouble();
        JsonNode own = top.get(0).get("the");
        if (own != null) assertThat(own.asDouble()).isCloseTo(first, within(1e-5));
        else assertThat(first).isLessThanOrEqualTo(values.get(2) + 1e-6);
        assertThat(ten.err()).contains("(log10)");
    }

    @Test
    void carryScoresOneStreamWhoseSumIsWhatEvalReports() throws IOException {
        CliRun carried = CliRun.of("score", "--model", model.toString(), text.toString(), "--carry", "--json");
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--text", text.toString(), "--json");
        assertThat(carried.exitCode()).as(carried.err()).isZero();
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode e = JSON.readTree(eval.out());
        double sum = 0;
        long tokens = 0;
        for (JsonNode n : objects(carried.out())) {
            sum += n.get("logprob").asDouble();
            tokens += n.get("tokens").asLong();
        }
        assertThat(tokens).isEqualTo(e.get("predictions").asLong());
        assertThat(-sum / tokens).isCloseTo(e.get("loss").asDouble(), within(1e-6));
        assertThat(objects(carried.out()).getFirst().get("tokens").asInt()).as("the first word is read, not scored").isEqualTo(6);
    }

    @Test
    void aLineThatIsNotUtf8StopsTheRunAfterTheLinesBeforeIt() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("the cat\n\na \u00e9 dog\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'a', ' ', (byte) 0xC3, '(', '\n'});
        bytes.writeBytes("the mat\n".getBytes(StandardCharsets.UTF_8));
        Path bad = Files.write(dir.resolve("bad.txt"), bytes.toByteArray());
        CliRun r = CliRun.of("score", "--model", model.toString(), bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out().split("\n")).hasSize(3);
        assertThat(r.out()).contains("\ta \u00e9 dog\n");
        assertThat(r.messages()).isEqualTo("error: " + bad + " line 4 is not valid UTF-8 (byte offset 20); convert the text to UTF-8 first (e.g. with iconv)\n");
    }

    @Test
    void readsStandardInputAndKeepsTheOrderAcrossChunks() {
        StringBuilder sb = new StringBuilder();
        List<String> many = new ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int i = 0; i < 9000; i++) {
            String s = String.join(" ", java.util.Collections.nCopies(rnd.nextInt(0, 12), WORDS.get(2 + i % 7)));
            many.add(s);
            sb.append(s).append("\r\n");
        }
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of("score", "--model", model.toString(), "-");
            assertThat(r.exitCode()).as(r.err()).isZero();
            String[] rows = r.out().split("\n", -1);
            assertThat(rows).hasSize(many.size() + 1);
            for (int i = 0; i < many.size(); i++) assertThat(rows[i].split("\t", 5)[4]).isEqualTo(many.get(i));
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void optionsThatDoNotGoTogetherAreUsageErrors() {
        CliRun r = CliRun.of("score", "--model", model.toString(), text.toString(), "--per-token");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --per-token and --top need --json; add --json\n");
        CliRun c = CliRun.of("score", "--model", model.toString(), text.toString(), "--carry", "--batch-size", "8");
        assertThat(c.exitCode()).isEqualTo(2);
        assertThat(c.err()).startsWith("error: --carry scores one stream");
        CliRun missing = CliRun.of("score", "--model", model.toString(), dir.resolve("nope.txt").toString());
        assertThat(missing.messages()).isEqualTo("error: " + dir.resolve("nope.txt") + " does not exist; check the path\n");
    }
}
