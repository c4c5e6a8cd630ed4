package dev.lstmlm.score;

import dev.lstmlm.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores texts each on its own, many at once: the texts are sorted by length, cut into batches of
 * B neighbours, and each batch runs as (T,B) windows from the zero state, row b holding text b
 * padded after its end symbol (padding rows are fed token 0 and their outputs ignored). Rows never
 * mix in an LSTM, so a text's score does not depend on its neighbours; it changes with the batch
 * only by the rounding of differently blocked matrix products. Sorting keeps the padding small.
 *
 * <p>Not thread-safe ({@link Scorer} takes turns on one).
 */
final class BatchScorer {
    private final LanguageModel model;
    private final TextEncoder encoder;
    private WindowScorer window;
    /** (T,B) inputs and targets of the current window; a negative target marks padding. */
    private int[] x = new int[0];
    private int[] y = new int[0];
    private LanguageModel.State state;

    BatchScorer(LanguageModel model, TextEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    CarryScorer carry() {
        return new CarryScorer(model, encoder);
    }

    TextEncoder encoder() {
        return encoder;
    }

    /** The scores of {@code texts}, in their order. */
    List<LineScore> score(List<String> texts, ScoreOptions options) {
        int n = texts.size();
        LineTokens[] lines = new LineTokens[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            lines[i] = encoder.encode(texts.get(i));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> lines[i].length()));
        double[][] logprobs = new double[n][];
        int[][] topIds = new int[n][];
        float[][] topLogprobs = new float[n][];
        int top = options.perToken() ? options.top() : 0;
        int b = options.batchSize();
        for (int first = 0; first < n; first += b) {
            int size = Math.min(b, n - first);
            LineTokens[] batch = new LineTokens[size];
            for (int j = 0; j < size; j++) batch[j] = lines[order[first + j]];
            double[][] lp = new double[size][];
            int[][] ids = new int[size][];
            float[][] vals = new float[size][];
            batch(batch, top, lp, ids, vals);
            for (int j = 0; j < size; j++) {
                int i = order[first + j];
                logprobs[i] = lp[j];
                topIds[i] = ids[j];
                topLogprobs[i] = vals[j];
            }
        }
        List<LineScore> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Results.of(encoder, texts.get(i), lines[i], logprobs[i], topIds[i], topLogprobs[i], options, top));
        return out;
    }

    /**
     * Runs one batch of texts side by side from the zero state; fills, per text, its tokens'
     * log-probabilities and with {@code top} &gt; 0 the ids and log-probabilities of the best
     * {@code top} tokens at each position.
     */
    void batch(LineTokens[] lines, int top, double[][] logprobs, int[][] topIds, float[][] topLogprobs) {
        int size = lines.length;
        int longest = 0;
        for (int j = 0; j < size; j++) {
            longest = Math.max(longest, lines[j].length());
            logprobs[j] = new double[lines[j].length()];
            if (top > 0) {
                topIds[j] = new int[lines[j].length() * top];
                topLogprobs[j] = new float[lines[j].length() * top];
            }
        }
        WindowScorer w = window(size);
        if (state == null || state.batch != size) state = model.newState(size);
        state.zero();
        int perWindow = w.maxRows / size;
        for (int done = 0; done < longest; done += perWindow) {
            int steps = Math.min(perWindow, longest - done);
            for (int t = 0; t < steps; t++) {
                int p = done + t;
                for (int j = 0; j < size; j++) {
                    LineTokens line = lines[j];
                    int r = t * size + j;
                    boolean inside = p < line.length();
                    x[r] = !inside ? 0 : p == 0 ? line.start() : line.ids()[p - 1];
                    y[r] = inside ? line.ids()[p] : -1;
                }
            }
            w.run(x, y, steps, size, state, top);
            int k = w.top;
            for (int t = 0; t < steps; t++) {
                int p = done + t;
                for (int j = 0; j < size; j++) {
                    if (p >= lines[j].length()) continue;
                    int r = t * size + j;
                    logprobs[j][p] = w.logprob[r];
                    if (top > 0) {
                        // k < top only when the vocabulary is smaller than top: the rest stays empty.
                        System.arraycopy(w.topIds, r * k, topIds[j], p * top, k);
                        System.arraycopy(w.topLogprobs, r * k, topLogprobs[j], p * top, k);
                        if (k < top) Arrays.fill(topIds[j], p * top + k, (p + 1) * top, -1);
                    }
                }
            }
        }
    }

    private WindowScorer window(int batch) {
        if (window == null || window.maxRows < batch) {
            window = new WindowScorer(model, batch);
            x = new int[window.maxRows];
            y = new int[window.maxRows];
        }
        return window;
    }
}
