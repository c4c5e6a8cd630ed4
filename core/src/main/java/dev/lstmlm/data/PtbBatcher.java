package dev.lstmlm.data;

import dev.lstmlm.UserError;

/**
 * The training windows of TensorFlow's PTB tutorial ({@code reader.ptb_producer}): the ids are cut
 * to {@code batchSize * batchLen} tokens ({@code batchLen = size / batchSize}) and laid out as
 * {@code batchSize} rows of {@code batchLen} consecutive tokens; window {@code i} takes steps
 * {@code [i*T, (i+1)*T)} of every row as input and the same shifted by one as target. Windows come
 * in order, without shuffling, so the LSTM state carries from one window to the next.
 *
 * <p>The windows are time-major, as the model consumes them: {@code x[t*B + b]}. Nothing is copied
 * or allocated per window; the rows are read in place from the {@link TokenSequence}.
 */
public final class PtbBatcher {
    private final TokenSequence data;
    private final int batchSize;
    private final int numSteps;
    private final int batchLen;
    private final int epochSize;

    /** Fails with a {@link UserError} when {@code data} is too short for a single window. */
    public PtbBatcher(TokenSequence data, int batchSize, int numSteps) {
        if (batchSize < 1 || numSteps < 1) {
            throw new UserError("batch size and number of steps must be at least 1, not " + batchSize + " and " + numSteps);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.batchLen = data.size() / batchSize;
        this.epochSize = batchLen < 1 ? 0 : (batchLen - 1) / numSteps;
        if (epochSize == 0) {
            long needed = (long) batchSize * (numSteps + 1);
            throw new UserError("the text has " + data.size() + " tokens, but " + batchSize + " rows of " + numSteps
                    + " steps need at least " + needed + "; use a longer text or a smaller batch size or number of steps");
        }
    }

    /** Windows per epoch: {@code (batchLen - 1) / numSteps}. */
    public int epochSize() {
        return epochSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public int numSteps() {
        return numSteps;
    }

    /** Tokens per row: {@code size / batchSize}. */
    public int batchLen() {
        return batchLen;
    }

    /**
     * Fills window {@code i}, {@code 0 <= i < epochSize()}: {@code x[t*B + b] = data[b*batchLen + i*T + t]}
     * and {@code y[t*B + b]} the token after it, for {@code t < T}, {@code b < B}.
     */
    public void window(int i, int[] x, int[] y) { // x, y: (T,B)
        if (i < 0 || i >= epochSize) throw new IndexOutOfBoundsException("window " + i + " of " + epochSize);
        int n = batchSize * numSteps;
        if (x.length < n || y.length < n) {
            throw new IllegalArgumentException("x and y need " + n + " elements, have " + x.length + " and " + y.length);
        }
        int start = i * numSteps;
        for (int b = 0; b < batchSize; b++) {
            int row = b * batchLen + start;
            for (int t = 0; t < numSteps; t++) {
                x[t * batchSize + b] = data.get(row + t);
                y[t * batchSize + b] = data.get(row + t + 1);
            }
        }
    }
}
