package dev.lstmlm.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.score.LineScore;
import dev.lstmlm.score.Scorer;
import dev.lstmlm.tensor.Compute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Scoring on Spark in local[2] against the core Scorer on the same texts; one SparkSession for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkScoreTest {
    static final List<String> WORDS = List.of("<unk>", "<eos>", "the", "cat", "sat", "on", "mat", "a", "dog");
    /** An empty line, an unknown word (zebra), runs of spaces, a long line. */
    static final List<String> LINES = List.of("the cat sat on the mat", "", "a dog", "the zebra sat", "  a   cat  ",
            "dog dog dog dog dog dog dog dog", "on the mat", "cat");
    /** Batched scores differ from one another by float rounding only (as in the core's ScoreCommandTest). */
    static final double PER_TOKEN = 2e-5;

    @TempDir static Path dir;
    SparkSession spark;
    Path model;
    List<LineScore> expected;

    @BeforeAll
    void start() throws IOException {
        spark = Sessions.create("local[2]", "lstmlm spark tests");
        LanguageModel m = new LanguageModel(new ModelConfig(WORDS.size(), ModelConfig.Input.EMBEDDING, 16, 16, 2, 1f, 0f), Compute.create(1));
        m.initUniform(0.5f, 21);
        model = dir.resolve("m.safetensors");
        Checkpoint.save(model, m, new CheckpointMetadata(m.config(), TokenizerKind.WORD, WORDS));
        // Batch size 1: each line alone, the plainest path of the core scorer.
        expected = Scorer.load(model, 1).score(LINES, dev.lstmlm.score.ScoreOptions.lines().withBatchSize(1));
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    private static void assertScore(Row row, LineScore e, String what) {
        assertThat(row.getInt(row.fieldIndex("tokens"))).as(what).isEqualTo(e.tokens());
        assertThat(row.getInt(row.fieldIndex("oov"))).as(what).isEqualTo(e.oov());
        assertThat(row.getDouble(row.fieldIndex("logprob"))).as(what).isCloseTo(e.logprob(), within(PER_TOKEN * e.tokens()));
        assertThat(row.getDouble(row.fieldIndex("ppl"))).as(what).isCloseTo(e.perplexity(), within(1e-4 * e.perplexity()));
    }

    @Test
    void theDataFrameApiAddsTheCoreScorersColumnsLoadingTheModelOncePerJvm() {
        StructType schema = new StructType().add("key", DataTypes.IntegerType).add("text", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < LINES.size(); i++) rows.add(RowFactory.create(i, LINES.get(i)));
        rows.add(RowFactory.create(-1, null));
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(3);
        int before = ExecutorModels.loads();

        // Three threads: no other test's job asks for this model on three, so this job loads it itself.
        List<Row> scored = LstmLmScorer.load(spark, model, 3, 3).score(df, "text").collectAsList();

        assertThat(scored).hasSize(LINES.size() + 1);
        assertThat(Arrays.asList(scored.getFirst().schema().fieldNames())).containsExactly("key", "text", "tokens", "oov", "logprob", "ppl");
        for (Row r : scored) {
            int key = r.getInt(0);
            if (key < 0) {
                assertThat(r.isNullAt(2) && r.isNullAt(3) && r.isNullAt(4) && r.isNullAt(5)).as("a null text has null scores").isTrue();
                continue;
            }
            assertThat(r.getString(1)).isEqualTo(LINES.get(key));
            assertScore(r, expected.get(key), "line " + key);
        }
        assertThat(ExecutorModels.loads()).as("three partitions, one load in the JVM").isEqualTo(before + 1);
        assertThat(expected.get(1).tokens()).as("an empty line scores its end symbol").isEqualTo(1);
        assertThat(expected.get(3).oov()).isEqualTo(1);
    }

    @Test
    void theApiNamesAMissingColumn() {
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("a")), new StructType().add("line", DataTypes.StringType));
        assertThatThrownBy(() -> LstmLmScorer.load(spark, model).score(df, "text"))
                .hasMessage("the input has no column \"text\" (it has line); name the column of texts");
    }

    private record Run(int exit, String err) {}

    private static Run cli(String... args) {
        StringWriter err = new StringWriter();
        int exit = SparkMain.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Run(exit, err.toString());
    }

    @Test
    void theScoreJobWritesOneRowPerLineNumberedInInputOrderAndPrintsTheTotals() throws IOException {
        Path text = Files.writeString(dir.resolve("corpus.txt"), String.join("\n", LINES) + "\n");
        Path out = dir.resolve("scored");

        Run r = cli("score", "--master", "local[2]", "--model", model.toString(), "--input", text.toString(), "--output", out.toString(),
                "--batch-size", "4");

        assertThat(r.exit()).as(r.err()).isZero();
        List<Row> rows = spark.read().parquet(out.toString()).orderBy("id").collectAsList();
        assertThat(rows).hasSize(LINES.size());
        double sum = 0;
        long tokens = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertThat(Arrays.asList(row.schema().fieldNames())).containsExactly("id", "text", "tokens", "oov", "logprob", "ppl");
            assertThat(row.getLong(0)).isEqualTo(i + 1);
            assertThat(row.getString(1)).isEqualTo(LINES.get(i));
            assertScore(row, expected.get(i), "line " + (i + 1));
            sum += expected.get(i).logprob();
            tokens += expected.get(i).tokens();
        }
        assertThat(r.err()).contains("Lines:\t8\n", "Tokens:\t" + tokens + "\n", "OOVs:\t1\n");
        String ppl = r.err().replaceAll("(?s).*Perplexity including OOVs:\t([0-9.]+)\n.*", "$1");
        assertThat(Double.parseDouble(ppl)).isCloseTo(Math.exp(-sum / tokens), within(1e-3));
        assertThat(String.format(Locale.ROOT, "%.4f", Math.exp(-sum / tokens))).isNotEmpty();
        // KenLM's other figure, as lstmlm score prints it: the OOV tokens and their log-probabilities left out.
        double oovLogprob = expected.stream().mapToDouble(LineScore::oovLogprob).sum();
        long oov = expected.stream().mapToLong(LineScore::oov).sum();
        String excluding = r.err().replaceAll("(?s).*\nPerplexity excluding OOVs:\t([0-9.]+)\n.*", "$1");
        assertThat(Double.parseDouble(excluding)).isCloseTo(Math.exp(-(sum - oovLogprob) / (tokens - oov)), within(1e-3));
        assertThat(oovLogprob).as("the OOV is scored").isNegative();
        assertThat(r.err()).contains("Perplexity including OOVs:\t" + ppl + "\nPerplexity excluding OOVs:\t" + excluding + "\nOOVs:\t1\n");
    }

    @Test
    void aJsonColumnIsScoredLikeTheLines() throws IOException {
        StringBuilder json = new StringBuilder();
        for (String l : LINES) json.append("{\"n\": 1, \"body\": \"").append(l).append("\"}\n");
        Path in = Files.writeString(dir.resolve("corpus.json"), json);
        Path out = dir.resolve("scored-json");

        Run r = cli("score", "--master", "local[2]", "--model", model.toString(), "--input", in.toString(), "--format", "json",
                "--column", "body", "--output", out.toString(), "--output-format", "json");

        assertThat(r.exit()).as(r.err()).isZero();
        List<Row> rows = spark.read().json(out.toString()).orderBy("id").collectAsList();
        assertThat(rows).hasSize(LINES.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getString(rows.get(i).fieldIndex("text"))).isEqualTo(LINES.get(i));
            Row row = rows.get(i);
            LineScore e = expected.get(i);
            assertThat(row.getLong(row.fieldIndex("tokens"))).isEqualTo(e.tokens());
            assertThat(row.getDouble(row.fieldIndex("logprob"))).isCloseTo(e.logprob(), within(PER_TOKEN * e.tokens()));
        }
    }

    @Test
    void aLineThatIsNotUtf8StopsTheJobNamingItBeforeAnythingIsWritten() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("the cat\na dog\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'t', 'h', 'e', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        bytes.writeBytes("on the mat\n".getBytes(StandardCharsets.UTF_8));
        Path in = Files.write(dir.resolve("bad.txt"), bytes.toByteArray());
        Path out = dir.resolve("never");

        Run r = cli("score", "--master", "local[2]", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + in + " line 3 is not valid UTF-8; convert the text to UTF-8 first (e.g. with iconv)\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void mistakesAreOneSentenceAndExitCode2() throws IOException {
        Path text = Files.writeString(dir.resolve("one.txt"), "the cat\n");
        Path exists = Files.createDirectories(dir.resolve("exists"));

        Run missing = cli("score", "--master", "local[2]", "--model", model.toString(), "--input", dir.resolve("nope.txt").toString(),
                "--output", dir.resolve("o1").toString());
        Run taken = cli("score", "--master", "local[2]", "--model", model.toString(), "--input", text.toString(),
                "--output", exists.toString());
        Run noModel = cli("score", "--model", dir.resolve("none.safetensors").toString(), "--input", text.toString(),
                "--output", dir.resolve("o2").toString());

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("nope.txt") + " does not exist; check the --input path\n");
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err()).startsWith("error: " + exists + " already exists;");
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).startsWith("error: " + dir.resolve("none.safetensors") + " does not exist");
    }
}
