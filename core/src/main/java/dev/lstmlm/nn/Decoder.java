package dev.lstmlm.nn;

import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Gemm;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.WorkerPool;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The output layer of a language model: logits = x·Wᵀ + b with W (V,H) and b (V), as
 * {@code torch.nn.Linear}, and their softmax cross-entropy against the targets ({@code
 * torch.nn.functional.cross_entropy} with reduction "sum").
 *
 * <p>In the loss paths the GEMM writes x·Wᵀ alone and the softmax kernel adds the bias in its first
 * pass over each row, and sums the bias gradient in its last one: the (N,V) logits are the largest
 * array of a word model, and this saves two passes over them.
 */
public final class Decoder {
    private final ParameterStore params;
    private final Gemm gemm;
    private final Kernels kernels;
    private final WorkerPool pool;
    private final int weight;
    private final int bias;
    private final int classes;
    private final int in;
    /** Blocks of softmax rows; a constant, so that the sums do not depend on the threads. */
    static final int BLOCKS = 8;
    private final Rows rows = new Rows();

    public Decoder(ParameterStore params, String weightName, String biasName, Compute compute) {
        ParameterStore.View w = params.view(weightName);
        ParameterStore.View b = params.view(biasName);
        if (b.size() != w.shape()[0]) throw new IllegalArgumentException(biasName + " does not match the rows of " + weightName);
        this.params = params;
        this.gemm = compute.gemm();
        this.kernels = compute.kernels();
        this.pool = compute.pool();
        this.weight = w.offset();
        this.bias = b.offset();
        this.classes = w.shape()[0];
        this.in = w.cols();
    }

    /**
     * out (n,V) = x (n,H)·Wᵀ + b, rounded as in the loss paths (product, then bias), so that a
     * window and the same tokens fed step by step see the same logits.
     */
    public void logits(float[] out, int outOff, float[] x, int xOff, int n) {
        float[] v = params.values();
        gemm.nt(n, classes, in, 1f, x, xOff, in, v, weight, in, 0f, out, outOff, classes);
        for (int r = 0; r < n; r++) kernels.addTo(classes, v, bias, out, outOff + r * classes);
    }

    /** Σ over the n rows of the cross-entropy; z (n,V) is scratch and holds the logits afterwards. */
    public double loss(float[] z, int zOff, float[] x, int xOff, int[] targets, int tOff, int n) {
        for (int r = 0; r < n; r++) target(targets[tOff + r]);
        gemm.nt(n, classes, in, 1f, x, xOff, in, params.values(), weight, in, 0f, z, zOff, classes);
        return rows.run(z, zOff, targets, tOff, n, false, 0f);
    }

    /**
     * Σ over the n rows of the cross-entropy; z (n,V) then holds {@code scale ×} its gradient with
     * respect to the logits, for {@link #backward}, and the bias gradient has been added.
     */
    public double lossAndGradient(float[] z, int zOff, float[] x, int xOff, int[] targets, int tOff, int n, float scale) {
        for (int r = 0; r < n; r++) target(targets[tOff + r]);
        gemm.nt(n, classes, in, 1f, x, xOff, in, params.values(), weight, in, 0f, z, zOff, classes);
        return rows.run(z, zOff, targets, tOff, n, true, scale);
    }

    /** The softmax rows of one call, as {@link #BLOCKS} chunks; one instance per decoder, so a call allocates nothing. */
    private final class Rows implements IntConsumer {
        private final double[] loss = new double[BLOCKS];
        /** Bias gradient of each block, (BLOCKS, V); allocated on the first call with gradients. */
        private float[] dBias;
        private float[] z;
        private int zOff, tOff, n, blocks;
        private int[] targets;
        private boolean gradient;
        private float scale;

        double run(float[] z, int zOff, int[] targets, int tOff, int n, boolean gradient, float scale) {
            this.z = z;
            this.zOff = zOff;
            this.targets = targets;
            this.tOff = tOff;
            this.n = n;
            this.gradient = gradient;
            this.scale = scale;
            blocks = Math.min(n, BLOCKS);
            if (gradient && dBias == null) dBias = new float[BLOCKS * classes];
            try {
                pool.forEachChunk(blocks, this);
            } finally {
                this.z = null;
                this.targets = null;
            }
            double sum = 0;
            for (int b = 0; b < blocks; b++) sum += loss[b];
            if (gradient) {
                float[] grads = params.grads();
                for (int b = 0; b < blocks; b++) kernels.addTo(classes, dBias, b * classes, grads, bias);
            }
            return sum;
        }

        @Override
        public void accept(int b) {
            int r0 = (int) ((long) n * b / blocks), r1 = (int) ((long) n * (b + 1) / blocks);
            float[] v = params.values();
            double sum = 0;
            if (gradient) {
                int d = b * classes;
                Arrays.fill(dBias, d, d + classes, 0f);
                for (int r = r0; r < r1; r++) {
                    sum += kernels.crossEntropyWithGradient(z, zOff + r * classes, classes, targets[tOff + r], scale,
                            v, bias, dBias, d);
                }
            } else {
                for (int r = r0; r < r1; r++) {
                    sum += kernels.crossEntropy(z, zOff + r * classes, classes, targets[tOff + r], v, bias);
                }
            }
            loss[b] = sum;
        }
    }

    /** From the dz (n,V) left by {@link #lossAndGradient}: adds dzᵀ·x into dW and, unless dx is null, dz·W into dx (n,H). */
    public void backward(float[] dx, int dxOff, float[] dz, int dzOff, float[] x, int xOff, int n) {
        gemm.tn(classes, in, n, 1f, dz, dzOff, classes, x, xOff, in, 1f, params.grads(), weight, in);
        if (dx != null) gemm.nn(n, in, classes, 1f, dz, dzOff, classes, params.values(), weight, in, 1f, dx, dxOff, in);
    }

    private int target(int t) {
        if (t < 0 || t >= classes) throw new IllegalArgumentException("target " + t + " is outside the vocabulary [0, " + classes + ")");
        return t;
    }
}
