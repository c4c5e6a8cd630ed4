package dev.lstmlm.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a download is: a redrawn bar on a terminal (bytes, percentage, rate and time left,
 * drawn by the progressbar library), or one log line per tenth of the file otherwise (a log file
 * or a pipe gets ten lines, not thousands of redraws).
 */
public interface DownloadProgress {
    /**
     * Wraps {@code body}, the bytes of {@code name} as they arrive; closing the result ends the display.
     *
     * @param total the announced length in bytes, or -1 when the server did not say
     */
    InputStream track(InputStream body, String name, long total);

    /** Nothing shown. */
    DownloadProgress NONE = (body, name, total) -> body;

    /** The choice of the command line: a bar when standard error is probably a terminal, else lines. */
    static DownloadProgress forUser(Consumer<String> log) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        return terminal ? bar(System.err) : lines(log);
    }

    /**
     * A line such as {@code "  simple-examples.tgz: 30% (10.5 of 34.9 MB)"} each time another tenth
     * has arrived; when the length is unknown, one line per 10 MB.
     */
    static DownloadProgress lines(Consumer<String> log) {
        return (body, name, total) -> new Lines(body, name, total, log);
    }

    /** A bar redrawn in place on {@code terminal}, with the bytes so far, rate and time left. */
    static DownloadProgress bar(PrintStream terminal) {
        return (body, name, total) -> {
            boolean small = total >= 0 && total < 10 * MB;
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total)
                    .setUnit(small ? " kB" : " MB", small ? 1000 : MB)
                    .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    // A fixed width: the library then never probes the terminal through its own console layer.
                    .setConsumer(new ClosingConsumer(terminal, 100))
                    .build();
            return new Bar(body, bar);
        };
    }

    /**
     * The library's console display, which draws nothing once closed: the bar is redrawn on a timer
     * thread, and a redraw already under way when the bar closes could otherwise land after the final
     * line break, leaving the next log line glued to the bar.
     */
    final class ClosingConsumer extends ConsoleProgressBarConsumer {
        private boolean closed;

        ClosingConsumer(PrintStream out, int width) {
            super(out, width);
        }

        @Override
        public synchronized void accept(String rendered) {
            if (!closed) super.accept(rendered);
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            super.close();
        }
    }

    /** Bytes per MB in the messages (decimal, as download sizes are usually given). */
    long MB = 1_000_000;

    /** The bar display; it is finished at the end of the body, so that later log lines start on a line of their own. */
    final class Bar extends FilterInputStream {
        private final ProgressBar bar;
        private boolean done;

        Bar(InputStream in, ProgressBar bar) {
            super(in);
            this.bar = bar;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            step(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n != 0) step(n);
            return n;
        }

        private void step(long n) {
            if (done) return;
            if (n < 0) {
                finish();
            } else {
                bar.stepBy(n);
            }
        }

        private void finish() {
            if (!done) {
                done = true;
                bar.close();
            }
        }

        @Override
        public void close() throws IOException {
            finish();
            super.close();
        }
    }

    /** The one-line-per-tenth display. */
    final class Lines extends FilterInputStream {
        private static final long UNKNOWN_STEP = 10 * MB;
        private final String name;
        private final long total;
        private final Consumer<String> log;
        private long count;
        private long next;

        Lines(InputStream in, String name, long total, Consumer<String> log) {
            super(in);
            this.name = name;
            this.total = total;
            this.log = log;
            this.next = step();
        }

        private long step() {
            return total > 0 ? Math.ceilDiv(total, 10) : UNKNOWN_STEP;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) advance(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) advance(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) advance(skipped);
            return skipped;
        }

        private void advance(long n) {
            count += n;
            if (count < next) return;
            if (total > 0) {
                long tenths = Math.min(10, count * 10 / total);
                log.accept(String.format(Locale.ROOT, "  %s: %d%% (%s of %s MB)", name, tenths * 10, mb(count), mb(total)));
                next = tenths >= 10 ? Long.MAX_VALUE : Math.ceilDiv((tenths + 1) * total, 10);
            } else {
                log.accept(String.format(Locale.ROOT, "  %s: %s MB", name, mb(count)));
                next = (count / UNKNOWN_STEP + 1) * UNKNOWN_STEP;
            }
        }

        private static String mb(long bytes) {
            return String.format(Locale.ROOT, "%.1f", bytes / (double) MB);
        }
    }
}
