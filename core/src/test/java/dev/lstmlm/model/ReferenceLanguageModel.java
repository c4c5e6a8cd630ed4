package dev.lstmlm.model;

import dev.lstmlm.nn.ParameterStore;

/**
 * The whole language model written out plainly in double precision, straight from the equations
 * (embedding or one-hot → L LSTM layers → linear → log-softmax), one (t, b) at a time, sharing no
 * code with the model under test: the independent reference for its cost and, through finite
 * differences, its gradients. Parameters are read by their PyTorch names and layouts (the decoder
 * reads encoder.weight when the config ties them); layers may differ in size.
 */
final class ReferenceLanguageModel {
    private final ModelConfig cfg;
    private final ParameterStore layout;

    /**
     * The masks of one training window, each null when that regularizer is off: sites[0] (T,B,E)
     * multiplies the embedding output and sites[k+1] (T,B,H_k) the output of layer k (a locked
     * mask is given expanded over T); words (V) scales the embedding rows; weights[k] (4H,H)
     * multiplies W_hh of layer k; hidden[k] (B,H) multiplies the h entering layer k's recurrence.
     */
    record Masks(float[][] sites, float[] words, float[][] weights, float[][] hidden) {
        static final Masks NONE = new Masks(null, null, null, null);
    }

    ReferenceLanguageModel(ModelConfig cfg, ParameterStore layout) {
        this.cfg = cfg;
        this.layout = layout;
    }

    private int at(String name) {
        return layout.view(name).offset();
    }

    /** {@link #cost(double[], int[], int[], int, int, float[], float[], Masks, boolean, double[], double[])} with site masks only, without AR/TAR. */
    double cost(double[] theta, int[] x, int[] y, int steps, int batch, float[] h0, float[] c0, float[][] masks,
                double[] hOut, double[] cOut) {
        return cost(theta, x, y, steps, batch, h0, c0, new Masks(masks, null, null, null), false, hOut, cOut);
    }

    /**
     * The cost Σₜ (1/B) Σ_b CE of the window for parameters theta (laid out as the store), starting
     * from (h0, c0), with the given masks; plus, when {@code regularized}, T·(α·mean(h_d²) +
     * β·mean((h_t − h_{t−1})²)) over the last layer's dropped and undropped outputs. The final state
     * is written into hOut and cOut when they are not null.
     */
    double cost(double[] theta, int[] x, int[] y, int steps, int batch, float[] h0, float[] c0, Masks m, boolean regularized,
                double[] hOut, double[] cOut) {
        int v = cfg.vocabSize();
        int e = cfg.embedSize();
        int layers = cfg.numLayers();
        int top = cfg.outputSize();
        boolean oneHot = cfg.input() == ModelConfig.Input.ONE_HOT;
        int dec = at(cfg.tied() ? "encoder.weight" : "decoder.weight");
        double[] h = new double[h0.length];
        double[] c = new double[c0.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = h0[i];
            c[i] = c0[i];
        }
        double[][] raw = new double[steps * batch][]; // last layer's output before dropout
        double[][] dropped = new double[steps * batch][];
        double cost = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                double[] in = new double[e];
                if (oneHot) {
                    in[x[row]] = 1;
                } else {
                    for (int j = 0; j < e; j++) {
                        in[j] = theta[at("encoder.weight") + x[row] * e + j];
                        if (m.words() != null) in[j] *= m.words()[x[row]];
                        if (m.sites() != null && m.sites()[0] != null) in[j] *= m.sites()[0][row * e + j];
                    }
                }
                for (int k = 0; k < layers; k++) {
                    int hid = cfg.layerHiddenSize(k);
                    int width = in.length;
                    int wih = at("rnn.weight_ih_l" + k);
                    int whh = at("rnn.weight_hh_l" + k);
                    int bih = at("rnn.bias_ih_l" + k);
                    int bhh = at("rnn.bias_hh_l" + k);
                    int s = k * batch * cfg.hiddenSize() + b * hid;
                    double[] z = new double[4 * hid];
                    for (int g = 0; g < 4 * hid; g++) {
                        double sum = theta[bih + g] + theta[bhh + g];
                        for (int i = 0; i < width; i++) sum += theta[wih + g * width + i] * in[i];
                        for (int j = 0; j < hid; j++) {
                            double w = theta[whh + g * hid + j];
                            if (m.weights() != null) w *= m.weights()[k][g * hid + j];
                            double hj = h[s + j];
                            if (m.hidden() != null) hj *= m.hidden()[k][b * hid + j];
                            sum += w * hj;
                        }
                        z[g] = sum;
                    }
                    double[] out = new double[hid];
                    double[] plain = new double[hid];
                    for (int j = 0; j < hid; j++) {
                        double ig = sigmoid(z[j]);
                        double fg = sigmoid(z[hid + j] + cfg.forgetBias());
                        double gg = Math.tanh(z[2 * hid + j]);
                        double og = sigmoid(z[3 * hid + j]);
                        c[s + j] = fg * c[s + j] + ig * gg;
                        h[s + j] = og * Math.tanh(c[s + j]);
                        out[j] = h[s + j];
                        plain[j] = out[j];
                        if (m.sites() != null && m.sites()[k + 1] != null) out[j] *= m.sites()[k + 1][row * hid + j];
                    }
                    if (k == layers - 1) {
                        raw[row] = plain;
                        dropped[row] = out;
                    }
                    in = out;
                }
                double[] logits = new double[v];
                double max = Double.NEGATIVE_INFINITY;
                for (int o = 0; o < v; o++) {
                    double sum = theta[at("decoder.bias") + o];
                    for (int j = 0; j < top; j++) sum += theta[dec + o * top + j] * in[j];
                    logits[o] = sum;
                    max = Math.max(max, sum);
                }
                double z = 0;
                for (int o = 0; o < v; o++) z += Math.exp(logits[o] - max);
                cost += (Math.log(z) + max - logits[y[row]]) / batch;
            }
        }
        if (regularized) {
            Regularization r = cfg.regularization();
            double ar = 0;
            for (double[] d : dropped) for (double q : d) ar += q * q;
            cost += steps * r.ar() * ar / ((double) steps * batch * top);
            if (steps > 1) {
                double tar = 0;
                for (int t = 1; t < steps; t++) {
                    for (int b = 0; b < batch; b++) {
                        for (int j = 0; j < top; j++) {
                            double d = raw[t * batch + b][j] - raw[(t - 1) * batch + b][j];
                            tar += d * d;
                        }
                    }
                }
                cost += steps * r.tar() * tar / ((double) (steps - 1) * batch * top);
            }
        }
        if (hOut != null) System.arraycopy(h, 0, hOut, 0, h.length);
        if (cOut != null) System.arraycopy(c, 0, cOut, 0, c.length);
        return cost;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
