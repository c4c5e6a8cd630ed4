package dev.lstmlm.spark;

import dev.lstmlm.UserError;
import dev.lstmlm.cli.ModelOption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm spark score}: every text of a corpus scored as {@code lstmlm score} scores a line, as a Spark job. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every text of a corpus on its own, as `lstmlm score` does, as a Spark job.",
                "Writes rows (id, text, tokens, oov, logprob, ppl) to the output directory and prints the corpus totals."},
        footer = {"", "id is the row's 1-based number in the order Spark reads the input (for one text file: its line number).",
                "A text that is not valid UTF-8 stops the job before anything is written.", "",
                "Examples:", "  lstmlm spark score --master local[2] --model model.safetensors --input corpus.txt --output scored",
                "  spark-submit --class dev.lstmlm.spark.SparkMain lstmlm-spark.jar score --model model.safetensors \\",
                "      --input hdfs:///corpus/ --format parquet --column text --output hdfs:///scored"})
final class SparkScoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master, e.g. local[2] (default: what spark-submit sets, else local[*]).")
    String master;

    /** On the driver's file system: the driver reads it and broadcasts its bytes. */
    @Mixin ModelOption model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "The corpus: a file or directory (any path Spark reads).")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "The directory to write the scored rows to (must not exist).")
    String output;

    @Option(names = "--format", paramLabel = "text|parquet|json", defaultValue = "text",
            description = "The input: one text per line (UTF-8, lines end at LF), or a column of Parquet or JSON-lines files (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--column", paramLabel = "NAME", defaultValue = "text",
            description = "With parquet or json: the column of texts (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--output-format", paramLabel = "parquet|json", defaultValue = "parquet",
            description = "How the rows are written (default: ${DEFAULT-VALUE}).")
    String outputFormat;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spread the texts over N partitions before scoring (default: as read, at least the default parallelism).")
    Integer partitions;

    /**
     * Not {@link dev.lstmlm.cli.ThreadsOption}'s {@code --threads}: that one counts and clamps to the cores of the
     * machine the command runs on, while these threads run on every executor, whose cores the driver does not have.
     */
    @Option(names = "--executor-threads", paramLabel = "N",
            description = "Threads per executor for the matrix products (default: spark.executor.cores, or in local mode the default parallelism).")
    Integer executorThreads;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Texts scored side by side; the scores do not depend on it (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("parquet") && !format.equals("json")) {
            throw new UserError("--format must be text, parquet or json, not \"" + format + "\"");
        }
        if (!outputFormat.equals("parquet") && !outputFormat.equals("json")) {
            throw new UserError("--output-format must be parquet or json, not \"" + outputFormat + "\"");
        }
        if (partitions != null && partitions < 1) throw new UserError("--partitions must be at least 1, not " + partitions);
        Path checkpoint = model.file();
        if (!Files.isRegularFile(checkpoint)) {
            throw new UserError(checkpoint + " does not exist or is not a file; pass a checkpoint written by lstmlm train");
        }
        PrintWriter err = spec.commandLine().getErr();
        boolean shared = SparkSession.getDefaultSession().isDefined();  // a session of the caller's stays open
        SparkSession spark = Sessions.create(master, "lstmlm score");
        try {
            long start = System.nanoTime();
            ScoreJob.Totals totals = new ScoreJob(spark, format, column, partitions).run(
                    LstmLmScorer.load(spark, checkpoint, executorThreads != null ? executorThreads : LstmLmScorer.defaultThreads(spark), batchSize),
                    input, output, outputFormat);
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "Perplexity including OOVs:\t%.4f%n", totals.perplexity());
            err.printf(Locale.ROOT, "Perplexity excluding OOVs:\t%.4f%n", totals.perplexityExcludingOov());
            err.printf(Locale.ROOT, "OOVs:\t%d%n", totals.oov());
            err.printf(Locale.ROOT, "Tokens:\t%d%n", totals.tokens());
            err.printf(Locale.ROOT, "Lines:\t%d%n", totals.lines());
            err.printf(Locale.ROOT, "Logprob:\t%.4f (natural log)%n", totals.logprob());
            err.printf(Locale.ROOT, "%,.0f tokens/s, %,.0f lines/s (%.2f s, Spark's start not counted)%n",
                    totals.tokens() / seconds, totals.lines() / seconds, seconds);
            err.printf("Rows written to %s (%s)%n", output, outputFormat);
            err.flush();
        } finally {
            if (!shared) spark.stop();
        }
        return 0;
    }

}
