package dev.lstmlm.spark;

import dev.lstmlm.UserError;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.score.ScoreOptions;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.DoubleAccumulator;

/**
 * Scores a column of texts of a DataFrame with an lstmlm model, each text as {@code lstmlm score}
 * scores a line (see {@link dev.lstmlm.score.Scorer}): the result has every column of the input
 * and four more, {@code tokens} (int), {@code oov} (int), {@code logprob} (double, nats) and
 * {@code ppl} (double), null where the text is null.
 *
 * <pre>{@code
 * LstmLmScorer scorer = LstmLmScorer.load(spark, Path.of("model.safetensors"));
 * Dataset<Row> scored = scorer.score(df, "text");
 * }</pre>
 *
 * <p>The checkpoint's bytes are broadcast once; each executor JVM loads the model once (see
 * {@link ExecutorModels}) and scores its partitions in batches. A text that is not valid UTF-8
 * fails the job, as it stops {@code lstmlm score}.
 */
public final class LstmLmScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The columns {@link #score} adds. */
    public static final StructType SCORE_COLUMNS = new StructType(new StructField[] {
        DataTypes.createStructField("tokens", DataTypes.IntegerType, true),
        DataTypes.createStructField("oov", DataTypes.IntegerType, true),
        DataTypes.createStructField("logprob", DataTypes.DoubleType, true),
        DataTypes.createStructField("ppl", DataTypes.DoubleType, true),
    });
    private static final String VALID = "__lstmlm_valid_utf8";

    private final Broadcast<byte[]> model;
    private final String digest;
    private final int threads;
    private final int batchSize;

    private LstmLmScorer(Broadcast<byte[]> model, String digest, int threads, int batchSize) {
        this.model = model;
        this.digest = digest;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    /**
     * The model of a checkpoint on the driver's file system, broadcast to the executors; each
     * executor scores on as many threads as it has cores ({@code spark.executor.cores}, or in local
     * mode the driver's parallelism).
     */
    public static LstmLmScorer load(SparkSession spark, Path checkpoint) {
        return load(spark, checkpoint, defaultThreads(spark), ScoreOptions.DEFAULT_BATCH);
    }

    /** The same with {@code threads} threads per executor for the matrix products and {@code batchSize} texts per batch. */
    public static LstmLmScorer load(SparkSession spark, Path checkpoint, int threads, int batchSize) {
        if (threads < 1) throw new UserError("the threads per executor must be at least 1, not " + threads);
        if (batchSize < 1) throw new UserError("the batch size must be at least 1, not " + batchSize);
        byte[] bytes = read(checkpoint);
        Checkpoint.readMetadata(checkpoint);  // a file that is no checkpoint fails here, with the reader's message
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new LstmLmScorer(jsc.broadcast(bytes), sha256(bytes), threads, batchSize);
    }

    static int defaultThreads(SparkSession spark) {
        var sc = spark.sparkContext();
        if (sc.isLocal()) return Math.max(1, sc.defaultParallelism());
        return Math.max(1, sc.conf().getInt("spark.executor.cores", 1));
    }

    /** {@code texts} with the score columns added (the texts in {@code column}, a string column). */
    public Dataset<Row> score(Dataset<Row> texts, String column) {
        return score(texts, column, null);
    }

    /** The same, adding up into {@code oovLogprob} (when not null) the log-probability of the OOV tokens. */
    Dataset<Row> score(Dataset<Row> texts, String column, DoubleAccumulator oovLogprob) {
        StructType in = texts.schema();
        if (!Arrays.asList(in.fieldNames()).contains(column)) {
            throw new UserError("the input has no column \"" + column + "\" (it has " + String.join(", ", in.fieldNames())
                    + "); name the column of texts");
        }
        if (!in.apply(column).dataType().equals(DataTypes.StringType)) {
            throw new UserError("the column \"" + column + "\" holds " + in.apply(column).dataType().simpleString()
                    + ", not strings; name a column of texts");
        }
        for (StructField f : SCORE_COLUMNS.fields()) {
            if (Arrays.asList(in.fieldNames()).contains(f.name())) {
                throw new UserError("the input already has a column \"" + f.name() + "\", which scoring adds; rename or drop it first");
            }
        }
        StructType out = in;
        for (StructField f : SCORE_COLUMNS.fields()) out = out.add(f);
        // Spark turns invalid UTF-8 into U+FFFD on the way to a Java string: the check must see the bytes.
        Dataset<Row> checked = texts.withColumn(VALID, functions.coalesce(functions.expr("is_valid_utf8(`" + column.replace("`", "``") + "`)"),
                functions.lit(true)));
        PartitionScorer scorer = new PartitionScorer(this, in.fieldIndex(column), in.size(), column, oovLogprob);
        return checked.mapPartitions(scorer, Encoders.row(out));
    }

    Broadcast<byte[]> model() {
        return model;
    }

    String digest() {
        return digest;
    }

    int threads() {
        return threads;
    }

    int batchSize() {
        return batchSize;
    }

    private static byte[] read(Path checkpoint) {
        try {
            return Files.readAllBytes(checkpoint);
        } catch (NoSuchFileException e) {
            throw new UserError(checkpoint + " does not exist; pass a checkpoint (.safetensors) written by lstmlm train");
        } catch (IOException e) {
            throw new UserError("cannot read " + checkpoint + " (" + e.getMessage() + "); check its permissions", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
