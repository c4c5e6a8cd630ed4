package dev.lstmlm.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The one JSON form of a {@link ModelConfig}: the checkpoint's {@code model_config}, the server's
 * {@code GET /v1/model}, and the keys of the training options that are model fields
 * ({@code hidden_size}, {@code keep_prob}, {@code forget_bias}) all use these keys.
 */
public final class ModelConfigJson {
    public static final String VOCAB_SIZE = "vocab_size";
    public static final String INPUT = "input";
    public static final String EMBED_SIZE = "embed_size";
    public static final String HIDDEN_SIZE = "hidden_size";
    public static final String NUM_LAYERS = "num_layers";
    public static final String KEEP_PROB = "keep_prob";
    public static final String FORGET_BIAS = "forget_bias";
    /** Written only when set, so that the files of Zaremba's models stay what they were. */
    public static final String LAST_HIDDEN_SIZE = "last_hidden_size";
    public static final String TIED = "tied";
    public static final String REGULARIZATION = "regularization";
    private static final List<String> KEYS = List.of(VOCAB_SIZE, INPUT, EMBED_SIZE, HIDDEN_SIZE, NUM_LAYERS, KEEP_PROB, FORGET_BIAS);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelConfigJson() {}

    /** {@code c} as a JSON object, the fields in the order of the record; input "embedding" or "one_hot". */
    public static ObjectNode write(ModelConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.put(VOCAB_SIZE, c.vocabSize());
        n.put(INPUT, c.input().name().toLowerCase(Locale.ROOT));
        n.put(EMBED_SIZE, c.embedSize());
        n.put(HIDDEN_SIZE, c.hiddenSize());
        n.put(NUM_LAYERS, c.numLayers());
        n.put(KEEP_PROB, c.keepProb());
        n.put(FORGET_BIAS, c.forgetBias());
        if (c.lastHiddenSize() > 0) n.put(LAST_HIDDEN_SIZE, c.lastHiddenSize());
        if (c.tied()) n.put(TIED, true);
        if (!c.regularization().isNone()) n.set(REGULARIZATION, JSON.valueToTree(RegularizationJson.of(c.regularization())));
        return n;
    }

    /** Parses {@link #write}'s output; throws IllegalArgumentException naming a missing or bad field. */
    public static ModelConfig read(JsonNode n) {
        for (String f : KEYS) {
            if (n == null || !n.hasNonNull(f)) throw new IllegalArgumentException("field " + f + " is missing");
        }
        Regularization reg;
        try {
            reg = n.has(REGULARIZATION) ? JSON.treeToValue(n.get(REGULARIZATION), RegularizationJson.class).value() : Regularization.NONE;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("field " + REGULARIZATION + " is not an object of drop probabilities and weights");
        }
        return new ModelConfig(n.get(VOCAB_SIZE).intValue(), ModelConfig.Input.valueOf(n.get(INPUT).asText().toUpperCase(Locale.ROOT)),
                n.get(EMBED_SIZE).intValue(), n.get(HIDDEN_SIZE).intValue(), n.get(NUM_LAYERS).intValue(),
                n.get(KEEP_PROB).floatValue(), n.get(FORGET_BIAS).floatValue(), n.path(LAST_HIDDEN_SIZE).asInt(0),
                n.path(TIED).asBoolean(false), reg);
    }
}
