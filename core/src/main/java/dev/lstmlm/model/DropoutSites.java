package dev.lstmlm.model;

import dev.lstmlm.nn.Dropout;
import dev.lstmlm.nn.LockedDropout;
import dev.lstmlm.tensor.SplitMix64;

/**
 * The places between layers where a training window drops units: site 0 is the embedding output,
 * site k+1 the output of layer k (site L the decoder's input). Each site is off, Zaremba et al.'s
 * dropout on every element (keep probability {@link ModelConfig#keepProb()}), or locked dropout
 * (one mask per sequence: {@link Regularization#dropoutEmb()} at site 0,
 * {@link Regularization#dropoutLayers()} between layers, {@link Regularization#dropoutOut()} at
 * site L). With one-hot input site 0 is always off (char-rnn drops no input either).
 */
final class DropoutSites {
    private final Dropout[] elementwise;
    private final LockedDropout[] locked;
    private final int[] width;

    DropoutSites(ModelConfig c, dev.lstmlm.tensor.Kernels kernels) {
        int sites = c.numLayers() + 1;
        elementwise = new Dropout[sites];
        locked = new LockedDropout[sites];
        width = new int[sites];
        Regularization r = c.regularization();
        for (int s = 0; s < sites; s++) {
            width[s] = s == 0 ? c.embedSize() : c.layerHiddenSize(s - 1);
            if (s == 0 && c.input() != ModelConfig.Input.EMBEDDING) continue;
            if (c.keepProb() < 1f) {
                elementwise[s] = new Dropout(c.keepProb(), kernels);
                continue;
            }
            float p = s == 0 ? r.dropoutEmb() : s == sites - 1 ? r.dropoutOut() : r.dropoutLayers();
            if (p > 0) locked[s] = new LockedDropout(p);
        }
    }

    int count() {
        return width.length;
    }

    boolean active(int site) {
        return elementwise[site] != null || locked[site] != null;
    }

    int width(int site) {
        return width[site];
    }

    /** Floats of the mask of {@code site} for windows of up to {@code rows} rows of {@code batch}; 0 when off. */
    int maskSize(int site, int rows, int batch) {
        return elementwise[site] != null ? rows * width[site] : locked[site] != null ? batch * width[site] : 0;
    }

    /**
     * Drops the (T,B,W) activation at in/inOff into {@code out} (offset 0) with a fresh mask from rng;
     * returns false, writing and drawing nothing, when the site is off.
     */
    boolean forward(int site, float[] out, float[] mask, float[] in, int inOff, int steps, int batch, SplitMix64 rng) {
        int w = width[site];
        if (elementwise[site] != null) {
            elementwise[site].forward(out, 0, mask, 0, in, inOff, steps * batch * w, rng);
            return true;
        }
        if (locked[site] != null) {
            locked[site].forward(out, 0, mask, in, inOff, steps, batch, w, rng);
            return true;
        }
        return false;
    }

    /** d (T,B,W) ← d ⊙ the mask of the last forward; nothing when the site is off. */
    void backward(int site, float[] d, float[] mask, int steps, int batch) {
        int w = width[site];
        if (elementwise[site] != null) elementwise[site].backward(d, 0, mask, 0, steps * batch * w);
        if (locked[site] != null) locked[site].backward(d, 0, mask, steps, batch, w);
    }
}
