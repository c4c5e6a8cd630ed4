package dev.lstmlm.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint says about its model besides the weights: enough to rebuild it, tokenize text for
 * it and decode its outputs, with nothing else at hand.
 *
 * @param config the model's shape
 * @param tokenizer how text maps to ids
 * @param vocabulary the word or character of every id, {@code config.vocabSize()} of them
 * @param extra further string entries kept in the file (e.g. the training config as JSON)
 */
public record CheckpointMetadata(ModelConfig config, TokenizerKind tokenizer, List<String> vocabulary,
                                 Map<String, String> extra) {
    public CheckpointMetadata {
        vocabulary = List.copyOf(vocabulary);
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        if (vocabulary.size() != config.vocabSize()) {
            throw new IllegalArgumentException("the vocabulary has " + vocabulary.size()
                    + " entries but the model config says " + config.vocabSize());
        }
    }

    public CheckpointMetadata(ModelConfig config, TokenizerKind tokenizer, List<String> vocabulary) {
        this(config, tokenizer, vocabulary, Map.of());
    }
}
