package dev.lstmlm.model;

import dev.lstmlm.nn.LstmCache;
import dev.lstmlm.nn.RecurrentDropout;

/**
 * Every activation buffer of a {@link LanguageModel} for windows of up to {@code rows} = T·B rows
 * and {@code batch} rows per step: allocated when a window first needs more room, then reused, so
 * that steady-state training and evaluation allocate nothing. The training-only buffers (dropout
 * masks, gradients of activations) are added on the first training window.
 */
final class WindowBuffers {
    final int rows;
    final int batch;
    /** (N,E) embedding output; null for one-hot input. */
    final float[] embedded;
    final LstmCache[] caches;
    /** (N,V) logits, overwritten by their gradient in training. */
    final float[] logits;
    /** Where layer k's input (k = L: the decoder's) lives during the current window. */
    final float[][] input;
    final int[] inputOffset;

    /** Dropout site 0 is the embedding output, site k+1 the output of layer k; null when unused. */
    float[][] dropped;
    float[][] masks;
    /** (V) the embedding rows' scale under embedding dropout; null without it. */
    float[] wordMask;
    /** Per layer, the masks of weight drop and of dropout on h; null entries (or null) without them. */
    RecurrentDropout[] recurrent;
    /** Two (N, max(E,H)) buffers that take turns holding the gradient of a layer's output and input. */
    float[] gradA;
    float[] gradB;

    WindowBuffers(ModelConfig config, int rows, int batch) {
        this.rows = rows;
        this.batch = batch;
        int layers = config.numLayers();
        this.embedded = config.input() == ModelConfig.Input.EMBEDDING ? new float[rows * config.embedSize()] : null;
        this.caches = new LstmCache[layers];
        for (int k = 0; k < layers; k++) caches[k] = new LstmCache(config.layerHiddenSize(k), rows, batch);
        this.logits = new float[Math.multiplyExact(rows, config.vocabSize())];
        this.input = new float[layers + 1][];
        this.inputOffset = new int[layers + 1];
    }

    boolean fits(int steps, int batch) {
        return batch <= this.batch && (long) steps * batch <= rows;
    }

    boolean hasTrainingBuffers() {
        return gradA != null;
    }

    void allocateTrainingBuffers(ModelConfig config, DropoutSites sites) {
        int layers = config.numLayers();
        int width = config.input() == ModelConfig.Input.ONE_HOT ? 0 : config.embedSize();
        for (int k = 0; k < layers; k++) width = Math.max(width, config.layerHiddenSize(k));
        gradA = new float[rows * width];
        gradB = new float[rows * width];
        dropped = new float[layers + 1][];
        masks = new float[layers + 1][];
        for (int s = 0; s < sites.count(); s++) {
            if (!sites.active(s)) continue;
            dropped[s] = new float[rows * sites.width(s)];
            masks[s] = new float[sites.maskSize(s, rows, batch)];
        }
        Regularization r = config.regularization();
        if (r.dropoutWords() > 0 && config.input() == ModelConfig.Input.EMBEDDING) wordMask = new float[config.vocabSize()];
        if (r.weightDrop() > 0 || r.dropoutHidden() > 0) {
            recurrent = new RecurrentDropout[layers];
            for (int k = 0; k < layers; k++) {
                recurrent[k] = new RecurrentDropout(config.layerHiddenSize(k), rows, batch, r.weightDrop(), r.dropoutHidden());
            }
        }
    }
}
