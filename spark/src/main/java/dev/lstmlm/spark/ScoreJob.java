package dev.lstmlm.spark;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.DoubleAccumulator;

/**
 * The job of {@code lstmlm spark score}: read the texts, number them in read order, check that
 * every one is valid UTF-8 (else stop before writing anything, naming the first bad row), score
 * them with {@link LstmLmScorer}, write {@code (id, text, tokens, oov, logprob, ppl)} and add up
 * the totals from what was written.
 */
final class ScoreJob {
    static final StructType NUMBERED = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("text", DataTypes.StringType, true)
            .add("valid", DataTypes.BooleanType, false);

    /**
     * Corpus totals, perplexity both ways {@code lstmlm score} prints it (KenLM's): including OOVs,
     * exp(−logprob / tokens), and excluding them, their tokens and log-probabilities left out.
     *
     * @param oovLogprob the part of {@code logprob} the OOV tokens contribute
     */
    record Totals(long lines, long tokens, long oov, double logprob, double oovLogprob) {
        double perplexity() {
            return tokens == 0 ? Double.NaN : Math.exp(-logprob / tokens);
        }

        double perplexityExcludingOov() {
            return tokens == oov ? Double.NaN : Math.exp(-(logprob - oovLogprob) / (tokens - oov));
        }
    }

    private final SparkSession spark;
    private final String format;
    private final String column;
    private final Integer partitions;

    ScoreJob(SparkSession spark, String format, String column, Integer partitions) {
        this.spark = spark;
        this.format = format;
        this.column = column;
        this.partitions = partitions;
    }

    Totals run(LstmLmScorer scorer, String input, String output, String outputFormat) {
        requireInput(input);
        requireNoOutput(output);
        Dataset<Row> texts = numbered(input);
        List<Row> bad = texts.where(functions.not(functions.col("valid"))).orderBy("id").select("id").limit(1).collectAsList();
        if (!bad.isEmpty()) {
            String what = format.equals("text") ? "line " + bad.getFirst().getLong(0) : "row " + bad.getFirst().getLong(0);
            throw new UserError(input + " " + what + " is not valid UTF-8; convert the text to UTF-8 first (e.g. with iconv)");
        }
        texts = texts.drop("valid");
        int n = partitions != null ? partitions : Math.max(texts.rdd().getNumPartitions(), spark.sparkContext().defaultParallelism());
        if (n != texts.rdd().getNumPartitions()) texts = texts.repartition(n);
        // The OOVs' share of the log-probability is no column of the rows: an accumulator adds it up as they are
        // scored. The scoring runs in the write's result stage, whose tasks' updates Spark merges once per partition.
        DoubleAccumulator oovLogprob = spark.sparkContext().doubleAccumulator("oov logprob");
        scorer.score(texts, "text", oovLogprob).write().format(outputFormat).save(output);
        Row t = spark.read().format(outputFormat).load(output)
                .agg(functions.count("*"), functions.sum("tokens"), functions.sum("oov"), functions.sum("logprob")).first();
        return new Totals(t.getLong(0), t.isNullAt(1) ? 0 : t.getLong(1), t.isNullAt(2) ? 0 : t.getLong(2), t.isNullAt(3) ? 0 : t.getDouble(3),
                oovLogprob.sum());
    }

    /** (id, text, valid): the texts numbered from 1 in read order, and whether each one's bytes are UTF-8. */
    Dataset<Row> numbered(String input) {
        Dataset<Row> raw = switch (format) {
            // Lines end at LF only, as `lstmlm score` reads them (a CR before it stays part of the text).
            case "text" -> spark.read().option("lineSep", "\n").text(input).withColumnRenamed("value", "text");
            default -> {
                Dataset<Row> d = spark.read().format(format).load(input);
                if (!Arrays.asList(d.columns()).contains(column)) {
                    throw new UserError(input + " has no column \"" + column + "\" (it has " + String.join(", ", d.columns())
                            + "); name the column of texts with --column");
                }
                if (!d.schema().apply(column).dataType().equals(DataTypes.StringType)) {
                    throw new UserError("the column \"" + column + "\" of " + input + " holds "
                            + d.schema().apply(column).dataType().simpleString() + ", not strings; name a column of texts with --column");
                }
                yield d.select(functions.col(column).as("text"));
            }
        };
        // The check sees the bytes: converting to a Java string would replace bad bytes with U+FFFD.
        Dataset<Row> checked = raw.select(functions.col("text"),
                functions.coalesce(functions.expr("is_valid_utf8(text)"), functions.lit(true)).as("valid"));
        JavaRDD<Row> rows = checked.javaRDD().zipWithIndex()
                .map(p -> RowFactory.create(p._2() + 1, p._1().isNullAt(0) ? null : p._1().getString(0), p._1().getBoolean(1)));
        return spark.createDataFrame(rows, NUMBERED);
    }

    private void requireInput(String input) {
        try {
            var path = new org.apache.hadoop.fs.Path(input);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            FileStatus[] found = fs.globStatus(path);
            if (found == null || found.length == 0) throw new UserError(input + " does not exist; check the --input path");
        } catch (IOException e) {
            throw new UncheckedIOException("looking for " + input, e);
        }
    }

    private void requireNoOutput(String output) {
        try {
            var path = new org.apache.hadoop.fs.Path(output);
            if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                throw new UserError(output + " already exists; name a new --output directory (scores are never written over old ones)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("looking for " + output, e);
        }
    }
}
