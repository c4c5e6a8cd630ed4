package dev.lstmlm.model;

/**
 * The regularizers that came after Zaremba et al. 2014, as AWD-LSTM combines them (Merity, Keskar
 * and Socher 2017, "Regularizing and Optimizing LSTM Language Models"; salesforce/awd-lstm-lm).
 * Every field is off at 0, which is {@link #NONE}; they act in training windows only.
 *
 * <p>The dropout fields are drop probabilities (PyTorch's convention, unlike {@link
 * ModelConfig#keepProb()}, which keeps TensorFlow's). The variational ("locked") ones draw one mask
 * per sequence (row of the batch) for a whole window, as Gal and Ghahramani 2016: {@code
 * dropoutEmb} on the embedding output (AWD's dropouti), {@code dropoutLayers} on the output of
 * every layer but the last (dropouth), {@code dropoutOut} on the last layer's output (dropout),
 * {@code dropoutHidden} on the recurrent input h of every layer.
 *
 * @param dropoutEmb locked dropout on the embedding output
 * @param dropoutLayers locked dropout between layers
 * @param dropoutOut locked dropout on the decoder's input
 * @param dropoutHidden locked dropout on the h that enters each layer's recurrent product
 * @param dropoutWords embedding dropout: whole rows of the embedding (words of the vocabulary) are
 *     dropped for a window, the others scaled by 1 / (1 − p) (AWD's dropoute)
 * @param weightDrop DropConnect on every W_hh, one mask per window (AWD's wdrop)
 * @param ar activation regularization: α · mean(h²) of the dropped last-layer output, per step
 * @param tar temporal activation regularization: β · mean((h_t − h_{t−1})²) of the undropped
 *     last-layer output, per step
 */
public record Regularization(float dropoutEmb, float dropoutLayers, float dropoutOut, float dropoutHidden,
                             float dropoutWords, float weightDrop, float ar, float tar) {

    public static final Regularization NONE = new Regularization(0, 0, 0, 0, 0, 0, 0, 0);

    public Regularization {
        probability("dropout_emb", dropoutEmb);
        probability("dropout_layers", dropoutLayers);
        probability("dropout_out", dropoutOut);
        probability("dropout_hidden", dropoutHidden);
        probability("dropout_words", dropoutWords);
        probability("weight_drop", weightDrop);
        if (!(ar >= 0 && Float.isFinite(ar))) throw new IllegalArgumentException("ar must be 0 or a positive number, got " + ar);
        if (!(tar >= 0 && Float.isFinite(tar))) throw new IllegalArgumentException("tar must be 0 or a positive number, got " + tar);
    }

    private static void probability(String name, float p) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException(name + " must be a drop probability in [0, 1), got " + p);
    }

    /** Whether any variational dropout is on (they exclude {@link ModelConfig#keepProb()} below 1). */
    public boolean locked() {
        return dropoutEmb > 0 || dropoutLayers > 0 || dropoutOut > 0;
    }

    public boolean isNone() {
        return equals(NONE);
    }
}
