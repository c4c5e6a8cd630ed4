package dev.lstmlm.train;

import static dev.lstmlm.train.TrainOption.Kind.INT;
import static dev.lstmlm.train.TrainOption.Kind.LONG;
import static dev.lstmlm.train.TrainOption.Kind.NUMBER;
import static dev.lstmlm.train.TrainOption.Kind.TEXT;

import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.ModelConfigJson;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.train.TrainOption.Kind;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every training option, in the order of a run's config.json. This table drives the JSON codec
 * ({@link TrainConfig#toJson}, {@link TrainConfig#resolve}), the flags of {@code lstmlm train} and the
 * {@link Presets}; the fields of ptb_word_lm.py's config classes keep their names there.
 *
 * <p><b>Adding an option</b> is one entry here plus its use:
 * <pre>{@code
 * public static final TrainOption<Double> WEIGHT_DECAY = TrainOption.of("weight_decay", NUMBER, 0.0, "W",
 *         "L2 penalty on the weights.", w -> w >= 0 && Double.isFinite(w), "must be 0 or more");
 * }</pre>
 * added to {@link #ALL}; the code that uses it reads {@code config.get(TrainOptions.WEIGHT_DECAY)}. The
 * flag {@code --weight-decay}, the JSON key, the help line, the check and the error messages follow
 * from the entry; a preset that wants another value sets it by name ({@code .set(WEIGHT_DECAY, 1e-4)}).
 * Give a new option a fallback that computes what runs computed before it existed: config files
 * written before it (and the runs they describe) then still read and resume unchanged.
 */
public final class TrainOptions {
    private TrainOptions() {}

    private static final Predicate<Integer> POSITIVE_INT = v -> v >= 1;
    private static final Predicate<Integer> NON_NEGATIVE_INT = v -> v >= 0;
    private static final Predicate<Double> POSITIVE = v -> v > 0 && Double.isFinite(v);
    private static final Predicate<Double> FRACTION = v -> v > 0 && v <= 1;
    private static final Predicate<Double> FINITE = Double::isFinite;
    private static final String AT_LEAST_1 = "must be at least 1";
    private static final String A_POSITIVE_NUMBER = "must be a positive number";

    public static final TrainOption<String> PRESET = new TrainOption<>("preset", TEXT, null, "NAME",
            "The preset the run started from, or custom.", s -> !s.isBlank(), "must name a preset or be \"custom\"", false);
    public static final TrainOption<String> CORPUS = TrainOption.of("corpus", TEXT, null, "NAME|FILE",
            "Corpus: ptb, tinyshakespeare, text8 or a training text (default: the preset's; char-udacity takes text8"
                    + " when the data directory has it, else tinyshakespeare).", s -> !s.isBlank(), "must name a corpus such as ptb");
    public static final TrainOption<Integer> HIDDEN_SIZE = TrainOption.of(ModelConfigJson.HIDDEN_SIZE, INT, null, "H",
            "LSTM units per layer, also the embedding size.", POSITIVE_INT, AT_LEAST_1);
    public static final TrainOption<Integer> LAYERS = TrainOption.of("layers", INT, null, "L", "Number of LSTM layers.",
            POSITIVE_INT, AT_LEAST_1);
    public static final TrainOption<Integer> NUM_STEPS = TrainOption.of("num_steps", INT, null, "T",
            "Steps of truncated backpropagation through time.", POSITIVE_INT, AT_LEAST_1);
    public static final TrainOption<Integer> BATCH_SIZE = TrainOption.of("batch_size", INT, null, "B", "Rows per batch.",
            POSITIVE_INT, AT_LEAST_1);
    /** Checked against the loop by {@link TrainConfig}: at least 1 for the ptb loop. */
    public static final TrainOption<Integer> EPOCHS = TrainOption.of("epochs", INT, null, "N",
            "Epochs in all (TF's max_max_epoch; ptb loop).", NON_NEGATIVE_INT, AT_LEAST_1);
    public static final TrainOption<Double> LR = TrainOption.of("lr", NUMBER, null, "RATE", "Initial learning rate.",
            POSITIVE, A_POSITIVE_NUMBER);
    public static final TrainOption<Double> LR_DECAY = TrainOption.of("lr_decay", NUMBER, null, "F",
            "Factor applied to the rate each epoch after --decay-after (ptb loop) or every --decay-every updates (udacity loop).",
            FRACTION, "must be in (0, 1]");
    public static final TrainOption<Integer> DECAY_AFTER = TrainOption.of("decay_after", INT, null, "N",
            "Epochs at the initial rate (TF's max_epoch; ptb loop).", NON_NEGATIVE_INT, "must be 0 or more");
    public static final TrainOption<Double> KEEP_PROB = TrainOption.of(ModelConfigJson.KEEP_PROB, NUMBER, null, "P",
            "Dropout keep probability (1 = no dropout).", FRACTION, "must be in (0, 1]");
    public static final TrainOption<Double> MAX_GRAD_NORM = TrainOption.of("max_grad_norm", NUMBER, null, "N",
            "Clip the global gradient norm to N.", POSITIVE, A_POSITIVE_NUMBER);
    public static final TrainOption<Double> INIT_SCALE = TrainOption.of("init_scale", NUMBER, null, "S",
            "Initial weights uniform in [-S, S], or the standard deviation of the truncated normal.", POSITIVE, A_POSITIVE_NUMBER);
    public static final TrainOption<LossScaling> LOSS = TrainOption.of("loss",
            Kind.choice(LossScaling.class, LossScaling.values(), LossScaling::id), null, "KIND",
            "sum-over-steps (TF) or mean-over-steps.", v -> true, "");
    public static final TrainOption<Long> SEED = TrainOption.of("seed", LONG, null, "S",
            "Seed of initialization and dropout (default: 1).", v -> true, "");
    public static final TrainOption<TokenizerKind> TOKENIZER = TrainOption.of("tokenizer",
            Kind.choice(TokenizerKind.class, TokenizerKind.values(), TokenizerKind::id), TokenizerKind.WORD, "KIND",
            "word, char-udacity (the 27 symbols space, a-z) or char-codepoint (the training text's characters).", v -> true, "");
    public static final TrainOption<ModelConfig.Input> INPUT = TrainOption.of("input",
            Kind.choice(ModelConfig.Input.class, ModelConfig.Input.values(), TrainConfig::inputId), ModelConfig.Input.EMBEDDING,
            "KIND", "embedding (of size H) or one-hot.", v -> true, "");
    public static final TrainOption<TrainConfig.Loop> LOOP = TrainOption.of("loop",
            Kind.choice(TrainConfig.Loop.class, TrainConfig.Loop.values(), l -> l.id), TrainConfig.Loop.PTB, "KIND",
            "ptb (epochs of ptb_producer windows) or udacity (steps of the notebook's BatchGenerator).", v -> true, "");
    /** Checked against the loop by {@link TrainConfig}: at least 1 for the udacity loop. */
    public static final TrainOption<Integer> STEPS = TrainOption.of("steps", INT, 0, "N", "Updates in all (udacity loop).",
            NON_NEGATIVE_INT, AT_LEAST_1);
    /** Checked against the loop by {@link TrainConfig}: at least 1 for the udacity loop. */
    public static final TrainOption<Integer> DECAY_EVERY = TrainOption.of("decay_every", INT, 0, "N",
            "Updates between two decays of the rate (udacity loop).", NON_NEGATIVE_INT, AT_LEAST_1);
    public static final TrainOption<TrainConfig.OptimizerKind> OPTIMIZER = TrainOption.of("optimizer",
            Kind.choice(TrainConfig.OptimizerKind.class, TrainConfig.OptimizerKind.values(), o -> o.id),
            TrainConfig.OptimizerKind.SGD, "KIND", "sgd or adam.", v -> true, "");
    public static final TrainOption<TrainConfig.Init> INIT = TrainOption.of("init",
            Kind.choice(TrainConfig.Init.class, TrainConfig.Init.values(), i -> i.id), TrainConfig.Init.UNIFORM, "KIND",
            "uniform (in +-init-scale) or truncated-normal (mean --init-mean, stddev --init-scale).", v -> true, "");
    public static final TrainOption<Double> INIT_MEAN = TrainOption.of("init_mean", NUMBER, 0.0, "M",
            "Mean of the truncated normal initialization.", FINITE, "must be a finite number");
    public static final TrainOption<Double> FORGET_BIAS = TrainOption.of(ModelConfigJson.FORGET_BIAS, NUMBER, 0.0, "B",
            "Added to the forget gates' input (TF's forget_bias).", FINITE, "must be a finite number");

    /** Every option, in the order of config.json. */
    public static final List<TrainOption<?>> ALL = List.of(PRESET, CORPUS, HIDDEN_SIZE, LAYERS, NUM_STEPS, BATCH_SIZE, EPOCHS,
            LR, LR_DECAY, DECAY_AFTER, KEEP_PROB, MAX_GRAD_NORM, INIT_SCALE, LOSS, SEED, TOKENIZER, INPUT, LOOP, STEPS,
            DECAY_EVERY, OPTIMIZER, INIT, INIT_MEAN, FORGET_BIAS);

    /** The option called {@code key} in config files, or null. */
    public static TrainOption<?> byKey(String key) {
        for (TrainOption<?> o : ALL) {
            if (o.key().equals(key)) return o;
        }
        return null;
    }
}
