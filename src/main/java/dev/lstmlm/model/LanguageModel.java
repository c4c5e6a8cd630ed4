package dev.lstmlm.model;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Gemm;

/**
 * Embedding (or one-hot input) → L stacked LSTM layers → dropout → linear decoder → softmax
 * cross-entropy; Zaremba et al. 2014, as in TensorFlow's ptb_word_lm.py.
 *
 * <p>Windows are time-major: token ids {@code x[t * B + b]} for t in [0, T), b in [0, B), and the
 * targets {@code y} laid out the same way. Parameter views carry PyTorch's state-dict names and
 * layouts: {@code encoder.weight} (V,E) (absent for one-hot input), {@code rnn.weight_ih_l{k}}
 * (4H,in), {@code rnn.weight_hh_l{k}} (4H,H), {@code rnn.bias_ih_l{k}} (4H),
 * {@code rnn.bias_hh_l{k}} (4H), {@code decoder.weight} (V,H), {@code decoder.bias} (V); gate
 * order i, f, g, o.
 *
 * <p>CONTRACT STUB: the signatures are fixed; the compute-core work fills in the bodies.
 */
public final class LanguageModel {

    /** The (h, c) of every layer for B rows, carried from one window into the next. */
    public static final class State {
        public final int batch;
        /** (L,B,H) */
        public final float[] h;
        /** (L,B,H) */
        public final float[] c;

        public State(int layers, int batch, int hidden) {
            this.batch = batch;
            this.h = new float[layers * batch * hidden];
            this.c = new float[layers * batch * hidden];
        }

        public void zero() {
            java.util.Arrays.fill(h, 0f);
            java.util.Arrays.fill(c, 0f);
        }

        public void copyFrom(State other) {
            System.arraycopy(other.h, 0, h, 0, h.length);
            System.arraycopy(other.c, 0, c, 0, c.length);
        }
    }

    public LanguageModel(ModelConfig config, Gemm gemm) {
        throw new UnsupportedOperationException("LanguageModel is not implemented yet");
    }

    public ModelConfig config() {
        throw new UnsupportedOperationException();
    }

    public ParameterStore params() {
        throw new UnsupportedOperationException();
    }

    public State newState(int batch) {
        throw new UnsupportedOperationException();
    }

    /**
     * Forward and backward over one window with dropout on. Adds {@code lossScale ×} the gradient of
     * the cost into {@code params().grads()} (never zeroes them), and leaves in {@code state} the
     * final (h, c) of the window (the gradient stops at the window's start: truncated BPTT).
     *
     * @return the TensorFlow tutorial's cost: the sum over the T steps of the batch-mean
     *     cross-entropy, in nats (divide by T for the per-word mean)
     */
    public double trainWindow(int[] x, int[] y, int steps, int batch, State state, float lossScale) {
        throw new UnsupportedOperationException();
    }

    /** Forward only, dropout off; advances {@code state}; returns the same cost as {@link #trainWindow}. */
    public double evalWindow(int[] x, int[] y, int steps, int batch, State state) {
        throw new UnsupportedOperationException();
    }

    /** One step with B = 1 for generation: feeds {@code token}, advances {@code state}, writes the V logits. */
    public void step(int token, State state, float[] logits) {
        throw new UnsupportedOperationException();
    }

    /** State of the dropout random generator, saved in checkpoints for an exact resume. */
    public long rngState() {
        throw new UnsupportedOperationException();
    }

    public void rngState(long state) {
        throw new UnsupportedOperationException();
    }
}
