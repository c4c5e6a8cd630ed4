package dev.lstmlm.nn;

import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Gemm;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.PackedMatrix;
import dev.lstmlm.tensor.SplitMix64;

/**
 * One LSTM layer over a whole window of T steps of B rows, with the parameters and gate order of
 * {@code torch.nn.LSTM} layer k ({@code rnn.weight_ih_lk} (4H,in), {@code rnn.weight_hh_lk} (4H,H),
 * {@code rnn.bias_ih_lk}, {@code rnn.bias_hh_lk} (4H)) and TensorFlow's forget bias added in the
 * cell.
 *
 * <p>Forward does the input projection of all T steps as one GEMM ((T·B,in)·W_ihᵀ), and only the
 * recurrent product (B,H)·W_hhᵀ per step. Backward runs the steps in reverse with one (B,4H)·W_hh
 * product per step for the recurrent gradient, then forms every weight gradient as one GEMM over
 * all T·B rows. The carried (h₀, c₀) enter the first step, but no gradient flows into them
 * (truncated backpropagation through time, as in Zaremba et al. 2014).
 *
 * <p>For one-hot input (the first layer of a character model) the input projection of token v is
 * column v of W_ih: a gather instead of a GEMM, and a scatter-add for its gradient.
 *
 * <p>A training window may regularize the recurrence with a {@link RecurrentDropout} (weight drop
 * on W_hh, locked dropout on h), passed to forward and again to backward; null means none and
 * costs nothing.
 */
public final class Lstm {
    private final ParameterStore params;
    private final Gemm gemm;
    private final Kernels kernels;
    private final int weightIh;
    private final int weightHh;
    private final int biasIh;
    private final int biasHh;
    private final int in;
    private final int hidden;
    private final float forgetBias;
    /** W_hhᵀ (H,4H), packed for the recurrent products of forward with batches above 1; refreshed by every forward. */
    private PackedMatrix whhT;
    /** W_hh (4H,H), packed for the recurrent gradients of backward; refreshed by every backward over more than one step. */
    private PackedMatrix whh;

    public Lstm(ParameterStore params, int layer, float forgetBias, Compute compute) {
        ParameterStore.View wih = params.view("rnn.weight_ih_l" + layer);
        ParameterStore.View whh = params.view("rnn.weight_hh_l" + layer);
        this.params = params;
        this.gemm = compute.gemm();
        this.kernels = compute.kernels();
        this.weightIh = wih.offset();
        this.weightHh = whh.offset();
        this.biasIh = params.view("rnn.bias_ih_l" + layer).offset();
        this.biasHh = params.view("rnn.bias_hh_l" + layer).offset();
        this.in = wih.cols();
        this.hidden = whh.cols();
        this.forgetBias = forgetBias;
        if (wih.shape()[0] != 4 * hidden || whh.shape()[0] != 4 * hidden) {
            throw new IllegalArgumentException("LSTM layer " + layer + " weights must have 4H rows");
        }
    }

    /**
     * x (T,B,in) → {@code cache.output()} (T,B,H); (h₀, c₀) are read at {@code stateOff} of h0 and
     * c0 ((B,H) each).
     */
    public void forward(float[] x, int xOff, int steps, int batch, float[] h0, float[] c0, int stateOff, LstmCache cache) {
        forward(x, xOff, steps, batch, h0, c0, stateOff, cache, null);
    }

    /** As {@link #forward(float[], int, int, int, float[], float[], int, LstmCache)} with the masks of {@code drop} (may be null). */
    public void forward(float[] x, int xOff, int steps, int batch, float[] h0, float[] c0, int stateOff, LstmCache cache,
                        RecurrentDropout drop) {
        int rows = begin(steps, batch, h0, c0, stateOff, cache, drop);
        gemm.nt(rows, 4 * hidden, in, 1f, x, xOff, in, params.values(), weightIh, in, 0f, cache.gates, 0, 4 * hidden);
        recur(steps, batch, cache, drop);
    }

    /** As {@link #forward} with one-hot input: tokens (T,B) select columns of W_ih. */
    public void forwardOneHot(int[] tokens, int tOff, int steps, int batch, float[] h0, float[] c0, int stateOff, LstmCache cache) {
        forwardOneHot(tokens, tOff, steps, batch, h0, c0, stateOff, cache, null);
    }

    /** As {@link #forwardOneHot(int[], int, int, int, float[], float[], int, LstmCache)} with the masks of {@code drop} (may be null). */
    public void forwardOneHot(int[] tokens, int tOff, int steps, int batch, float[] h0, float[] c0, int stateOff, LstmCache cache,
                              RecurrentDropout drop) {
        int rows = begin(steps, batch, h0, c0, stateOff, cache, drop);
        float[] w = params.values();
        float[] gates = cache.gates;
        for (int r = 0; r < rows; r++) {
            int v = token(tokens[tOff + r]);
            int row = r * 4 * hidden;
            for (int g = 0; g < 4 * hidden; g++) gates[row + g] = w[weightIh + g * in + v];
        }
        recur(steps, batch, cache, drop);
    }

    /** Draws new masks into {@code drop} for a training window of B rows, from this layer's W_hh. */
    public void draw(RecurrentDropout drop, int batch, SplitMix64 rng) {
        if (drop.hidden != hidden) throw new IllegalArgumentException("the recurrent dropout is for H = " + drop.hidden + ", not " + hidden);
        drop.draw(params.values(), weightHh, batch, rng);
    }

    /** Loads (h₀, c₀) and forms the cell's bias b_ih + b_hh (+ forget bias on f); returns T·B. */
    private int begin(int steps, int batch, float[] h0, float[] c0, int stateOff, LstmCache cache, RecurrentDropout drop) {
        if (cache.hidden != hidden || !cache.fits(steps, batch)) {
            throw new IllegalArgumentException("the LSTM cache does not fit " + steps + " steps of " + batch + " rows");
        }
        if (drop != null && (drop.hidden != hidden || !drop.fits(steps, batch))) {
            throw new IllegalArgumentException("the recurrent dropout does not fit " + steps + " steps of " + batch + " rows of H = " + hidden);
        }
        int n = batch * hidden;
        System.arraycopy(h0, stateOff, cache.h, 0, n);
        System.arraycopy(c0, stateOff, cache.c, 0, n);
        float[] v = params.values();
        for (int g = 0; g < 4 * hidden; g++) cache.bias[g] = v[biasIh + g] + v[biasHh + g];
        for (int g = hidden; g < 2 * hidden; g++) cache.bias[g] += forgetBias;
        return steps * batch;
    }

    /**
     * The recurrent product h·W_hhᵀ of each step. With more than one row W_hhᵀ is packed once per
     * window into the panels the GEMM's micro-kernels read, so that no step packs or transposes
     * anything: the (20,650,2600) step of ptb-medium streams 6.8 MB of weights, which does not fit
     * in L2, and packing it again every step (or reading it in place) halved the speed (see
     * BENCHMARKS.md). A single row (a batch-1 step) stays NT: one pass over the rows of W_hh, with
     * no copy to make per step. With weight drop the product uses W_hh ⊙ mask, and with dropout on h
     * the masked copy of h_{t−1}.
     */
    private void recur(int steps, int batch, LstmCache cache, RecurrentDropout drop) {
        int n = batch * hidden;
        int g4 = 4 * hidden;
        boolean packed = batch > 1;
        boolean dropH = drop != null && drop.dropsHidden();
        float[] w = drop != null && drop.dropsWeights() ? drop.weights : params.values();
        int wOff = drop != null && drop.dropsWeights() ? 0 : weightHh;
        if (packed) whhT = gemm.pack(true, hidden, g4, w, wOff, hidden, whhT);
        for (int t = 0; t < steps; t++) {
            int g = t * 4 * n;
            float[] h = cache.h;
            int hOff = t * n;
            if (dropH) {
                drop.dropHidden(cache.h, t * n, t, batch);
                h = drop.dropped;
            }
            if (packed) {
                gemm.nn(batch, 1f, h, hOff, hidden, whhT, 1f, cache.gates, g, g4);
            } else {
                gemm.nt(batch, g4, hidden, 1f, h, hOff, hidden, w, wOff, hidden, 1f, cache.gates, g, g4);
            }
            kernels.lstmForward(batch, hidden, cache.bias, 0, cache.gates, g, cache.c, t * n, cache.c, (t + 1) * n,
                    cache.tanhC, t * n, cache.h, (t + 1) * n);
        }
    }

    /**
     * Backward over the window of the last forward. Adds into this layer's parameter gradients and,
     * unless dx is null, into dx (T,B,in). dh (T,B,H), the gradient of the output, is used as
     * scratch: the recurrent gradient is added into it step by step. The cache's activations are
     * consumed.
     *
     * @param x the input forward saw (T,B,in), for the gradient of W_ih
     */
    public void backward(float[] dh, int dhOff, float[] x, int xOff, float[] dx, int dxOff, int steps, int batch, LstmCache cache) {
        backward(dh, dhOff, x, xOff, dx, dxOff, steps, batch, cache, null);
    }

    /** As {@link #backward(float[], int, float[], int, float[], int, int, int, LstmCache)} for a forward with {@code drop}. */
    public void backward(float[] dh, int dhOff, float[] x, int xOff, float[] dx, int dxOff, int steps, int batch, LstmCache cache,
                         RecurrentDropout drop) {
        int rows = recurBackward(dh, dhOff, steps, batch, cache, drop);
        gemm.tn(4 * hidden, in, rows, 1f, cache.gates, 0, 4 * hidden, x, xOff, in, 1f, params.grads(), weightIh, in);
        if (dx != null) {
            gemm.nn(rows, in, 4 * hidden, 1f, cache.gates, 0, 4 * hidden, params.values(), weightIh, in, 1f, dx, dxOff, in);
        }
    }

    /** As {@link #backward} for one-hot input: the gates' gradients are scatter-added into columns of W_ih. */
    public void backwardOneHot(float[] dh, int dhOff, int[] tokens, int tOff, int steps, int batch, LstmCache cache) {
        backwardOneHot(dh, dhOff, tokens, tOff, steps, batch, cache, null);
    }

    /** As {@link #backwardOneHot(float[], int, int[], int, int, int, LstmCache)} for a forward with {@code drop}. */
    public void backwardOneHot(float[] dh, int dhOff, int[] tokens, int tOff, int steps, int batch, LstmCache cache,
                               RecurrentDropout drop) {
        int rows = recurBackward(dh, dhOff, steps, batch, cache, drop);
        float[] grads = params.grads();
        float[] gates = cache.gates;
        for (int r = 0; r < rows; r++) {
            int v = tokens[tOff + r];
            int row = r * 4 * hidden;
            for (int g = 0; g < 4 * hidden; g++) grads[weightIh + g * in + v] += gates[row + g];
        }
    }

    /** Turns the cache's activations into gate gradients and adds the W_hh and bias gradients. */
    private int recurBackward(float[] dh, int dhOff, int steps, int batch, LstmCache cache, RecurrentDropout drop) {
        int n = batch * hidden;
        boolean dropW = drop != null && drop.dropsWeights();
        boolean dropH = drop != null && drop.dropsHidden();
        cache.clearGradients(batch);
        if (steps > 1) whh = gemm.pack(false, 4 * hidden, hidden, dropW ? drop.weights : params.values(), dropW ? 0 : weightHh, hidden, whh);
        for (int t = steps - 1; t >= 0; t--) {
            int g = t * 4 * n;
            kernels.lstmBackward(batch, hidden, cache.gates, g, cache.c, t * n, cache.tanhC, t * n, dh, dhOff + t * n,
                    cache.dc, 0, cache.dBias, 0);
            if (t > 0 && dropH) {
                gemm.nn(batch, 1f, cache.gates, g, 4 * hidden, whh, 0f, drop.scratch, 0, hidden);
                kernels.mul(n, drop.scratch, 0, drop.hiddenMask, 0, drop.scratch, 0);
                kernels.addTo(n, drop.scratch, 0, dh, dhOff + (t - 1) * n);
            } else if (t > 0) {
                gemm.nn(batch, 1f, cache.gates, g, 4 * hidden, whh, 1f, dh, dhOff + (t - 1) * n, hidden);
            }
        }
        int rows = steps * batch;
        float[] grads = params.grads();
        float[] h = dropH ? drop.dropped : cache.h;
        if (dropW) {
            int size = 4 * hidden * hidden;
            gemm.tn(4 * hidden, hidden, rows, 1f, cache.gates, 0, 4 * hidden, h, 0, hidden, 0f, drop.dWeights, 0, hidden);
            kernels.mul(size, drop.dWeights, 0, drop.weightMask, 0, drop.dWeights, 0);
            kernels.addTo(size, drop.dWeights, 0, grads, weightHh);
        } else {
            gemm.tn(4 * hidden, hidden, rows, 1f, cache.gates, 0, 4 * hidden, h, 0, hidden, 1f, grads, weightHh, hidden);
        }
        kernels.addTo(4 * hidden, cache.dBias, 0, grads, biasIh);
        kernels.addTo(4 * hidden, cache.dBias, 0, grads, biasHh);
        return rows;
    }

    private int token(int v) {
        if (v < 0 || v >= in) throw new IllegalArgumentException("token id " + v + " is outside the one-hot width [0, " + in + ")");
        return v;
    }
}
