package dev.lstmlm.score;

import dev.lstmlm.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores lines as one stream, the LSTM state carried from each line into the next, exactly as
 * {@code lstmlm eval} scores a text with batch 1: from the zero state the stream's first token is
 * read but not scored, and every later token is scored from all before it. Each line gets the
 * tokens it holds (its end symbol included, except after a last line without a line break, where
 * the text has none); the sum over all lines is eval's total. Windows of up to
 * {@link WindowScorer#maxRows} tokens, so long lines and short lines cost the same per token.
 *
 * <p>Not thread-safe; one stream per instance.
 */
final class CarryScorer {
    private final LanguageModel model;
    private final TextEncoder encoder;
    private final WindowScorer window;
    private final LanguageModel.State state;
    private final int[] x;
    private final int[] y;
    /** Per window row, the line and position it scores. */
    private final int[] lineOf;
    private final int[] positionOf;
    private int rows;
    /** The last token of the stream so far; -1 before the first. */
    private int previous = -1;

    CarryScorer(LanguageModel model, TextEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
        this.window = new WindowScorer(model, 1);
        this.state = model.newState(1);
        this.x = new int[window.maxRows];
        this.y = new int[window.maxRows];
        this.lineOf = new int[window.maxRows];
        this.positionOf = new int[window.maxRows];
    }

    /**
     * The next lines of the stream, each given as read (a CR before its LF included, as eval reads
     * it); {@code endsStream}: the last of them is the stream's last line and had no LF.
     */
    List<LineScore> score(List<String> texts, boolean endsStream, ScoreOptions options) {
        int n = texts.size();
        int top = options.perToken() ? options.top() : 0;
        LineTokens[] lines = new LineTokens[n];
        int[] from = new int[n];
        int[] to = new int[n];
        double[][] logprobs = new double[n][];
        int[][] topIds = new int[n][];
        float[][] topLogprobs = new float[n][];
        for (int j = 0; j < n; j++) {
            lines[j] = encoder.encode(texts.get(j));
            to[j] = lines[j].length() - (endsStream && j == n - 1 ? 1 : 0);
            from[j] = previous < 0 && to[j] > 0 ? 1 : 0;
            logprobs[j] = new double[lines[j].length()];
            if (top > 0) {
                topIds[j] = new int[lines[j].length() * top];
                topLogprobs[j] = new float[lines[j].length() * top];
            }
            for (int p = 0; p < to[j]; p++) {
                int id = lines[j].ids()[p];
                if (previous >= 0) {
                    x[rows] = previous;
                    y[rows] = id;
                    lineOf[rows] = j;
                    positionOf[rows] = p;
                    if (++rows == window.maxRows) flush(logprobs, topIds, topLogprobs, top);
                }
                previous = id;
            }
        }
        flush(logprobs, topIds, topLogprobs, top);
        List<LineScore> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) out.add(result(texts.get(j), lines[j], from[j], to[j], logprobs[j], topIds[j], topLogprobs[j], options, top));
        return out;
    }

    private void flush(double[][] logprobs, int[][] topIds, float[][] topLogprobs, int top) {
        if (rows == 0) return;
        window.run(x, y, rows, 1, state, top);
        int k = window.top;
        for (int r = 0; r < rows; r++) {
            int j = lineOf[r], p = positionOf[r];
            logprobs[j][p] = window.logprob[r];
            if (top > 0) {
                System.arraycopy(window.topIds, r * k, topIds[j], p * top, k);
                System.arraycopy(window.topLogprobs, r * k, topLogprobs[j], p * top, k);
                if (k < top) Arrays.fill(topIds[j], p * top + k, (p + 1) * top, -1);
            }
        }
        rows = 0;
    }

    private LineScore result(String text, LineTokens line, int from, int to, double[] lp, int[] ids, float[] vals,
                             ScoreOptions options, int top) {
        double[] scored = Arrays.copyOfRange(lp, from, to);
        boolean[] unknown = Arrays.copyOfRange(line.unknown(), from, to);
        String[] pieces = Arrays.copyOfRange(line.pieces(), from, to);
        int oov = 0;
        for (boolean u : unknown) oov += u ? 1 : 0;
        LineTokens kept = new LineTokens(line.start(), Arrays.copyOfRange(line.ids(), from, to), pieces, oov, unknown);
        int[] keptIds = top > 0 ? Arrays.copyOfRange(ids, from * top, to * top) : null;
        float[] keptVals = top > 0 ? Arrays.copyOfRange(vals, from * top, to * top) : null;
        return Results.of(encoder, text, kept, scored, keptIds, keptVals, options, top);
    }
}
