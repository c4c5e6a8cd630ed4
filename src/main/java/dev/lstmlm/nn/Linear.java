package dev.lstmlm.nn;

import dev.lstmlm.tensor.Elementwise;
import dev.lstmlm.tensor.Gemm;

/** y = x·Wᵀ + b with W (out,in) and b (out), as {@code torch.nn.Linear}; the model's decoder. */
public final class Linear {
    private final ParameterStore params;
    private final Gemm gemm;
    private final int weight;
    private final int bias;
    private final int out;
    private final int in;

    public Linear(ParameterStore params, String weightName, String biasName, Gemm gemm) {
        ParameterStore.View w = params.view(weightName);
        ParameterStore.View b = params.view(biasName);
        if (b.size() != w.shape()[0]) throw new IllegalArgumentException(biasName + " does not match the rows of " + weightName);
        this.params = params;
        this.gemm = gemm;
        this.weight = w.offset();
        this.bias = b.offset();
        this.out = w.shape()[0];
        this.in = w.cols();
    }

    /** y (n,out) = x (n,in)·Wᵀ + b. */
    public void forward(float[] y, int yOff, float[] x, int xOff, int n) {
        float[] v = params.values();
        Elementwise.broadcastRows(n, out, v, bias, y, yOff);
        gemm.nt(n, out, in, 1f, x, xOff, in, v, weight, in, 1f, y, yOff, out);
    }

    /** Adds dyᵀ·x into dW, the column sums of dy into db, and (unless dx is null) dy·W into dx (n,in). */
    public void backward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        float[] g = params.grads();
        gemm.tn(out, in, n, 1f, dy, dyOff, out, x, xOff, in, 1f, g, weight, in);
        Elementwise.addColumnSums(n, out, dy, dyOff, g, bias);
        if (dx != null) gemm.nn(n, in, out, 1f, dy, dyOff, out, params.values(), weight, in, 1f, dx, dxOff, in);
    }
}
