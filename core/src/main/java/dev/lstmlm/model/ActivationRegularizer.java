package dev.lstmlm.model;

import dev.lstmlm.tensor.Kernels;

/**
 * The gradients of AWD-LSTM's activation regularizers (Merity, McCann and Socher 2017, "Revisiting
 * Activation Regularization for Language RNNs"), added into the gradient of the last layer's output:
 *
 * <pre>
 * AR  = α · mean over (T,B,H) of h_d²               h_d: the output after dropout (the decoder's input)
 * TAR = β · mean over (T−1,B,H) of (h_t − h_{t−1})²  h: the output before dropout
 * </pre>
 *
 * AWD-LSTM adds both to the mean cross-entropy of the window; the model's cost is T times that
 * (the sum over steps of the batch mean), so both are taken T times as well, and times the
 * window's loss scale, which keeps the ratio to the cross-entropy AWD-LSTM's at every scaling.
 */
final class ActivationRegularizer {
    /** The kernels the process chose (vector or their scalar twins). */
    private static final Kernels KERNELS = Kernels.chosen();
    private ActivationRegularizer() {}

    /** d (T,B,H) += scale · ∂(T·α·mean(h²))/∂h for h (T,B,H) at hOff. */
    static void ar(float alpha, float scale, float[] d, float[] h, int hOff, int steps, int batch, int hidden) {
        int n = steps * batch * hidden;
        float coefficient = (float) (2.0 * scale * alpha / ((double) batch * hidden));
        KERNELS.axpy(n, coefficient, h, hOff, d, 0);
    }

    /** d (T,B,H) += scale · ∂(T·β·mean((h_t − h_{t−1})²))/∂h for h (T,B,H) at hOff; nothing for T = 1. */
    static void tar(float beta, float scale, float[] d, float[] h, int hOff, int steps, int batch, int hidden) {
        if (steps < 2) return;
        int n = batch * hidden;
        float c = (float) (2.0 * scale * beta * steps / ((double) (steps - 1) * batch * hidden));
        for (int t = 1; t < steps; t++) {
            // d_t += c·(h_t − h_{t−1}), d_{t−1} −= c·(h_t − h_{t−1})
            KERNELS.axpy(n, c, h, hOff + t * n, d, t * n);
            KERNELS.axpy(n, -c, h, hOff + (t - 1) * n, d, t * n);
            KERNELS.axpy(n, -c, h, hOff + t * n, d, (t - 1) * n);
            KERNELS.axpy(n, c, h, hOff + (t - 1) * n, d, (t - 1) * n);
        }
    }
}
