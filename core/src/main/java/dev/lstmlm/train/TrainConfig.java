package dev.lstmlm.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything that decides what a training run computes: the fields of ptb_word_lm.py's config
 * classes (under the names of the command-line flags), the corpus, the loss scaling and the seed,
 * and for other recipes the tokenizer, the input layer, the loop, the optimizer and the
 * initialization. Thread count, file locations and what is printed are not part of it. Saved as
 * {@code RUN/config.json}; a config file may list only some fields on top of a {@code "preset"}.
 * The fields after {@code seed} came later: a file without them gets the word-level recipe's values
 * (word, embedding, ptb, 0, 0, sgd, uniform, 0, 0), so runs started before them still resume.
 *
 * @param preset the preset the run started from, or "custom"; names the run directory
 * @param corpus the corpus registry name, e.g. "ptb"
 * @param hiddenSize H, also the embedding size E (Zaremba et al. tie them)
 * @param layers L
 * @param numSteps T, the truncated-BPTT window
 * @param batchSize B
 * @param epochs ptb_word_lm's max_max_epoch (the ptb loop; 0 for the udacity loop)
 * @param lr the initial learning rate
 * @param lrDecay factor applied per epoch after {@code decayAfter} epochs (ptb loop), or every
 *     {@code decayEvery} updates (udacity loop)
 * @param decayAfter ptb_word_lm's max_epoch: epochs at the initial rate
 * @param keepProb dropout keep probability (1 = none)
 * @param maxGradNorm clip the global gradient norm to this
 * @param initScale every weight starts uniform in ±initScale, or is the standard deviation of the
 *     truncated normal
 * @param loss what the gradient is taken of
 * @param seed seeds initialization and dropout
 * @param tokenizer words, the Udacity 27 letters, or the code points of the training text
 * @param input an embedding of size H, or one-hot vectors straight into the first layer
 * @param loop how batches are drawn and progress reported
 * @param steps updates in all (the udacity loop; 0 for the ptb loop)
 * @param decayEvery updates between two decays of the rate (the udacity loop; 0 for the ptb loop)
 * @param optimizer plain SGD, or Adam
 * @param init how weights start
 * @param initMean the mean of the truncated normal (0 for uniform)
 * @param forgetBias added to every forget gate's input (TensorFlow's forget_bias; 1 acts as char-rnn's
 *     forget-gate biases initialized to 1)
 */
public record TrainConfig(String preset, String corpus, int hiddenSize, int layers, int numSteps, int batchSize,
                          int epochs, double lr, double lrDecay, int decayAfter, double keepProb, double maxGradNorm,
                          double initScale, LossScaling loss, long seed, TokenizerKind tokenizer, ModelConfig.Input input,
                          Loop loop, int steps, int decayEvery, OptimizerKind optimizer, Init init, double initMean,
                          double forgetBias) {

    /** How batches are drawn and progress is reported. */
    public enum Loop {
        /** Epochs over TF's ptb_producer windows, validation after each ({@link Trainer}). */
        PTB("ptb"),
        /** Numbered steps of the Udacity 6_lstm notebook's BatchGenerator, reports every 100 ({@link UdacityTrainer}). */
        UDACITY("udacity");

        final String id;

        Loop(String id) {
            this.id = id;
        }
    }

    public enum OptimizerKind {
        SGD("sgd"), ADAM("adam");

        final String id;

        OptimizerKind(String id) {
            this.id = id;
        }
    }

    public enum Init {
        /** Every weight and bias uniform in ±init_scale (ptb_word_lm.py, char-rnn). */
        UNIFORM("uniform"),
        /** Weights from tf.truncated_normal(mean = init_mean, stddev = init_scale), biases 0 (the Udacity notebook). */
        TRUNCATED_NORMAL("truncated-normal");

        final String id;

        Init(String id) {
            this.id = id;
        }
    }

    /** The word-level recipe of ptb_word_lm.py: word tokens, an embedding, the ptb loop, SGD, uniform init. */
    public TrainConfig(String preset, String corpus, int hiddenSize, int layers, int numSteps, int batchSize, int epochs,
                       double lr, double lrDecay, int decayAfter, double keepProb, double maxGradNorm, double initScale,
                       LossScaling loss, long seed) {
        this(preset, corpus, hiddenSize, layers, numSteps, batchSize, epochs, lr, lrDecay, decayAfter, keepProb, maxGradNorm,
                initScale, loss, seed, TokenizerKind.WORD, ModelConfig.Input.EMBEDDING, Loop.PTB, 0, 0, OptimizerKind.SGD,
                Init.UNIFORM, 0, 0);
    }

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
            new Field("seed", "--seed", "int"),
            new Field("tokenizer", "--tokenizer", "string"),
            new Field("input", "--input", "string"),
            new Field("loop", "--loop", "string"),
            new Field("steps", "--steps", "int"),
            new Field("decay_every", "--decay-every", "int"),
            new Field("optimizer", "--optimizer", "string"),
            new Field("init", "--init", "string"),
            new Field("init_mean", "--init-mean", "number"),
            new Field("forget_bias", "--forget-bias", "number"));

    /** The fields a config file may leave out, with the values of the word-level recipe. */
    private static final Map<String, Object> LATER_FIELDS = Map.of("tokenizer", TokenizerKind.WORD.id(), "input", "embedding",
            "loop", Loop.PTB.id, "steps", 0, "decay_every", 0, "optimizer", OptimizerKind.SGD.id, "init", Init.UNIFORM.id,
            "init_mean", 0.0, "forget_bias", 0.0);

    public TrainConfig {
        require(preset != null && !preset.isBlank(), "preset", "must name a preset or be \"custom\"");
        require(corpus != null && !corpus.isBlank(), "corpus", "must name a corpus such as ptb");
        require(hiddenSize >= 1, "hidden_size", "must be at least 1 but is " + hiddenSize);
        require(layers >= 1, "layers", "must be at least 1 but is " + layers);
        require(numSteps >= 1, "num_steps", "must be at least 1 but is " + numSteps);
        require(batchSize >= 1, "batch_size", "must be at least 1 but is " + batchSize);
        require(loop != null, "loop", "must be ptb or udacity");
        require(loop == Loop.UDACITY ? epochs >= 0 : epochs >= 1, "epochs", "must be at least 1 but is " + epochs);
        require(loop == Loop.PTB ? steps >= 0 : steps >= 1, "steps", "must be at least 1 for the udacity loop but is " + steps);
        require(loop == Loop.PTB ? decayEvery >= 0 : decayEvery >= 1, "decay_every",
                "must be at least 1 for the udacity loop but is " + decayEvery);
        require(tokenizer != null, "tokenizer", "must be word, char-udacity or char-codepoint");
        require(loop == Loop.PTB || tokenizer.isCharacterLevel(), "loop", "udacity needs a character tokenizer but the tokenizer is "
                + tokenizer.id());
        require(input != null, "input", "must be embedding or one-hot");
        require(optimizer != null, "optimizer", "must be sgd or adam");
        require(init != null, "init", "must be uniform or truncated-normal");
        require(Double.isFinite(initMean), "init_mean", "must be a finite number but is " + initMean);
        require(Double.isFinite(forgetBias), "forget_bias", "must be a finite number but is " + forgetBias);
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

    /** The model shape this run trains over a vocabulary of {@code vocabSize}: E = H (for an embedding). */
    public ModelConfig modelConfig(int vocabSize) {
        return new ModelConfig(vocabSize, input, hiddenSize, hiddenSize, layers, (float) keepProb, (float) forgetBias);
    }

    /** Per epoch for the ptb loop, per update for the udacity loop. */
    public LearningRateSchedule schedule() {
        return loop == Loop.UDACITY ? new StepDecay(lr, lrDecay, decayEvery) : new EpochDecay(lr, lrDecay, decayAfter);
    }

    /** This config with another corpus. */
    public TrainConfig withCorpus(String name) {
        return new TrainConfig(preset, name, hiddenSize, layers, numSteps, batchSize, epochs, lr, lrDecay, decayAfter, keepProb,
                maxGradNorm, initScale, loss, seed, tokenizer, input, loop, steps, decayEvery, optimizer, init, initMean, forgetBias);
    }

    /** A new optimizer for {@code size} parameters. */
    public Optimizer newOptimizer(int size) {
        return newOptimizer(size, null);
    }

    /** As {@link #newOptimizer(int)}, on the kernels of {@code compute} with SGD's passes shared by its pool (null: the process's kernels, one thread). */
    public Optimizer newOptimizer(int size, dev.lstmlm.tensor.Compute compute) {
        return optimizer == OptimizerKind.ADAM
                ? Adam.withDefaults(size, compute == null ? dev.lstmlm.tensor.Kernels.chosen() : compute.kernels())
                : Optimizer.sgd(compute);
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
        n.put("tokenizer", tokenizer.id());
        n.put("input", inputId(input));
        n.put("loop", loop.id);
        n.put("steps", steps);
        n.put("decay_every", decayEvery);
        n.put("optimizer", optimizer.id);
        n.put("init", init.id);
        n.put("init_mean", initMean);
        n.put("forget_bias", forgetBias);
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

    static TrainConfig fromJson(ObjectNode given, String source) {
        ObjectNode n = given.deepCopy();
        LATER_FIELDS.forEach((key, value) -> {
            if (!n.has(key)) n.set(key, JSON.valueToTree(value));
        });
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
                number(n, "init_scale", source), loss(n, source), integerLong(n, "seed", source),
                choice(n, "tokenizer", source, TokenizerKind.values(), TokenizerKind::id),
                choice(n, "input", source, ModelConfig.Input.values(), TrainConfig::inputId),
                choice(n, "loop", source, Loop.values(), l -> l.id), integer(n, "steps", source),
                integer(n, "decay_every", source), choice(n, "optimizer", source, OptimizerKind.values(), o -> o.id),
                choice(n, "init", source, Init.values(), i -> i.id), number(n, "init_mean", source),
                number(n, "forget_bias", source));
    }

    /** "embedding" or "one-hot". */
    static String inputId(ModelConfig.Input input) {
        return input == ModelConfig.Input.ONE_HOT ? "one-hot" : "embedding";
    }

    private static <T> T choice(ObjectNode n, String key, String source, T[] values, java.util.function.Function<T, String> id) {
        String given = text(n, key, source);
        for (T v : values) {
            if (id.apply(v).equals(given)) return v;
        }
        throw new UserError(key + " \"" + given + "\" in " + source + " is unknown; use one of "
                + Arrays.stream(values).map(id).collect(Collectors.joining(", ")));
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
