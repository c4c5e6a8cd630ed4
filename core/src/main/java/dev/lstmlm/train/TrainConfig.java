package dev.lstmlm.train;

import static dev.lstmlm.train.TrainOptions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.Regularization;
import dev.lstmlm.model.TokenizerKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything that decides what a training run computes: a value for every option of
 * {@link TrainOptions} (the fields of ptb_word_lm.py's config classes under the names of the
 * command-line flags, the corpus, the loss scaling and the seed, and for other recipes the
 * tokenizer, the input layer, the loop, the optimizer and the initialization). Thread count, file
 * locations and what is printed are not part of it. Saved as {@code RUN/config.json}; a config file
 * may list only some options on top of a {@code "preset"} ({@link ConfigFiles}).
 *
 * <p>Values are checked when a config is built: each option's own check, then the checks that
 * involve several options ({@link ConfigChecks}: the loop's schedule, the tokenizer the udacity loop
 * needs, the model size).
 */
public final class TrainConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        TRUNCATED_NORMAL("truncated-normal"),
        /**
         * PyTorch's word_language_model and AWD-LSTM: embedding (and an untied decoder) uniform in
         * ±init_scale, decoder bias 0, LSTM layer k uniform in ±1/√H_k (torch.nn.LSTM's default).
         */
        PYTORCH("pytorch");

        final String id;

        Init(String id) {
            this.id = id;
        }
    }

    /** The options this config has a value for: {@link TrainOptions#ALL}, or a test's table. */
    private final List<TrainOption<?>> table;
    /** Option → value, for every option of the table, in its order. */
    private final Map<TrainOption<?>, Object> values;

    private TrainConfig(List<TrainOption<?>> table, Map<TrainOption<?>, Object> given) {
        this.table = table;
        Map<TrainOption<?>, Object> v = new LinkedHashMap<>();
        for (TrainOption<?> o : table) {
            Object value = given.containsKey(o) ? given.get(o) : o.fallback();
            if (value == null) throw new IllegalArgumentException("no value for " + o.key());
            v.put(o, o.cast(value));
        }
        this.values = java.util.Collections.unmodifiableMap(v);
        for (TrainOption<?> o : table) {
            String problem = o.problem(values.get(o));
            if (problem != null) throw ConfigChecks.invalid(o, problem);
        }
        ConfigChecks.check(this);
    }

    /** A config of the options set on {@code builder}; the others take their fallbacks. */
    public static Builder builder() {
        return builder(TrainOptions.ALL);
    }

    /** As {@link #builder()} over another table of options, which must hold every option of {@link TrainOptions#ALL}. */
    static Builder builder(List<TrainOption<?>> table) {
        if (!table.containsAll(TrainOptions.ALL)) throw new IllegalArgumentException("the table lacks options of TrainOptions.ALL");
        return new Builder(List.copyOf(table), new LinkedHashMap<>());
    }

    /** Sets options by name; {@link #build} checks them. */
    public static final class Builder {
        private final List<TrainOption<?>> table;
        private final Map<TrainOption<?>, Object> values;

        private Builder(List<TrainOption<?>> table, Map<TrainOption<?>, Object> values) {
            this.table = table;
            this.values = values;
        }

        /** The options this builder sets. */
        List<TrainOption<?>> table() {
            return table;
        }

        public <T> Builder set(TrainOption<T> option, T value) {
            values.put(option, option.cast(value));
            return this;
        }

        /** Sets {@code option} to {@code value}, which must be of the option's type. */
        Builder setUnchecked(TrainOption<?> option, Object value) {
            values.put(option, option.cast(value));
            return this;
        }

        /** Sets every option to its value in {@code config}. */
        Builder setAll(TrainConfig config) {
            values.putAll(config.values);
            return this;
        }

        boolean has(TrainOption<?> option) {
            return values.containsKey(option) || option.fallback() != null;
        }

        public TrainConfig build() {
            return new TrainConfig(table, values);
        }
    }

    /** A builder that starts from this config's values. */
    public Builder toBuilder() {
        return new Builder(table, new LinkedHashMap<>(values));
    }

    /** The options this config has a value for. */
    List<TrainOption<?>> table() {
        return table;
    }

    /** The value of {@code option}. */
    public <T> T get(TrainOption<T> option) {
        return option.cast(values.get(option));
    }

    /** This config with {@code option} set to {@code value}, checked. */
    public <T> TrainConfig with(TrainOption<T> option, T value) {
        return toBuilder().set(option, value).build();
    }

    /** This config with another corpus. */
    public TrainConfig withCorpus(String name) {
        return with(CORPUS, name);
    }

    public String preset() { return get(PRESET); }
    public String corpus() { return get(CORPUS); }
    /** H, also the embedding size E (Zaremba et al. tie them). */
    public int hiddenSize() { return get(HIDDEN_SIZE); }
    public int layers() { return get(LAYERS); }
    /** T, the truncated-BPTT window. */
    public int numSteps() { return get(NUM_STEPS); }
    public int batchSize() { return get(BATCH_SIZE); }
    public double lr() { return get(LR); }
    public double keepProb() { return get(KEEP_PROB); }
    public double maxGradNorm() { return get(MAX_GRAD_NORM); }
    public double initScale() { return get(INIT_SCALE); }
    public LossScaling loss() { return get(LOSS); }
    public long seed() { return get(SEED); }
    public TokenizerKind tokenizer() { return get(TOKENIZER); }
    public ModelConfig.Input input() { return get(INPUT); }
    public Loop loop() { return get(LOOP); }
    public OptimizerKind optimizer() { return get(OPTIMIZER); }
    public Init init() { return get(INIT); }
    public double initMean() { return get(INIT_MEAN); }
    public double forgetBias() { return get(FORGET_BIAS); }

    /**
     * The model shape this run trains over a vocabulary of {@code vocabSize}: E = H unless
     * --embedding-size says otherwise; tied weights with E ≠ H give the last layer E units (AWD-LSTM).
     */
    public ModelConfig modelConfig(int vocabSize) {
        int embed = get(EMBEDDING_SIZE) > 0 ? get(EMBEDDING_SIZE) : hiddenSize();
        boolean tied = get(TIE_WEIGHTS);
        Regularization r = new Regularization(get(DROPOUT_EMB).floatValue(), get(DROPOUT_LAYERS).floatValue(),
                get(DROPOUT_OUT).floatValue(), get(DROPOUT_HIDDEN).floatValue(), get(DROPOUT_WORDS).floatValue(),
                get(WEIGHT_DROP).floatValue(), get(AR).floatValue(), get(TAR).floatValue());
        return new ModelConfig(vocabSize, input(), embed, hiddenSize(), layers(), (float) keepProb(), (float) forgetBias(),
                tied && embed != hiddenSize() ? embed : 0, tied, r);
    }

    /** AWD-LSTM's variable window lengths around T, or null for TF's fixed T. */
    public VariableBptt variableBptt() {
        return get(VARIABLE_BPTT) ? new VariableBptt(numSteps()) : null;
    }

    /** How long the run trains and when its rate decays: epochs for the ptb loop, updates for the udacity loop. */
    public Schedule schedule() {
        return loop() == Loop.UDACITY ? new Schedule.Steps(get(STEPS), get(DECAY_EVERY), get(LR_DECAY))
                : get(PLATEAU_DECAY) > 1 ? new Schedule.Plateau(get(EPOCHS), get(PLATEAU_DECAY))
                : new Schedule.Epochs(get(EPOCHS), get(DECAY_AFTER), get(LR_DECAY));
    }

    /** The learning rate over the run: per epoch for the ptb loop, per update for the udacity loop. */
    public LearningRateSchedule rates() {
        return schedule().rates(lr());
    }

    /** A new optimizer for {@code size} parameters on the kernels of {@code compute}, SGD's passes shared by its pool (null: the process's kernels, one thread). */
    public Optimizer newOptimizer(int size, dev.lstmlm.tensor.Compute compute) {
        dev.lstmlm.tensor.Kernels kernels = compute == null ? dev.lstmlm.tensor.Kernels.chosen() : compute.kernels();
        if (get(WEIGHT_DECAY) > 0 || get(NT_ASGD) > 0) return new AveragedSgd(size, get(WEIGHT_DECAY), get(NT_ASGD));
        return optimizer() == OptimizerKind.ADAM ? Adam.withDefaults(size, kernels) : Optimizer.sgd(compute);
    }

    /** The config as JSON, every option present, keys as in config files. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        values.forEach((o, v) -> {
            if (!(TrainOptions.omittedAtFallback(o) && v.equals(o.fallback()))) n.set(o.key(), json(o, v));
        });
        return n;
    }

    @SuppressWarnings("unchecked")
    private static <T> com.fasterxml.jackson.databind.JsonNode json(TrainOption<T> o, Object v) {
        return o.kind().toJson().apply((T) v);
    }

    /**
     * The config a run asks for: the preset (the {@code --preset} flag, else the file's "preset"), then
     * the file's options, then {@code overrides} (JSON key → value, from command-line flags) on top.
     *
     * @param presetName may be null when the file names a preset or gives every option
     * @param configFile may be null
     */
    public static TrainConfig resolve(String presetName, Path configFile, Map<String, ?> overrides) {
        return ConfigFiles.resolve(TrainOptions.ALL, presetName, configFile, overrides);
    }

    /** Reads a complete config (as written by {@link #toJson}), e.g. a run's config.json. */
    public static TrainConfig read(Path file) {
        return ConfigFiles.fromJson(TrainOptions.ALL, ConfigFiles.readFile(file), file.toString());
    }

    /** "embedding" or "one-hot". */
    static String inputId(ModelConfig.Input input) {
        return input == ModelConfig.Input.ONE_HOT ? "one-hot" : "embedding";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "TrainConfig[", "]"));
    }
}
