package dev.lstmlm.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything that decides what a word-level training run computes: the fields of ptb_word_lm.py's
 * config classes (under the names of the command-line flags), the corpus, the loss scaling and the
 * seed. Thread count and file locations are not part of it. Saved as {@code RUN/config.json}; a
 * config file may list only some fields on top of a {@code "preset"}.
 *
 * @param preset the preset the run started from, or "custom"; names the run directory
 * @param corpus the corpus registry name, e.g. "ptb"
 * @param hiddenSize H, also the embedding size E (Zaremba et al. tie them)
 * @param layers L
 * @param numSteps T, the truncated-BPTT window
 * @param batchSize B
 * @param epochs ptb_word_lm's max_max_epoch
 * @param lr the initial learning rate of plain SGD
 * @param lrDecay factor applied per epoch after {@code decayAfter} epochs
 * @param decayAfter ptb_word_lm's max_epoch: epochs at the initial rate
 * @param keepProb dropout keep probability (1 = none)
 * @param maxGradNorm clip the global gradient norm to this
 * @param initScale every weight starts uniform in ±initScale
 * @param loss what the gradient is taken of
 * @param seed seeds initialization and dropout
 */
public record TrainConfig(String preset, String corpus, int hiddenSize, int layers, int numSteps, int batchSize,
                          int epochs, double lr, double lrDecay, int decayAfter, double keepProb, double maxGradNorm,
                          double initScale, LossScaling loss, long seed) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A config field: its JSON key, its command-line flag and the JSON type it takes. */
    private record Field(String key, String flag, String type) {}

    private static final List<Field> FIELDS = List.of(
            new Field("preset", "--preset", "string"),
            new Field("corpus", "--corpus", "string"),
            new Field("hidden_size", "--hidden-size", "int"),
            new Field("layers", "--layers", "int"),
            new Field("num_steps", "--num-steps", "int"),
            new Field("batch_size", "--batch-size", "int"),
            new Field("epochs", "--epochs", "int"),
            new Field("lr", "--lr", "number"),
            new Field("lr_decay", "--lr-decay", "number"),
            new Field("decay_after", "--decay-after", "int"),
            new Field("keep_prob", "--keep-prob", "number"),
            new Field("max_grad_norm", "--max-grad-norm", "number"),
            new Field("init_scale", "--init-scale", "number"),
            new Field("loss", "--loss", "string"),
            new Field("seed", "--seed", "int"));

    public TrainConfig {
        require(preset != null && !preset.isBlank(), "preset", "must name a preset or be \"custom\"");
        require(corpus != null && !corpus.isBlank(), "corpus", "must name a corpus such as ptb");
        require(hiddenSize >= 1, "hidden_size", "must be at least 1 but is " + hiddenSize);
        require(layers >= 1, "layers", "must be at least 1 but is " + layers);
        require(numSteps >= 1, "num_steps", "must be at least 1 but is " + numSteps);
        require(batchSize >= 1, "batch_size", "must be at least 1 but is " + batchSize);
        require(epochs >= 1, "epochs", "must be at least 1 but is " + epochs);
        require(lr > 0 && Double.isFinite(lr), "lr", "must be a positive number but is " + lr);
        require(lrDecay > 0 && lrDecay <= 1, "lr_decay", "must be in (0, 1] but is " + lrDecay);
        require(decayAfter >= 0, "decay_after", "must be 0 or more but is " + decayAfter);
        require(keepProb > 0 && keepProb <= 1, "keep_prob", "must be in (0, 1] but is " + keepProb);
        require(maxGradNorm > 0 && Double.isFinite(maxGradNorm), "max_grad_norm", "must be a positive number but is " + maxGradNorm);
        require(initScale > 0 && Double.isFinite(initScale), "init_scale", "must be a positive number but is " + initScale);
        require(loss != null, "loss", "must be sum-over-steps or mean-over-steps");
        long params = 4L * hiddenSize * (2L * hiddenSize + 2) * layers;
        require(params < Integer.MAX_VALUE / 2, "hidden_size", "is too large for " + layers + " layers (" + params
                + " LSTM weights; the limit is 2^30)");
    }

    private static void require(boolean ok, String key, String problem) {
        if (ok) return;
        Field f = field(key);
        throw new UserError(key + " " + problem + "; set " + f.flag() + " (or \"" + key + "\" in a config file) to a valid value");
    }

    private static Field field(String key) {
        for (Field f : FIELDS) {
            if (f.key().equals(key)) return f;
        }
        throw new IllegalArgumentException(key);
    }

    /** The model shape this run trains over a vocabulary of {@code vocabSize}: E = H, forget bias 0. */
    public ModelConfig modelConfig(int vocabSize) {
        return new ModelConfig(vocabSize, ModelConfig.Input.EMBEDDING, hiddenSize, hiddenSize, layers, (float) keepProb, 0f);
    }

    public LearningRateSchedule schedule() {
        return new EpochDecay(lr, lrDecay, decayAfter);
    }

    /** The config as JSON, every field present, keys as in config files. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("preset", preset);
        n.put("corpus", corpus);
        n.put("hidden_size", hiddenSize);
        n.put("layers", layers);
        n.put("num_steps", numSteps);
        n.put("batch_size", batchSize);
        n.put("epochs", epochs);
        n.put("lr", lr);
        n.put("lr_decay", lrDecay);
        n.put("decay_after", decayAfter);
        n.put("keep_prob", keepProb);
        n.put("max_grad_norm", maxGradNorm);
        n.put("init_scale", initScale);
        n.put("loss", loss.id());
        n.put("seed", seed);
        return n;
    }

    /**
     * The config a run asks for: the preset (the {@code --preset} flag, else the file's "preset"), then
     * the file's fields, then {@code overrides} (JSON key → value, from command-line flags) on top.
     *
     * @param presetName may be null when the file names a preset or lists every field
     * @param configFile may be null
     */
    public static TrainConfig resolve(String presetName, Path configFile, Map<String, ?> overrides) {
        ObjectNode fileNode = configFile == null ? JSON.createObjectNode() : readFile(configFile);
        String source = configFile == null ? "the command line" : configFile.toString();
        String base = presetName != null ? presetName : fileNode.hasNonNull("preset") ? fileNode.get("preset").asText() : null;
        ObjectNode merged = base == null ? JSON.createObjectNode() : Presets.get(base).toJson();
        merged.setAll(fileNode);
        if (presetName != null) merged.put("preset", presetName);
        if (base == null) merged.put("preset", "custom");
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            field(e.getKey());
            merged.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        return fromJson(merged, source);
    }

    /** Reads a complete config (as written by {@link #toJson}), e.g. a run's config.json. */
    public static TrainConfig read(Path file) {
        return fromJson(readFile(file), file.toString());
    }

    private static ObjectNode readFile(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist; check the path");
        } catch (JacksonException e) {
            throw new UserError("config file " + file + " is not valid JSON (" + e.getOriginalMessage() + "); fix it");
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
        if (node == null || !node.isObject()) {
            throw new UserError("config file " + file + " must hold one JSON object such as {\"preset\": \"ptb-small\", \"epochs\": 2}");
        }
        return (ObjectNode) node;
    }

    static TrainConfig fromJson(ObjectNode n, String source) {
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (FIELDS.stream().noneMatch(f -> f.key().equals(e.getKey()))) {
                throw new UserError(source + " has an unknown field \"" + e.getKey() + "\"; valid fields are "
                        + FIELDS.stream().map(Field::key).collect(Collectors.joining(", ")));
            }
        }
        List<String> missing = FIELDS.stream().map(Field::key).filter(k -> !n.hasNonNull(k)).toList();
        if (!missing.isEmpty()) {
            throw new UserError(source + " does not give " + missing.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "))
                    + "; add them, or start from a preset with --preset or \"preset\"");
        }
        return new TrainConfig(text(n, "preset", source), text(n, "corpus", source), integer(n, "hidden_size", source),
                integer(n, "layers", source), integer(n, "num_steps", source), integer(n, "batch_size", source),
                integer(n, "epochs", source), number(n, "lr", source), number(n, "lr_decay", source),
                integer(n, "decay_after", source), number(n, "keep_prob", source), number(n, "max_grad_norm", source),
                number(n, "init_scale", source), loss(n, source), integerLong(n, "seed", source));
    }

    private static LossScaling loss(ObjectNode n, String source) {
        String id = text(n, "loss", source);
        LossScaling loss = LossScaling.fromId(id);
        if (loss == null) {
            throw new UserError("loss \"" + id + "\" in " + source + " is unknown; use one of "
                    + Arrays.stream(LossScaling.values()).map(LossScaling::id).collect(Collectors.joining(", ")));
        }
        return loss;
    }

    private static String text(ObjectNode n, String key, String source) {
        JsonNode v = n.get(key);
        if (!v.isTextual()) throw wrongType(key, source, v);
        return v.textValue();
    }

    private static int integer(ObjectNode n, String key, String source) {
        JsonNode v = n.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(key, source, v);
        return v.intValue();
    }

    private static long integerLong(ObjectNode n, String key, String source) {
        JsonNode v = n.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrongType(key, source, v);
        return v.longValue();
    }

    private static double number(ObjectNode n, String key, String source) {
        JsonNode v = n.get(key);
        if (!v.isNumber()) throw wrongType(key, source, v);
        return v.doubleValue();
    }

    private static UserError wrongType(String key, String source, JsonNode v) {
        return new UserError("\"" + key + "\" in " + source + " must be " + article(field(key).type()) + " but is " + v);
    }

    private static String article(String type) {
        return switch (type) {
            case "int" -> "an integer";
            case "number" -> "a number";
            default -> "a " + type;
        };
    }
}
