package dev.lstmlm.nn;

import dev.lstmlm.tensor.Kernels;

/**
 * A lookup table (V,E): token v's vector is row v, as {@code torch.nn.Embedding}. Forward gathers
 * rows; backward scatter-adds the output gradient into the rows that were read, so a token seen
 * twice collects both contributions.
 *
 * <p>Embedding dropout (Gal and Ghahramani 2016, as AWD-LSTM's {@code embedded_dropout}) scales
 * row v by {@code rowScale[v]}, 0 for a word dropped from the window and 1/keep for the others:
 * every occurrence of a dropped word reads zeros, and its row gets no gradient.
 */
public final class Embedding {
    private final ParameterStore params;
    private final int weight;
    private final int vocab;
    private final int dim;
    private final Kernels kernels;

    /** Uses the (V,E) view {@code name} of {@code params}. */
    public Embedding(ParameterStore params, String name, Kernels kernels) {
        ParameterStore.View w = params.view(name);
        this.params = params;
        this.weight = w.offset();
        this.vocab = w.shape()[0];
        this.dim = w.cols();
        this.kernels = kernels;
    }

    public int dim() {
        return dim;
    }

    /** out (n,E) = rows ids[idsOff, idsOff+n) of the table. */
    public void forward(float[] out, int outOff, int[] ids, int idsOff, int n) {
        float[] w = params.values();
        for (int r = 0; r < n; r++) {
            System.arraycopy(w, weight + row(ids[idsOff + r]), out, outOff + r * dim, dim);
        }
    }

    /** As {@link #forward} with row v scaled by rowScale[v] (V). */
    public void forward(float[] out, int outOff, int[] ids, int idsOff, int n, float[] rowScale) {
        forward(out, outOff, ids, idsOff, n);
        for (int r = 0; r < n; r++) kernels.scale(dim, rowScale[ids[idsOff + r]], out, outOff + r * dim);
    }

    /** As {@link #backward} for a forward with rowScale: adds rowScale[v]·dOut into row v. */
    public void backward(float[] dOut, int dOutOff, int[] ids, int idsOff, int n, float[] rowScale) {
        float[] g = params.grads();
        for (int r = 0; r < n; r++) {
            int id = ids[idsOff + r];
            int row = row(id);
            float s = rowScale[id];
            if (s != 0f) kernels.axpy(dim, s, dOut, dOutOff + r * dim, g, weight + row);
        }
    }

    public int vocab() {
        return vocab;
    }

    /** Adds dOut (n,E) into the gradient rows of ids. */
    public void backward(float[] dOut, int dOutOff, int[] ids, int idsOff, int n) {
        float[] g = params.grads();
        for (int r = 0; r < n; r++) {
            kernels.addTo(dim, dOut, dOutOff + r * dim, g, weight + row(ids[idsOff + r]));
        }
    }

    private int row(int id) {
        if (id < 0 || id >= vocab) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocab + ")");
        return id * dim;
    }
}
