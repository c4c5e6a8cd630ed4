package dev.lstmlm.nn;

import java.util.Arrays;

/**
 * What one {@link Lstm} layer keeps from forward for backward, for windows of up to {@code rows}
 * = T·B rows and {@code batch} = B: allocated once, reused by every window that fits.
 */
public final class LstmCache {
    final int hidden;
    final int rows;
    final int batch;
    /** (T+1,B,H): block 0 is the carried h₀, block t+1 the output of step t. */
    final float[] h;
    /** (T+1,B,H): block 0 is the carried c₀, block t+1 the cell state after step t. */
    final float[] c;
    /** (T,B,H) tanh of the cell states. */
    final float[] tanhC;
    /** (T,B,4H) pre-activations, then activations, then their gradients. */
    final float[] gates;
    /** (B,H) gradient of the cell state flowing back through time. */
    final float[] dc;
    /** (4H) b_ih + b_hh, with the forget bias added to the f part. */
    final float[] bias;
    /** (4H) Σ of the gates' gradients over the window: the gradient of either bias. */
    final float[] dBias;

    public LstmCache(int hidden, int rows, int batch) {
        if (rows < batch || batch < 1) throw new IllegalArgumentException("a cache needs rows >= batch >= 1");
        this.hidden = hidden;
        this.rows = rows;
        this.batch = batch;
        this.h = new float[(rows + batch) * hidden];
        this.c = new float[(rows + batch) * hidden];
        this.tanhC = new float[rows * hidden];
        this.gates = new float[rows * 4 * hidden];
        this.dc = new float[batch * hidden];
        this.bias = new float[4 * hidden];
        this.dBias = new float[4 * hidden];
    }

    /** Whether a window of T steps of B rows fits. */
    public boolean fits(int steps, int batch) {
        return batch <= this.batch && (long) steps * batch <= rows;
    }

    /** The array holding the layer's output (T,B,H), starting at {@link #outputOffset}. */
    public float[] output() {
        return h;
    }

    public int outputOffset(int batch) {
        return batch * hidden;
    }

    /** Copies the (h, c) after the last of T steps into h and c at {@code off} ((B,H) each). */
    public void copyFinalState(int steps, int batch, float[] hOut, float[] cOut, int off) {
        int n = batch * hidden;
        System.arraycopy(h, steps * n, hOut, off, n);
        System.arraycopy(c, steps * n, cOut, off, n);
    }

    void clearGradients(int batch) {
        Arrays.fill(dc, 0, batch * hidden, 0f);
        Arrays.fill(dBias, 0f);
    }
}
