package dev.lstmlm.score;

import dev.lstmlm.UserError;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a stream of lines, one text per line, and hands the scores on in input order, in memory
 * bounded by {@link #CHUNK_LINES} lines of text (and {@link #CHUNK_CHARS} characters): it reads
 * that far ahead, lets the {@link Scorer} sort the chunk by length into batches, and writes the
 * chunk back in input order before it reads on. With {@code carry} the lines are one stream
 * instead ({@link CarryScorer}).
 *
 * <p>Per-line mode drops a CR before the LF, so CRLF files score like LF files; the carry mode
 * keeps it, as eval does. A line that is not valid UTF-8 ends the run with an error naming it,
 * after the score of every line before it has been handed on.
 */
public final class StreamScorer {
    /** Lines read ahead: enough that batches of 64 neighbours in length order are close in length. */
    public static final int CHUNK_LINES = 8192;
    public static final int CHUNK_CHARS = 1 << 23;

    /** Receives each score in input order. */
    @FunctionalInterface
    public interface Sink {
        void line(LineScore score);
    }

    private final Scorer scorer;
    private final ScoreOptions options;
    private final boolean carry;

    public StreamScorer(Scorer scorer, ScoreOptions options, boolean carry) {
        this.scorer = scorer;
        this.options = options;
        this.carry = carry;
    }

    /** Scores every line of {@code in} (named {@code name} in messages) and returns the totals. */
    public ScoreTotals run(InputStream in, String name, Sink sink) {
        ScoreTotals totals = new ScoreTotals();
        CarryScorer stream = carry ? scorer.carry() : null;
        try (LineSource lines = new LineSource(in, name)) {
            List<String> chunk = new ArrayList<>();
            boolean end = false;
            while (!end) {
                chunk.clear();
                long chars = 0;
                UserError failure = null;
                try {
                    while (chunk.size() < CHUNK_LINES && chars < CHUNK_CHARS) {
                        String line = lines.next();
                        if (line == null) {
                            end = true;
                            break;
                        }
                        if (!carry && line.endsWith("\r")) line = line.substring(0, line.length() - 1);
                        chunk.add(line);
                        chars += line.length();
                    }
                } catch (UserError e) {
                    failure = e;
                    end = true;
                }
                if (!chunk.isEmpty()) {
                    List<LineScore> scores = carry
                            ? scorer.carry(stream, chunk, end && failure == null && !lines.terminated(), options)
                            : scorer.score(chunk, options);
                    for (LineScore s : scores) {
                        totals.add(s);
                        sink.line(s);
                    }
                }
                if (failure != null) throw failure;
            }
        }
        return totals;
    }
}
