package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.score.ScoreOptions;
import dev.lstmlm.score.ScoreTotals;
import dev.lstmlm.score.ScoreWriter;
import dev.lstmlm.score.Scorer;
import dev.lstmlm.score.StreamScorer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lstmlm score}: the log-probability of every line of a text, as KenLM's query prints it. */
@Command(name = "score", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Score every line of a text on its own: its log-probability, tokens, OOVs and perplexity.",
                "Each line is read after the start symbol generation uses (<eos> for word models, a line break for character"
                        + " models, a space for the 27-letter alphabet) and its end symbol is scored too. Output is in input order;"
                        + " a summary (perplexity including and excluding OOVs, tokens/s) goes to stderr."},
        footer = {"", "Output: logprob<TAB>tokens<TAB>oov<TAB>ppl<TAB>text, or with --json one object per line.",
                "An empty line scores its end symbol alone; a line that is not UTF-8 stops the run with an error.", "",
                "Examples:", "  lstmlm score --model runs/RUN/model.safetensors sentences.txt",
                "  cat nbest.txt | lstmlm score --model model.safetensors --json --per-token --top 5",
                "  lstmlm score --model model.safetensors --carry --log10 ptb.test.txt"})
final class ScoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ModelOption model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", defaultValue = "-",
            description = "The text, one item per line (UTF-8); - or nothing reads standard input.")
    String input;

    @Option(names = "--json", description = "One JSON object per line instead of tab-separated values.")
    boolean json;

    @Option(names = "--per-token", description = "With --json: also each token's text and log-probability.")
    boolean perToken;

    @Option(names = "--top", paramLabel = "N", defaultValue = "0",
            description = "With --per-token: also the N most likely tokens at each position (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--log10", description = "Log-probabilities in base 10, as KenLM prints them (default: natural log).")
    boolean log10;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Lines scored side by side; the scores do not depend on it (default: " + ScoreOptions.DEFAULT_BATCH + ").")
    Integer batchSize;

    @Mixin ThreadsOption threads;

    @Option(names = "--carry", description = "Score the lines as one stream, the state carried across lines, as eval does (the sum is eval's).")
    boolean carry;

    @Override
    public Integer call() throws IOException {
        int threadCount = threads.resolve(spec.commandLine().getErr());
        if ((perToken || top > 0) && !json) throw new UserError("--per-token and --top need --json; add --json");
        if (top < 0) throw new UserError("--top must be 0 or more, not " + top);
        if (top > 0 && !perToken) throw new UserError("--top needs --per-token; add --per-token");
        if (carry && batchSize != null) throw new UserError("--carry scores one stream, so --batch-size does not apply; leave one of them out");
        ScoreOptions options = new ScoreOptions(batchSize != null ? batchSize : ScoreOptions.DEFAULT_BATCH, perToken, top);
        boolean stdin = input.equals("-");
        Path file = stdin ? null : Path.of(input);
        if (file != null && Files.isDirectory(file)) throw new UserError(file + " is a directory, not a text file; pass the text file itself");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScoreWriter writer = new ScoreWriter(out, json, log10);
        ScoreTotals totals;
        long start;
        try (InputStream in = stdin ? new FilterInputStream(System.in) {
                @Override
                public void close() {}  // standard input stays open for whoever runs this command
            } : open(file)) {
            Scorer scorer = Scorer.load(model.file(), ComputeLine.open(spec, threadCount));
            start = System.nanoTime();
            totals = new StreamScorer(scorer, options, carry).run(in, stdin ? "standard input" : file.toString(), writer);
        } finally {
            writer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "Perplexity including OOVs:\t%.4f%n", totals.perplexity());
        err.printf(Locale.ROOT, "Perplexity excluding OOVs:\t%.4f%n", totals.perplexityExcludingOov());
        err.printf(Locale.ROOT, "OOVs:\t%d%n", totals.oov());
        err.printf(Locale.ROOT, "Tokens:\t%d%n", totals.tokens());
        err.printf(Locale.ROOT, "Lines:\t%d%n", totals.lines());
        err.printf(Locale.ROOT, "Logprob:\t%.4f (%s)%n", totals.logprob() * (log10 ? 1 / Math.log(10) : 1), log10 ? "log10" : "natural log");
        err.printf(Locale.ROOT, "%,.0f tokens/s, %,.0f lines/s (%.2f s)%n", totals.tokens() / seconds, totals.lines() / seconds, seconds);
        err.flush();
        return 0;
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + " does not exist; check the path");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
    }
}
