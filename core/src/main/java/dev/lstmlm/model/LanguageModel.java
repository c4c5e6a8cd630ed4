package dev.lstmlm.model;

import dev.lstmlm.nn.Decoder;
import dev.lstmlm.nn.Embedding;
import dev.lstmlm.nn.Lstm;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.nn.RecurrentDropout;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.SplitMix64;
import java.util.Arrays;

/**
 * Embedding (or one-hot input) → L stacked LSTM layers → dropout → linear decoder → softmax
 * cross-entropy; Zaremba et al. 2014, as in TensorFlow's ptb_word_lm.py, with AWD-LSTM's
 * regularizers as options ({@link Regularization}, all off by default).
 *
 * <p>Windows are time-major: token ids {@code x[t * B + b]} for t in [0, T), b in [0, B), and the
 * targets {@code y} laid out the same way. Parameter views carry PyTorch's state-dict names and
 * layouts: {@code encoder.weight} (V,E) (absent for one-hot input), {@code rnn.weight_ih_l{k}}
 * (4H,in), {@code rnn.weight_hh_l{k}} (4H,H), {@code rnn.bias_ih_l{k}} (4H),
 * {@code rnn.bias_hh_l{k}} (4H), {@code decoder.weight} (V,H) (absent with tied weights: the
 * decoder then multiplies by encoder.weight), {@code decoder.bias} (V); gate order i, f, g, o.
 *
 * <p>Dropout acts in {@link #trainWindow} only, at the sites of {@link DropoutSites}; weight drop
 * and dropout on h act inside the layers ({@link RecurrentDropout}), embedding dropout on the rows
 * of the lookup table. Whatever is off costs nothing and draws no random numbers.
 *
 * <p>Buffers are allocated when a window first needs them and reused afterwards. A model is not
 * thread-safe: give each thread its own.
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
            this(batch, layers * hidden);
        }

        /** @param width Σ over the layers of H */
        State(int batch, int width) {
            this.batch = batch;
            this.h = new float[batch * width];
            this.c = new float[batch * width];
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

    private final ModelConfig config;
    private final ParameterStore params;
    /** Null for one-hot input. */
    private final Embedding embedding;
    private final Lstm[] layers;
    private final Decoder decoder;
    private final DropoutSites sites;
    private final Regularization reg;
    private final SplitMix64 rng = new SplitMix64(0);
    private final Compute compute;
    private final int[] stepToken = new int[1];
    /** Package-private so that tests can see that buffers are reused, and the masks of the last training window. */
    WindowBuffers workspace;

    public LanguageModel(ModelConfig config, Compute compute) {
        this.config = config;
        this.compute = compute;
        this.params = ParameterLayout.of(config);
        this.embedding = config.input() == ModelConfig.Input.EMBEDDING ? new Embedding(params, "encoder.weight", compute.kernels()) : null;
        this.layers = new Lstm[config.numLayers()];
        for (int k = 0; k < layers.length; k++) layers[k] = new Lstm(params, k, config.forgetBias(), compute);
        this.decoder = new Decoder(params, config.tied() ? "encoder.weight" : "decoder.weight", "decoder.bias", compute);
        this.sites = new DropoutSites(config, compute.kernels());
        this.reg = config.regularization();
    }

    public ModelConfig config() {
        return config;
    }

    /** The kernels, GEMM and worker pool the model computes with; the pool also serves the optimizer's passes. */
    public Compute compute() {
        return compute;
    }

    public ParameterStore params() {
        return params;
    }

    public State newState(int batch) {
        return new State(batch, config.stateWidth());
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
        WindowChecks.window(config, x, y, steps, batch, state);
        WindowBuffers w = workspace(steps, batch);
        if (!w.hasTrainingBuffers()) w.allocateTrainingBuffers(config, sites);
        int rows = steps * batch;
        int top = layers.length;
        forward(w, x, steps, batch, state, true);
        double sum = decoder.lossAndGradient(w.logits, 0, w.input[top], w.inputOffset[top], y, 0, rows, lossScale / batch);
        backward(w, x, steps, batch, lossScale);
        return sum / batch;
    }

    /**
     * Forward only, dropout off; advances {@code state}; returns the same cost as {@link #trainWindow}.
     * Like trainWindow, it checks every token first and changes nothing when one is out of range.
     */
    public double evalWindow(int[] x, int[] y, int steps, int batch, State state) {
        WindowChecks.window(config, x, y, steps, batch, state);
        WindowBuffers w = workspace(steps, batch);
        forward(w, x, steps, batch, state, false);
        int top = layers.length;
        return decoder.loss(w.logits, 0, w.input[top], w.inputOffset[top], y, 0, steps * batch) / batch;
    }

    /** One step with B = 1 for generation: feeds {@code token}, advances {@code state}, writes the V logits. */
    public void step(int token, State state, float[] logits) {
        WindowChecks.state(config, state, 1);
        if (logits.length < config.vocabSize()) {
            throw new IllegalArgumentException("logits must hold " + config.vocabSize() + " values, got " + logits.length);
        }
        stepToken[0] = token;
        WindowBuffers w = workspace(1, 1);
        forward(w, stepToken, 1, 1, state, false);
        decoder.logits(logits, 0, w.input[layers.length], w.inputOffset[layers.length], 1);
    }

    /**
     * Forward only, dropout off, for scoring many rows at once: feeds the window x (T,B), advances
     * {@code state} and writes the logits of every row into {@code logits} ((T·B,V), row t·B + b),
     * rounded as {@link #step} rounds them. Checks every token first and changes nothing when one is
     * out of range.
     */
    public void logits(int[] x, int steps, int batch, State state, float[] logits) {
        if (steps < 1 || batch < 1) throw new IllegalArgumentException("a window needs steps >= 1 and batch >= 1, got " + steps + " x " + batch);
        int rows = steps * batch;
        int v = config.vocabSize();
        if (x.length < rows || logits.length < (long) rows * v) {
            throw new IllegalArgumentException("a window of " + steps + " x " + batch + " needs " + rows + " inputs and "
                    + (long) rows * v + " logits, got " + x.length + " and " + logits.length);
        }
        WindowChecks.state(config, state, batch);
        for (int i = 0; i < rows; i++) {
            if (x[i] < 0 || x[i] >= v) throw new IllegalArgumentException("token " + x[i] + " at position " + i + " is outside the vocabulary [0, " + v + ")");
        }
        WindowBuffers w = workspace(steps, batch);
        forward(w, x, steps, batch, state, false);
        decoder.logits(logits, 0, w.input[layers.length], w.inputOffset[layers.length], rows);
    }

    /** State of the dropout random generator, saved in checkpoints for an exact resume. */
    public long rngState() {
        return rng.state();
    }

    public void rngState(long state) {
        rng.state(state);
    }

    /**
     * Sets every weight and bias uniformly in [-scale, scale), deterministically from {@code seed}:
     * TensorFlow ptb_word_lm.py's {@code random_uniform_initializer(-init_scale, init_scale)}.
     */
    public void initUniform(float scale, long seed) {
        Initializers.uniform(params, scale, seed);
    }

    /**
     * Sets every weight from a normal distribution of the given mean and standard deviation,
     * redrawing values more than two standard deviations from the mean ({@code tf.truncated_normal}),
     * and every bias to 0; deterministic from {@code seed}. The Udacity 6_lstm notebook uses
     * {@code truncated_normal(shape, -0.1, 0.1)}: mean -0.1, standard deviation 0.1.
     */
    public void initTruncatedNormal(float mean, float std, long seed) {
        Initializers.truncatedNormal(params, mean, std, seed);
    }

    /** AWD-LSTM's initialization, deterministic from {@code seed}: see {@link Initializers#awd}. */
    public void initAwd(float embeddingScale, long seed) {
        Initializers.awd(params, embeddingScale, seed);
    }

    /**
     * Embedding (or one-hot) and the LSTM stack, with the training window's dropouts when {@code
     * train}; leaves the decoder's input in w.input[L]. Masks are drawn in a fixed order: the words,
     * site 0, then per layer its recurrent masks and the site above it.
     */
    private void forward(WindowBuffers w, int[] x, int steps, int batch, State state, boolean train) {
        int rows = steps * batch;
        float[] in = null;
        int inOff = 0;
        if (embedding != null) {
            if (train && w.wordMask != null) {
                compute.kernels().dropoutMask(w.wordMask, 0, w.wordMask.length, 1f - reg.dropoutWords(), rng);
                embedding.forward(w.embedded, 0, x, 0, rows, w.wordMask);
            } else {
                embedding.forward(w.embedded, 0, x, 0, rows);
            }
            in = w.embedded;
            if (train && sites.forward(0, w.dropped[0], w.masks[0], in, 0, steps, batch, rng)) in = w.dropped[0];
        }
        for (int k = 0; k < layers.length; k++) {
            w.input[k] = in;
            w.inputOffset[k] = inOff;
            int stateOff = config.stateOffset(k, batch);
            RecurrentDropout drop = train && w.recurrent != null ? w.recurrent[k] : null;
            if (drop != null) layers[k].draw(drop, batch, rng);
            if (k == 0 && embedding == null) {
                layers[0].forwardOneHot(x, 0, steps, batch, state.h, state.c, stateOff, w.caches[0], drop);
            } else {
                layers[k].forward(in, inOff, steps, batch, state.h, state.c, stateOff, w.caches[k], drop);
            }
            w.caches[k].copyFinalState(steps, batch, state.h, state.c, stateOff);
            in = w.caches[k].output();
            inOff = w.caches[k].outputOffset(batch);
            if (train && sites.forward(k + 1, w.dropped[k + 1], w.masks[k + 1], in, inOff, steps, batch, rng)) {
                in = w.dropped[k + 1];
                inOff = 0;
            }
        }
        w.input[layers.length] = in;
        w.inputOffset[layers.length] = inOff;
    }

    /**
     * Backward through the window of the last forward; w.logits holds the gradient of the logits (the
     * decoder bias's is added already). AR and TAR add their gradients at the top layer.
     */
    private void backward(WindowBuffers w, int[] x, int steps, int batch, float lossScale) {
        int rows = steps * batch;
        float[] dOut = w.gradA;
        float[] dIn = w.gradB;
        int top = layers.length;
        int outWidth = config.outputSize();
        Arrays.fill(dOut, 0, rows * outWidth, 0f);
        decoder.backward(dOut, 0, w.logits, 0, w.input[top], w.inputOffset[top], rows);
        if (reg.ar() > 0) ActivationRegularizer.ar(reg.ar(), lossScale, dOut, w.input[top], w.inputOffset[top], steps, batch, outWidth);
        for (int k = top - 1; k >= 0; k--) {
            sites.backward(k + 1, dOut, w.masks[k + 1], steps, batch);
            if (k == top - 1 && reg.tar() > 0) {
                ActivationRegularizer.tar(reg.tar(), lossScale, dOut, w.caches[k].output(), w.caches[k].outputOffset(batch), steps, batch,
                        outWidth);
            }
            RecurrentDropout drop = w.recurrent != null ? w.recurrent[k] : null;
            if (k == 0 && embedding == null) {
                layers[0].backwardOneHot(dOut, 0, x, 0, steps, batch, w.caches[0], drop);
                return;
            }
            Arrays.fill(dIn, 0, rows * config.layerInputSize(k), 0f);
            layers[k].backward(dOut, 0, w.input[k], w.inputOffset[k], dIn, 0, steps, batch, w.caches[k], drop);
            float[] t = dOut;
            dOut = dIn;
            dIn = t;
        }
        sites.backward(0, dOut, w.masks[0], steps, batch);
        if (w.wordMask != null) {
            embedding.backward(dOut, 0, x, 0, rows, w.wordMask);
        } else {
            embedding.backward(dOut, 0, x, 0, rows);
        }
    }

    private WindowBuffers workspace(int steps, int batch) {
        WindowBuffers w = workspace;
        if (w == null || !w.fits(steps, batch)) {
            int rows = Math.max(steps * batch, w == null ? 0 : w.rows);
            w = new WindowBuffers(config, rows, Math.max(batch, w == null ? 0 : w.batch));
            workspace = w;
        }
        return w;
    }

}
