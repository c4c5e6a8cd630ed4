package dev.lstmlm.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every trainable parameter of a model in one contiguous {@code float[]}, with a gradient array of
 * the same length, carved into named views (offset + shape). Zeroing, clipping, the optimizer
 * update and saving are each one flat loop over {@link #values()} / {@link #grads()}.
 *
 * <p>View names are the PyTorch state-dict names ({@code encoder.weight}, {@code rnn.weight_ih_l0},
 * ...), so a checkpoint maps one-to-one onto {@code nn.Embedding}, {@code nn.LSTM} and
 * {@code nn.Linear}.
 */
public final class ParameterStore {

    /** A named, row-major tensor inside the store: elements [offset, offset + size). */
    public record View(String name, int offset, int[] shape) {
        public View {
            shape = shape.clone();
        }

        public int size() {
            int n = 1;
            for (int d : shape) n *= d;
            return n;
        }

        /** Length of the last dimension (the row length of a matrix). */
        public int cols() {
            return shape[shape.length - 1];
        }

        public int[] shape() {
            return shape.clone();
        }
    }

    private final float[] values;
    private final float[] grads;
    private final Map<String, View> views;

    private ParameterStore(List<View> views, int size) {
        this.values = new float[size];
        this.grads = new float[size];
        Map<String, View> m = new LinkedHashMap<>();
        for (View v : views) m.put(v.name(), v);
        this.views = Collections.unmodifiableMap(m);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All parameter values, view after view in declaration order. */
    public float[] values() {
        return values;
    }

    /** Gradients, laid out exactly as {@link #values()}. */
    public float[] grads() {
        return grads;
    }

    public int size() {
        return values.length;
    }

    /** The views in declaration order. */
    public List<View> views() {
        return List.copyOf(views.values());
    }

    public View view(String name) {
        View v = views.get(name);
        if (v == null) throw new IllegalArgumentException("no parameter named " + name + "; have " + views.keySet());
        return v;
    }

    public boolean has(String name) {
        return views.containsKey(name);
    }

    public void zeroGrads() {
        java.util.Arrays.fill(grads, 0f);
    }

    /** Declares views one after another, then allocates the store once. */
    public static final class Builder {
        private final List<View> views = new ArrayList<>();
        private final java.util.Set<String> names = new java.util.HashSet<>();
        private long size;

        public Builder add(String name, int... shape) {
            if (!names.add(name)) throw new IllegalArgumentException("duplicate parameter " + name);
            long n = 1;
            for (int d : shape) {
                if (d <= 0) throw new IllegalArgumentException("parameter " + name + " has a non-positive dimension");
                n *= d;
            }
            if (size + n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("the model has more than 2^31 parameters; use smaller sizes");
            }
            views.add(new View(name, (int) size, shape));
            size += n;
            return this;
        }

        public ParameterStore build() {
            return new ParameterStore(views, (int) size);
        }
    }
}
