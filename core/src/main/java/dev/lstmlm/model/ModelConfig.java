package dev.lstmlm.model;

/**
 * Shape and regularisation of a language model: V words or characters in, L stacked LSTM layers
 * of H units, a linear decoder back to V.
 *
 * @param vocabSize V
 * @param input {@link Input#EMBEDDING} (an E-wide lookup table) or {@link Input#ONE_HOT} (the
 *     one-hot vector goes straight into the first layer's input weights, as in the Udacity notebook)
 * @param embedSize E; ignored (and stored as V) for one-hot input
 * @param hiddenSize H
 * @param numLayers L
 * @param keepProb probability of keeping a unit under dropout (1 = no dropout); applied to the
 *     embedding output and to every layer's output, never to the recurrent connections
 * @param forgetBias added to the forget gate's pre-activation (0 in the TensorFlow tutorial)
 */
public record ModelConfig(int vocabSize, Input input, int embedSize, int hiddenSize, int numLayers,
                          float keepProb, float forgetBias) {

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
    }

    /** Width of layer {@code layer}'s input: E for the first layer, H above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? embedSize : hiddenSize;
    }
}
