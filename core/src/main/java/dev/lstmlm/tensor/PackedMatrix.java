package dev.lstmlm.tensor;

/**
 * A right-hand operand op(B) (k×n) copied once into the layout a {@link Gemm} reads fastest, for
 * many products with it: the recurrent weights of an LSTM layer, used by every step of a window
 * and unchanged until the window's update. Made by {@link Gemm#pack}; reused (and refilled) by
 * passing it back to the next {@code pack}, so that steady-state packing allocates nothing.
 */
public final class PackedMatrix {
    /** How {@link #data} holds op(B). */
    enum Layout {
        /** Row-major k×n, leading dimension n. */
        ROW_MAJOR,
        /**
         * Panels of {@link MicroKernels#NR} columns, each k×NR and contiguous: element (p, j) at
         * {@code (j / NR)·k·NR + p·NR + j % NR}; the last panel padded with zeros.
         */
        PANELS
    }

    final Layout layout;
    int k;
    int n;
    final float[] data;

    private PackedMatrix(Layout layout, int k, int n, float[] data) {
        this.layout = layout;
        this.k = k;
        this.n = n;
        this.data = data;
    }

    /** {@code reuse}, now k×n, when it has this layout and room for {@code size} floats; else a new one. */
    static PackedMatrix of(Layout layout, int k, int n, int size, PackedMatrix reuse) {
        if (reuse != null && reuse.layout == layout && reuse.data.length >= size) {
            reuse.k = k;
            reuse.n = n;
            return reuse;
        }
        return new PackedMatrix(layout, k, n, new float[size]);
    }

    /** Rows of op(B): the reduction length of a product with it. */
    public int rows() {
        return k;
    }

    /** Columns of op(B): the columns of the product. */
    public int cols() {
        return n;
    }
}
