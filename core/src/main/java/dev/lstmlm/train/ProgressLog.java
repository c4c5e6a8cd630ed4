package dev.lstmlm.train;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The training log, in the format of PyTorch's word_language_model so that it reads at a glance:
 *
 * <pre>
 * | epoch   1 |   232/ 2323 batches  10% | lr 1.00 | ms/batch  41.3 | loss  6.12 | ppl   455.31 | wps  9685 | eta 1:35 / 21:13 |
 * </pre>
 *
 * loss and ppl are the running values of the epoch (TF's {@code exp(costs / iters)}), wps the words
 * per second of the epoch, eta the rest of the epoch / of the whole run. A line is kept every 10% of
 * an epoch; on a terminal a live line, redrawn in place every second, shows the batches between.
 * For character models the rate is in characters per second (cps) and the validation result in
 * nats and bits per character. The udacity loop's reports ({@link #step}) follow its notebook instead.
 */
final class ProgressLog {
    private static final long LIVE_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean live;
    private final boolean characters;
    private int liveWidth;
    private long lastLiveNanos = Long.MIN_VALUE / 2;

    /** @param live whether {@code out} is a terminal, where a line can be redrawn with a carriage return */
    ProgressLog(PrintWriter out, boolean live) {
        this(out, live, false);
    }

    /** @param characters whether the tokens are characters */
    ProgressLog(PrintWriter out, boolean live, boolean characters) {
        this.out = out;
        this.live = live;
        this.characters = characters;
    }

    /** Progress after batch {@code done} (1-based) of {@code epochSize}; prints when a line is due. */
    void batch(long nowNanos, int epoch, int done, int epochSize, double lr, double msPerBatch, double loss,
               double wordsPerSecond, double epochEtaSeconds, double runEtaSeconds) {
        boolean keep = done == epochSize || (long) done * 10 / epochSize != (long) (done - 1) * 10 / epochSize;
        boolean redraw = live && nowNanos - lastLiveNanos >= LIVE_INTERVAL_NANOS;
        if (!keep && !redraw) return;
        String line = String.format(Locale.ROOT,
                "| epoch %3d | %5d/%5d batches %3d%% | lr %s | ms/batch %6.1f | loss %5.2f | ppl %8.2f | %s %5.0f | eta %s / %s |",
                epoch, done, epochSize, (int) ((long) done * 100 / epochSize), rate(lr), msPerBatch, loss, Math.exp(loss),
                characters ? "cps" : "wps", wordsPerSecond, duration(epochEtaSeconds), duration(runEtaSeconds));
        if (keep) {
            println(line);
        } else {
            out.print("\r" + pad(line));
            liveWidth = line.length();
            out.flush();
        }
        lastLiveNanos = nowNanos;
    }

    void endEpoch(int epoch, double seconds, double lr, double trainPpl, Double validPpl, double wordsPerSecond) {
        String valid = validPpl == null ? (characters ? "valid loss      -" : "valid ppl        -")
                : characters ? String.format(Locale.ROOT, "valid loss %.4f (%.3f bpc)", Math.log(validPpl), Math.log(validPpl) / Math.log(2))
                : String.format(Locale.ROOT, "valid ppl %8.2f", validPpl);
        String train = characters ? String.format(Locale.ROOT, "train loss %.4f", Math.log(trainPpl))
                : String.format(Locale.ROOT, "train ppl %8.2f", trainPpl);
        String rule = "-".repeat(100);
        println(rule);
        println(String.format(Locale.ROOT, "| end of epoch %3d | time %s | lr %s | %s | %s | %s %5.0f |",
                epoch, duration(seconds), rate(lr), train, valid, characters ? "cps" : "wps", wordsPerSecond));
        println(rule);
    }

    /**
     * The udacity loop's report of step {@code step} (0-based) of {@code steps}, as the notebook prints it: the
     * mean loss since the last report, the minibatch and validation perplexities; then the time per step.
     */
    void step(long step, long steps, double lr, double meanLoss, double minibatchPpl, double validPpl, double msPerStep,
              double etaSeconds) {
        println(String.format(Locale.ROOT,
                "| step %5d/%5d | lr %s | loss %.4f | minibatch ppl %6.2f | valid ppl %6.2f | ms/step %5.1f | eta %s |", step,
                steps, rate(lr), meanLoss, minibatchPpl, validPpl, msPerStep, duration(etaSeconds)));
    }

    /** A sample of generated text under a title line, between rules. */
    void sample(String title, String text) {
        samples(title, List.of(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
    }

    /** Samples of generated text, a line each, under a title line, between rules. */
    void samples(String title, List<String> texts) {
        println("=".repeat(10) + " " + title + " " + "=".repeat(10));
        texts.forEach(this::println);
        println("=".repeat(80));
    }

    /** A line of its own, clearing the live line first. */
    void println(String line) {
        out.println(live && liveWidth > 0 ? "\r" + pad(line) : line);
        liveWidth = 0;
        out.flush();
    }

    private String pad(String line) {
        return line.length() >= liveWidth ? line : line + " ".repeat(liveWidth - line.length());
    }

    /** Ends a live line still open on the terminal, so that whatever follows starts on a line of its own. */
    void endLine() {
        if (live && liveWidth > 0) {
            out.println();
            out.flush();
        }
        liveWidth = 0;
    }

    /** Enough digits to tell the decayed rates apart (1.00, 0.50, 0.0039, ...). */
    static String rate(double lr) {
        return lr >= 0.1 ? String.format(Locale.ROOT, "%.2f", lr) : String.format(Locale.ROOT, "%.2g", lr);
    }

    /** h:mm:ss, or m:ss under an hour; "?" while unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
