package dev.lstmlm.model;

/**
 * Shape and regularisation of a language model: V words or characters in, L stacked LSTM layers
 * of H units (the last may have its own size), a linear decoder back to V.
 *
 * @param vocabSize V
 * @param input {@link Input#EMBEDDING} (an E-wide lookup table) or {@link Input#ONE_HOT} (the
 *     one-hot vector goes straight into the first layer's input weights, as in the Udacity notebook)
 * @param embedSize E; ignored (and stored as V) for one-hot input
 * @param hiddenSize H of every layer but the last (and of the last unless lastHiddenSize says otherwise)
 * @param numLayers L
 * @param keepProb probability of keeping a unit under dropout (1 = no dropout); applied to the
 *     embedding output and to every layer's output, never to the recurrent connections
 * @param forgetBias added to the forget gate's pre-activation (0 in the TensorFlow tutorial)
 * @param lastHiddenSize H of the last layer, 0 for H (AWD-LSTM: 1150, 1150, then 400 = E so that
 *     the decoder can share the embedding)
 * @param tied whether the decoder's weight is the embedding matrix (Press and Wolf 2017; Inan et
 *     al. 2017); needs an embedding and E equal to the last layer's H
 * @param regularization the regularizers beyond Zaremba's dropout, all off in {@link Regularization#NONE}
 */
public record ModelConfig(int vocabSize, Input input, int embedSize, int hiddenSize, int numLayers,
                          float keepProb, float forgetBias, int lastHiddenSize, boolean tied,
                          Regularization regularization) {

    public enum Input { EMBEDDING, ONE_HOT }

    public ModelConfig {
        if (vocabSize < 2) throw new IllegalArgumentException("vocabulary size must be at least 2, got " + vocabSize);
        if (input == null) throw new IllegalArgumentException("input mode must be EMBEDDING or ONE_HOT");
        if (input == Input.ONE_HOT) embedSize = vocabSize;
        if (embedSize < 1) throw new IllegalArgumentException("embedding size must be at least 1, got " + embedSize);
        if (hiddenSize < 1) throw new IllegalArgumentException("hidden size must be at least 1, got " + hiddenSize);
        if (numLayers < 1) throw new IllegalArgumentException("number of layers must be at least 1, got " + numLayers);
        if (!(keepProb > 0f && keepProb <= 1f)) {
            throw new IllegalArgumentException("keep probability must be in (0, 1], got " + keepProb);
        }
        if (lastHiddenSize < 0) throw new IllegalArgumentException("the last layer's hidden size must be 0 (= H) or positive, got " + lastHiddenSize);
        if (lastHiddenSize == hiddenSize) lastHiddenSize = 0;
        if (regularization == null) regularization = Regularization.NONE;
        int top = lastHiddenSize == 0 ? hiddenSize : lastHiddenSize;
        if (tied && input != Input.EMBEDDING) {
            throw new IllegalArgumentException("tied weights need an embedding; one-hot input has no matrix to share with the decoder");
        }
        if (tied && embedSize != top) {
            throw new IllegalArgumentException("tied weights need the embedding size (" + embedSize + ") to equal the last layer's hidden size ("
                    + top + "); set the embedding size or the last layer's size to the same value");
        }
        if (keepProb < 1f && regularization.locked()) {
            throw new IllegalArgumentException("keep_prob below 1 (dropout on every element) and the variational dropouts exclude each other; use one of them");
        }
    }

    /** Zaremba et al.'s model: every layer H wide, untied, no regularization beyond keepProb. */
    public ModelConfig(int vocabSize, Input input, int embedSize, int hiddenSize, int numLayers, float keepProb,
                       float forgetBias) {
        this(vocabSize, input, embedSize, hiddenSize, numLayers, keepProb, forgetBias, 0, false, Regularization.NONE);
    }

    /** Width of layer {@code layer}'s input: E for the first layer, the hidden size of the layer below above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? embedSize : layerHiddenSize(layer - 1);
    }

    /** H of layer {@code layer}. */
    public int layerHiddenSize(int layer) {
        return layer == numLayers - 1 && lastHiddenSize > 0 ? lastHiddenSize : hiddenSize;
    }

    /** H of the last layer: the width the decoder reads. */
    public int outputSize() {
        return layerHiddenSize(numLayers - 1);
    }

    /** Whether every layer has the same H (the carried state is then (L,B,H)). */
    public boolean uniform() {
        return lastHiddenSize == 0;
    }

    /** Σ over the layers of H: the state of one row is this many values of h (and of c). */
    public int stateWidth() {
        return hiddenSize * (numLayers - 1) + outputSize();
    }

    /** Where layer {@code layer}'s (B,H) block starts in a state of {@code batch} rows. */
    public int stateOffset(int layer, int batch) {
        return layer * batch * hiddenSize;
    }

    /** The shape the carried state is saved with: (L,B,H), or (B·ΣH) when the layers differ in size. */
    public int[] stateShape(int batch) {
        return uniform() ? new int[] {numLayers, batch, hiddenSize} : new int[] {batch * stateWidth()};
    }

    /** The same model with other regularizers. */
    public ModelConfig withRegularization(Regularization r) {
        return new ModelConfig(vocabSize, input, embedSize, hiddenSize, numLayers, keepProb, forgetBias, lastHiddenSize, tied, r);
    }
}
