package dev.lstmlm.train;

import static dev.lstmlm.train.TrainOption.Kind.BOOLEAN;
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


    // The techniques after Zaremba et al. (AWD-LSTM's, and weight tying). Each is off at its fallback,
    // and a config writes it only when it is on (RECIPE), so the files of the 2014 recipes stay as they were.
    private static final Predicate<Double> DROP = v -> v >= 0 && v < 1;
    private static final String A_DROP = "must be a drop probability in [0, 1)";
    private static final Predicate<Double> NON_NEGATIVE = v -> v >= 0 && Double.isFinite(v);

    public static final TrainOption<Boolean> TIE_WEIGHTS = TrainOption.of("tie_weights", BOOLEAN, false, "[true|false]",
            "Decoder uses the embedding matrix (Press and Wolf 2017, Inan et al. 2017); with --embedding-size other than H"
                    + " the last layer gets E units (AWD-LSTM).", v -> true, "");
    public static final TrainOption<Integer> EMBEDDING_SIZE = TrainOption.of("embedding_size", INT, 0, "E",
            "Embedding size (0 = H, as Zaremba et al.).", NON_NEGATIVE_INT, "must be 0 or more");
    public static final TrainOption<Double> DROPOUT_EMB = TrainOption.of("dropout_emb", NUMBER, 0.0, "P",
            "Variational (locked) dropout on the embedding output, one mask per sequence and window (AWD-LSTM's dropouti).",
            DROP, A_DROP);
    public static final TrainOption<Double> DROPOUT_LAYERS = TrainOption.of("dropout_layers", NUMBER, 0.0, "P",
            "Variational dropout between LSTM layers (dropouth).", DROP, A_DROP);
    public static final TrainOption<Double> DROPOUT_OUT = TrainOption.of("dropout_out", NUMBER, 0.0, "P",
            "Variational dropout on the last layer's output (dropout).", DROP, A_DROP);
    public static final TrainOption<Double> DROPOUT_HIDDEN = TrainOption.of("dropout_hidden", NUMBER, 0.0, "P",
            "Variational dropout on the recurrent input h of every layer (Gal and Ghahramani 2016).", DROP, A_DROP);
    public static final TrainOption<Double> DROPOUT_WORDS = TrainOption.of("dropout_words", NUMBER, 0.0, "P",
            "Embedding dropout: whole words dropped for a window (dropoute).", DROP, A_DROP);
    public static final TrainOption<Double> WEIGHT_DROP = TrainOption.of("weight_drop", NUMBER, 0.0, "P",
            "DropConnect on every W_hh, one mask per window (wdrop).", DROP, A_DROP);
    public static final TrainOption<Double> AR = TrainOption.of("ar", NUMBER, 0.0, "ALPHA",
            "Activation regularization: ALPHA * mean(h^2) of the dropped last-layer output (AWD-LSTM's alpha).",
            NON_NEGATIVE, "must be 0 or more");
    public static final TrainOption<Double> TAR = TrainOption.of("tar", NUMBER, 0.0, "BETA",
            "Temporal activation regularization: BETA * mean((h_t - h_t-1)^2) of the last layer (beta).", NON_NEGATIVE,
            "must be 0 or more");
    public static final TrainOption<Double> WEIGHT_DECAY = TrainOption.of("weight_decay", NUMBER, 0.0, "W",
            "L2 penalty on the weights, added to the clipped gradient (SGD).", NON_NEGATIVE, "must be 0 or more");
    public static final TrainOption<Integer> NT_ASGD = TrainOption.of("nt_asgd", INT, 0, "N",
            "NT-ASGD: average the weights once validation has not improved for N epochs (AWD-LSTM's nonmono); 0 = never.",
            NON_NEGATIVE_INT, "must be 0 or more");
    public static final TrainOption<Boolean> VARIABLE_BPTT = TrainOption.of("variable_bptt", BOOLEAN, false, "[true|false]",
            "Window lengths ~ N(T, 5) (T/2 one time in 20), the rate scaled by length / T (AWD-LSTM).", v -> true, "");
    public static final TrainOption<Double> PLATEAU_DECAY = TrainOption.of("plateau_decay", NUMBER, 1.0, "F",
            "Divide the rate by F after an epoch whose validation did not improve (PyTorch's example: 4); 1 = the epoch"
                    + " schedule of --lr-decay.", v -> v >= 1 && Double.isFinite(v), "must be 1 or more");

    /** The options above: written to config files only when they differ from their fallback. */
    static final List<TrainOption<?>> RECIPE = List.of(TIE_WEIGHTS, EMBEDDING_SIZE, DROPOUT_EMB, DROPOUT_LAYERS, DROPOUT_OUT,
            DROPOUT_HIDDEN, DROPOUT_WORDS, WEIGHT_DROP, AR, TAR, WEIGHT_DECAY, NT_ASGD, VARIABLE_BPTT, PLATEAU_DECAY);

    /** Every option, in the order of config.json. */
    public static final List<TrainOption<?>> ALL = java.util.stream.Stream.concat(List.<TrainOption<?>>of(PRESET, CORPUS,
            HIDDEN_SIZE, LAYERS, NUM_STEPS, BATCH_SIZE, EPOCHS, LR, LR_DECAY, DECAY_AFTER, KEEP_PROB, MAX_GRAD_NORM, INIT_SCALE,
            LOSS, SEED, TOKENIZER, INPUT, LOOP, STEPS, DECAY_EVERY, OPTIMIZER, INIT, INIT_MEAN, FORGET_BIAS).stream(),
            java.util.stream.Stream.concat(RECIPE.stream(), TextOptions.ALL.stream())).toList();

    /** Whether a config file leaves {@code option} out when it has its fallback value. */
    static boolean omittedAtFallback(TrainOption<?> option) {
        return RECIPE.contains(option) || TextOptions.ALL.contains(option);
    }

    /** The option called {@code key} in config files, or null. */
    public static TrainOption<?> byKey(String key) {
        for (TrainOption<?> o : ALL) {
            if (o.key().equals(key)) return o;
        }
        return null;
    }
}
