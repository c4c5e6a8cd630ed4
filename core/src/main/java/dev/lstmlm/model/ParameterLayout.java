package dev.lstmlm.model;

import dev.lstmlm.nn.ParameterStore;

/**
 * The parameters of a {@link LanguageModel} laid out as PyTorch's state dict of the same network, so
 * that a checkpoint loads in PyTorch by name: the views, their names, shapes and order.
 */
final class ParameterLayout {
    private ParameterLayout() {}

    /**
     * The parameter views of {@code config} in PyTorch's state-dict order. With tied weights there is
     * no decoder.weight view: the decoder reads encoder.weight, and both gradients add into it.
     */
    static ParameterStore of(ModelConfig config) {
        int v = config.vocabSize();
        ParameterStore.Builder b = ParameterStore.builder();
        if (config.input() == ModelConfig.Input.EMBEDDING) b.add("encoder.weight", v, config.embedSize());
        for (int k = 0; k < config.numLayers(); k++) {
            int h = config.layerHiddenSize(k);
            b.add("rnn.weight_ih_l" + k, 4 * h, config.layerInputSize(k));
            b.add("rnn.weight_hh_l" + k, 4 * h, h);
            b.add("rnn.bias_ih_l" + k, 4 * h);
            b.add("rnn.bias_hh_l" + k, 4 * h);
        }
        if (!config.tied()) b.add("decoder.weight", v, config.outputSize());
        b.add("decoder.bias", v);
        return b.build();
    }
}
