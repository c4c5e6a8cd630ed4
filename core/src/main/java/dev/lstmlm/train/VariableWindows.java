package dev.lstmlm.train;

import dev.lstmlm.UserError;
import dev.lstmlm.data.TokenSequence;

/**
 * Windows of any length over TensorFlow's / AWD-LSTM's batch layout ({@code batchify}): the ids cut
 * to {@code B · rowLength} tokens and read as B rows of {@code rowLength} consecutive tokens. The
 * window at {@code start} with {@code len} steps takes steps [start, start + len) of every row as
 * input and the same shifted by one as target, time-major as the model reads them. With a fixed
 * length it is {@link dev.lstmlm.data.PtbBatcher}'s window; nothing is copied or allocated.
 */
public final class VariableWindows {
    private final TokenSequence data;
    private final int batchSize;
    private final int rowLength;

    public VariableWindows(TokenSequence data, int batchSize) {
        this.data = data;
        this.batchSize = batchSize;
        this.rowLength = data.size() / batchSize;
        if (rowLength < 3) {
            throw new UserError("the text has " + data.size() + " tokens, too few for " + batchSize
                    + " rows of variable-length windows; use a longer text or a smaller batch size");
        }
    }

    public int rowLength() {
        return rowLength;
    }

    /** Fills x and y (T,B) with the window of {@code len} steps from step {@code start} of every row. */
    public void window(int start, int len, int[] x, int[] y) {
        if (start < 0 || len < 1 || start + len > rowLength - 1) {
            throw new IndexOutOfBoundsException("a window of " + len + " steps at " + start + " does not fit rows of " + rowLength);
        }
        int n = len * batchSize;
        if (x.length < n || y.length < n) throw new IllegalArgumentException("x and y need " + n + " elements");
        for (int b = 0; b < batchSize; b++) {
            int row = b * rowLength + start;
            for (int t = 0; t < len; t++) {
                x[t * batchSize + b] = data.get(row + t);
                y[t * batchSize + b] = data.get(row + t + 1);
            }
        }
    }
}
