package dev.lstmlm.model;

import dev.lstmlm.nn.ParameterStore;

/**
 * The whole language model written out plainly in double precision, straight from the equations
 * (embedding or one-hot → L LSTM layers → linear → log-softmax), one (t, b) at a time, sharing no
 * code with the model under test: the independent reference for its cost and, through finite
 * differences, its gradients. Parameters are read by their PyTorch names and layouts.
 */
final class ReferenceLanguageModel {
    private final ModelConfig cfg;
    private final ParameterStore layout;

    ReferenceLanguageModel(ModelConfig cfg, ParameterStore layout) {
        this.cfg = cfg;
        this.layout = layout;
    }

    private int at(String name) {
        return layout.view(name).offset();
    }

    /**
     * The cost Σₜ (1/B) Σ_b CE of the window for parameters theta (laid out as the store), starting
     * from (h0, c0) (L,B,H). masks[0] (T,B,E) multiplies the embedding output and masks[k+1]
     * (T,B,H) the output of layer k; masks null means no dropout. The final state is written into
     * hOut and cOut when they are not null.
     */
    double cost(double[] theta, int[] x, int[] y, int steps, int batch, float[] h0, float[] c0, float[][] masks,
                double[] hOut, double[] cOut) {
        int v = cfg.vocabSize();
        int e = cfg.embedSize();
        int hid = cfg.hiddenSize();
        int layers = cfg.numLayers();
        boolean oneHot = cfg.input() == ModelConfig.Input.ONE_HOT;
        double[] h = new double[h0.length];
        double[] c = new double[c0.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = h0[i];
            c[i] = c0[i];
        }
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
                        if (masks != null) in[j] *= masks[0][row * e + j];
                    }
                }
                for (int k = 0; k < layers; k++) {
                    int width = in.length;
                    int wih = at("rnn.weight_ih_l" + k);
                    int whh = at("rnn.weight_hh_l" + k);
                    int bih = at("rnn.bias_ih_l" + k);
                    int bhh = at("rnn.bias_hh_l" + k);
                    int s = (k * batch + b) * hid;
                    double[] z = new double[4 * hid];
                    for (int g = 0; g < 4 * hid; g++) {
                        double sum = theta[bih + g] + theta[bhh + g];
                        for (int i = 0; i < width; i++) sum += theta[wih + g * width + i] * in[i];
                        for (int j = 0; j < hid; j++) sum += theta[whh + g * hid + j] * h[s + j];
                        z[g] = sum;
                    }
                    double[] out = new double[hid];
                    for (int j = 0; j < hid; j++) {
                        double ig = sigmoid(z[j]);
                        double fg = sigmoid(z[hid + j] + cfg.forgetBias());
                        double gg = Math.tanh(z[2 * hid + j]);
                        double og = sigmoid(z[3 * hid + j]);
                        c[s + j] = fg * c[s + j] + ig * gg;
                        h[s + j] = og * Math.tanh(c[s + j]);
                        out[j] = h[s + j];
                        if (masks != null) out[j] *= masks[k + 1][row * hid + j];
                    }
                    in = out;
                }
                double[] logits = new double[v];
                double max = Double.NEGATIVE_INFINITY;
                for (int o = 0; o < v; o++) {
                    double sum = theta[at("decoder.bias") + o];
                    for (int j = 0; j < hid; j++) sum += theta[at("decoder.weight") + o * hid + j] * in[j];
                    logits[o] = sum;
                    max = Math.max(max, sum);
                }
                double z = 0;
                for (int o = 0; o < v; o++) z += Math.exp(logits[o] - max);
                cost += (Math.log(z) + max - logits[y[row]]) / batch;
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
