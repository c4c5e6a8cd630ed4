package dev.lstmlm.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.ModelConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/model} says about the served model: its shape, and where the checkpoint tells,
 * how it was trained ({@code training}: preset, corpus, tokenizer and schedule from the training
 * config a run stores in every checkpoint) and what it reached ({@code results}: the summary.json of
 * the run directory the checkpoint was saved in, when the checkpoint is that run's model). The shape's
 * keys are {@link ModelConfigJson}'s, the ones a checkpoint's {@code model_config} uses.
 */
public final class ModelCard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The training-config keys worth showing a user, in this order; absent keys are skipped. */
    private static final List<String> TRAINING_KEYS = List.of("preset", "corpus", "tokenizer", "epochs", "steps",
            "num_steps", "batch_size", "optimizer", "lr", "keep_prob", "tie_weights", "seed");
    /** The summary.json keys of {@code results}, in this order. */
    private static final List<String> RESULT_KEYS = List.of("best_valid_ppl", "best_epoch", "test_ppl", "epochs",
            "updates", "total_seconds");

    private ModelCard() {}

    /** The shape part of the card, for a model known only by its config. */
    static Map<String, Object> shape(ModelConfig config, boolean words) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", words ? "word" : "char");
        m.put(ModelConfigJson.VOCAB_SIZE, config.vocabSize());
        m.put(ModelConfigJson.INPUT, config.input().name().toLowerCase(java.util.Locale.ROOT));
        m.put(ModelConfigJson.EMBED_SIZE, config.embedSize());
        m.put(ModelConfigJson.HIDDEN_SIZE, config.hiddenSize());
        m.put(ModelConfigJson.NUM_LAYERS, config.numLayers());
        return m;
    }

    /**
     * The {@code training} and {@code results} entries for a checkpoint read from {@code file}; empty
     * when the checkpoint carries no training config (a converted or hand-made model) and no run
     * summary lies beside it.
     */
    public static Map<String, Object> provenance(CheckpointMetadata metadata, Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        String config = metadata.extra().get("train_config");
        if (config != null) {
            Map<String, Object> training = pick(parse(config), TRAINING_KEYS);
            if (!training.isEmpty()) m.put("training", training);
        }
        JsonNode summary = summaryOf(file);
        if (summary != null) {
            Map<String, Object> results = pick(summary, RESULT_KEYS);
            if (!results.isEmpty()) m.put("results", results);
        }
        return m;
    }

    /** The run's summary.json when {@code file} is the model it names, else null. */
    private static JsonNode summaryOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) return null;
        Path summary = dir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) return null;
        try {
            JsonNode node = JSON.readTree(summary.toFile());
            JsonNode model = node.get("model");
            return model != null && model.asText().equals(file.getFileName().toString()) ? node : null;
        } catch (IOException e) {
            return null; // a damaged summary leaves the card without results; serving does not depend on it
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static Map<String, Object> pick(JsonNode node, List<String> keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : keys) {
            JsonNode v = node.get(k);
            if (v == null || v.isNull()) continue;
            m.put(k, v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
        }
        return m;
    }
}
