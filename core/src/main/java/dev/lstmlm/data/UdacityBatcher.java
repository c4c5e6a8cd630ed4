package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.util.Arrays;

/**
 * The character batches of the Udacity Deep Learning notebook {@code 6_lstm.ipynb}
 * ({@code BatchGenerator}): {@code batchSize} cursors start at {@code b * (size / batchSize)}; each
 * call to {@link #next} yields {@code numUnrollings + 1} consecutive batches (one character per
 * cursor, each cursor then advancing by one and wrapping at the end of the text), of which the last
 * is carried over as the first of the next call, exactly as {@code _last_batch} is.
 *
 * <p>Instead of one-hot matrices the batches are ids, time-major: {@code x[t*B + b]} is batch
 * {@code t} and {@code y[t*B + b]} batch {@code t + 1}, for {@code t < numUnrollings}. Nothing is
 * allocated per call. {@link #state()}/{@link #restore} save and restore the position exactly.
 */
public final class UdacityBatcher {
    /** A position in the text: the cursors and the batch carried over to the next call. */
    public record State(int[] cursors, int[] lastBatch) {
        public State {
            cursors = cursors.clone();
            lastBatch = lastBatch.clone();
        }

        @Override
        public int[] cursors() {
            return cursors.clone();
        }

        @Override
        public int[] lastBatch() {
            return lastBatch.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Arrays.equals(cursors, s.cursors) && Arrays.equals(lastBatch, s.lastBatch);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(cursors) + Arrays.hashCode(lastBatch);
        }

        @Override
        public String toString() {
            return "State[cursors=" + Arrays.toString(cursors) + ", lastBatch=" + Arrays.toString(lastBatch) + "]";
        }
    }

    private final TokenSequence text;
    private final int batchSize;
    private final int numUnrollings;
    private final int[] cursor;
    private final int[] last;

    /** Fails with a {@link UserError} when the text has fewer characters than {@code batchSize}. */
    public UdacityBatcher(TokenSequence text, int batchSize, int numUnrollings) {
        if (batchSize < 1 || numUnrollings < 1) {
            throw new UserError("batch size and number of unrollings must be at least 1, not " + batchSize + " and "
                    + numUnrollings);
        }
        int segment = text.size() / batchSize;
        if (segment == 0) {
            throw new UserError("the text has " + text.size() + " characters, but a batch of " + batchSize
                    + " needs at least " + batchSize + "; use a longer text or a smaller batch size");
        }
        this.text = text;
        this.batchSize = batchSize;
        this.numUnrollings = numUnrollings;
        this.cursor = new int[batchSize];
        this.last = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            cursor[b] = b * segment;
        }
        nextBatch(last, 0);
    }

    public int batchSize() {
        return batchSize;
    }

    public int numUnrollings() {
        return numUnrollings;
    }

    /** Fills the next {@code numUnrollings} steps of inputs and targets. */
    public void next(int[] x, int[] y) { // x, y: (T,B), T = numUnrollings
        int n = batchSize * numUnrollings;
        if (x.length < n || y.length < n) {
            throw new IllegalArgumentException("x and y need " + n + " elements, have " + x.length + " and " + y.length);
        }
        System.arraycopy(last, 0, x, 0, batchSize);
        for (int t = 0; t < numUnrollings; t++) {
            nextBatch(y, t * batchSize);
            if (t + 1 < numUnrollings) System.arraycopy(y, t * batchSize, x, (t + 1) * batchSize, batchSize);
        }
        System.arraycopy(y, (numUnrollings - 1) * batchSize, last, 0, batchSize);
    }

    /** The current position, to store in a checkpoint. */
    public State state() {
        return new State(cursor, last);
    }

    /** Continues from a position {@link #state()} returned for the same text and batch size. */
    public void restore(State state) {
        int[] c = state.cursors();
        int[] l = state.lastBatch();
        boolean fits = c.length == batchSize && l.length == batchSize;
        for (int b = 0; fits && b < batchSize; b++) {
            fits = c[b] >= 0 && c[b] < text.size() && l[b] == text.get(Math.floorMod(c[b] - 1, text.size()));
        }
        if (!fits) {
            throw new UserError("the saved batch position does not fit this text and batch size of " + batchSize
                    + "; resume with the corpus and batch size the run started with");
        }
        System.arraycopy(c, 0, cursor, 0, batchSize);
        System.arraycopy(l, 0, last, 0, batchSize);
    }

    /**
     * Moves to where {@code calls} calls to {@link #next} from the start leave the batcher, without
     * reading the batches in between: each call advances every cursor by {@code numUnrollings}.
     * Lets a resumed run find its place from the number of updates made.
     */
    public void seek(long calls) {
        if (calls < 0) throw new IllegalArgumentException("calls must be 0 or more, got " + calls);
        int size = text.size();
        int segment = size / batchSize;
        long advance = Math.floorMod(calls, (long) size) * numUnrollings % size;
        for (int b = 0; b < batchSize; b++) {
            cursor[b] = (int) ((b * (long) segment + 1 + advance) % size);
            last[b] = text.get(cursor[b] == 0 ? size - 1 : cursor[b] - 1);
        }
    }

    /** One character per cursor into {@code dst[off..off+B)}, advancing the cursors. */
    private void nextBatch(int[] dst, int off) {
        int size = text.size();
        for (int b = 0; b < batchSize; b++) {
            dst[off + b] = text.get(cursor[b]);
            cursor[b] = cursor[b] + 1 == size ? 0 : cursor[b] + 1;
        }
    }
}
