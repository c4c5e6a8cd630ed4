package dev.lstmlm.train;

import dev.lstmlm.data.PtbBatcher;
import dev.lstmlm.data.TokenSequence;

/**
 * The training windows of one epoch: TensorFlow's fixed T ({@link Fixed}, ptb_producer) or
 * AWD-LSTM's variable lengths ({@link Variable}), each window with the factor its learning rate is
 * scaled by. Both read the same B-row layout of the training text in place.
 */
public sealed interface EpochWindows permits EpochWindows.Fixed, EpochWindows.Variable {
    /** Windows in this epoch. */
    int count();

    /** Steps T of window i. */
    int steps(int i);

    /** The longest window any epoch can have, for the (T,B) buffers. */
    int maxSteps();

    /** Fills x and y (T,B) with window i. */
    void fill(int i, int[] x, int[] y);

    /** The factor window i multiplies the learning rate by. */
    double rateScale(int i);

    /** The windows of {@code epoch}: fixed when {@code variable} is null. */
    static EpochWindows of(TokenSequence train, int batch, int numSteps, VariableBptt variable, long seed, int epoch) {
        return variable == null ? new Fixed(new PtbBatcher(train, batch, numSteps))
                : Variable.of(new VariableWindows(train, batch), variable, seed, epoch);
    }

    /** ptb_producer's windows: (batchLen − 1) / T of them, every one T steps, at the full rate. */
    record Fixed(PtbBatcher batcher) implements EpochWindows {
        @Override
        public int count() {
            return batcher.epochSize();
        }

        @Override
        public int steps(int i) {
            return batcher.numSteps();
        }

        @Override
        public int maxSteps() {
            return batcher.numSteps();
        }

        @Override
        public void fill(int i, int[] x, int[] y) {
            batcher.window(i, x, y);
        }

        @Override
        public double rateScale(int i) {
            return 1;
        }
    }

    /**
     * {@link VariableBptt}'s windows of one epoch, one after another along the rows.
     *
     * @param starts the first step of each window (prefix sums of the lengths)
     */
    record Variable(VariableWindows windows, VariableBptt bptt, int[] lengths, int[] starts) implements EpochWindows {
        static Variable of(VariableWindows windows, VariableBptt bptt, long seed, int epoch) {
            int[] lengths = bptt.epoch(seed, epoch, windows.rowLength());
            int[] starts = new int[lengths.length];
            for (int i = 1; i < lengths.length; i++) starts[i] = starts[i - 1] + lengths[i - 1];
            return new Variable(windows, bptt, lengths, starts);
        }

        @Override
        public int count() {
            return lengths.length;
        }

        @Override
        public int steps(int i) {
            return lengths[i];
        }

        @Override
        public int maxSteps() {
            return Math.min(bptt.longest(), windows.rowLength() - 1);
        }

        @Override
        public void fill(int i, int[] x, int[] y) {
            windows.window(starts[i], lengths[i], x, y);
        }

        @Override
        public double rateScale(int i) {
            return bptt.rateScale(lengths[i]);
        }
    }
}
