package dev.lstmlm.spark;

import dev.lstmlm.model.ModelConfig;
import java.io.Serializable;

/**
 * How the B rows of a training batch (the B streams of TensorFlow's batch_producer) are divided
 * among N workers: worker k owns the contiguous rows {@code [lo(k), hi(k))}, as even as they go.
 * Copies a worker's columns out of a (T,B) window and its rows out of a carried state laid out as
 * the model lays it ({@link ModelConfig#stateOffset}: per layer a (B,H) block), and back.
 */
record RowSplit(int batch, int workers) implements Serializable {
    RowSplit {
        if (workers < 1 || workers > batch) {
            throw new IllegalArgumentException("workers must be between 1 and the batch size " + batch + ", not " + workers);
        }
    }

    int lo(int worker) {
        return (int) ((long) batch * worker / workers);
    }

    int hi(int worker) {
        return lo(worker + 1);
    }

    int rows(int worker) {
        return hi(worker) - lo(worker);
    }

    /** Worker {@code worker}'s (T,Bk) columns of the (T,B) window {@code window}. */
    int[] window(int[] window, int steps, int worker) {
        int lo = lo(worker);
        int rows = rows(worker);
        int[] out = new int[steps * rows];
        for (int t = 0; t < steps; t++) System.arraycopy(window, t * batch + lo, out, t * rows, rows);
        return out;
    }

    /** Worker {@code worker}'s rows of the state array {@code full} (h or c of all B rows). */
    float[] state(float[] full, ModelConfig config, int worker) {
        int lo = lo(worker);
        int rows = rows(worker);
        float[] out = new float[rows * config.stateWidth()];
        for (int l = 0; l < config.numLayers(); l++) {
            int h = config.layerHiddenSize(l);
            System.arraycopy(full, config.stateOffset(l, batch) + lo * h, out, config.stateOffset(l, rows), rows * h);
        }
        return out;
    }

    /** Writes worker {@code worker}'s rows {@code part} back into the state array {@code full}. */
    void putState(float[] part, float[] full, ModelConfig config, int worker) {
        int lo = lo(worker);
        int rows = rows(worker);
        for (int l = 0; l < config.numLayers(); l++) {
            int h = config.layerHiddenSize(l);
            System.arraycopy(part, config.stateOffset(l, rows), full, config.stateOffset(l, batch) + lo * h, rows * h);
        }
    }
}
