package dev.lstmlm.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@link Regularization} as the {@code regularization} object of a checkpoint's model_config (snake_case keys, all optional). */
record RegularizationJson(@JsonProperty("dropout_emb") float dropoutEmb, @JsonProperty("dropout_layers") float dropoutLayers,
                          @JsonProperty("dropout_out") float dropoutOut, @JsonProperty("dropout_hidden") float dropoutHidden,
                          @JsonProperty("dropout_words") float dropoutWords, @JsonProperty("weight_drop") float weightDrop,
                          @JsonProperty("ar") float ar, @JsonProperty("tar") float tar) {

    static RegularizationJson of(Regularization r) {
        return new RegularizationJson(r.dropoutEmb(), r.dropoutLayers(), r.dropoutOut(), r.dropoutHidden(), r.dropoutWords(),
                r.weightDrop(), r.ar(), r.tar());
    }

    Regularization value() {
        return new Regularization(dropoutEmb, dropoutLayers, dropoutOut, dropoutHidden, dropoutWords, weightDrop, ar, tar);
    }
}
