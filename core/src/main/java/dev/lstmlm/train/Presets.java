package dev.lstmlm.train;

import dev.lstmlm.UserError;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.TokenizerKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named training configs. The PTB ones are the SmallConfig, MediumConfig, LargeConfig and TestConfig
 * classes of TensorFlow's ptb_word_lm.py (Zaremba, Sutskever and Vinyals 2014, "Recurrent Neural
 * Network Regularization"), field for field, trained on the Penn Treebank with seed 1.
 *
 * <p>{@code char-udacity} is the LSTM of the Udacity Deep Learning notebook {@code 6_lstm.ipynb}:
 * the 27 symbols space and a–z as one-hot vectors, one layer of 64 units, batches of 64 × 10
 * unrollings with the state carried over, SGD at 10 × 0.1^floor(step / 5000), gradients clipped to
 * global norm 1.25, 7001 steps, on text8 (or Tiny Shakespeare mapped to the 27 symbols when text8 is
 * not there). Its weights start as the notebook's {@code tf.truncated_normal(shape, -0.1, 0.1)}:
 * mean −0.1 and standard deviation 0.1, not the ±0.1 range the call looks like it asks for (the
 * arguments are mean and stddev); kept as written, since the published curve comes from it.
 *
 * <p>{@code shakespeare-char} is a char-rnn style model on Tiny Shakespeare (Karpathy 2015, "The
 * Unreasonable Effectiveness of Recurrent Neural Networks"): 90/10 split, one token per code point of
 * the training part, one-hot input, char-rnn's uniform ±0.08 initialization, sized and scheduled for a validation loss near 1.4 nats per character within 30 minutes of
 * training on two cores; RESULTS.md has what it reached.
 */
public final class Presets {
    private static final long DEFAULT_SEED = 1;
    private static final Map<String, TrainConfig> PRESETS = new LinkedHashMap<>();

    static {
        //                              H    L   T   B  epochs lr  decay     after keep  clip init
        add(ptb("ptb-small", 200, 2, 20, 20, 13, 1.0, 0.5, 4, 1.0, 5, 0.1));
        add(ptb("ptb-medium", 650, 2, 35, 20, 39, 1.0, 0.8, 6, 0.5, 5, 0.05));
        add(ptb("ptb-large", 1500, 2, 35, 20, 55, 1.0, 1 / 1.15, 14, 0.35, 10, 0.04));
        add(ptb("ptb-test", 2, 1, 2, 20, 1, 1.0, 0.5, 1, 1.0, 1, 0.1));
        add(new TrainConfig("char-udacity", TrainingRun.TEXT8_OR_SHAKESPEARE, 64, 1, 10, 64, 0, 10.0, 0.1, 0, 1.0, 1.25, 0.1,
                LossScaling.MEAN_OVER_STEPS, DEFAULT_SEED, TokenizerKind.CHAR_UDACITY, ModelConfig.Input.ONE_HOT,
                TrainConfig.Loop.UDACITY, 7001, 5000, TrainConfig.OptimizerKind.SGD, TrainConfig.Init.TRUNCATED_NORMAL, -0.1, 0));
        //  H = 512 x 2 layers, T = 100, B = 32: 5,000 to 6,300 characters per second on two shared cores, so 9 epochs
        //  fit in 30 minutes; Adam at 3e-3 for 3 epochs, then x 0.7 per epoch; dropout keep 0.8 (nanoGPT's 0.2 on this
        //  corpus). A forget bias of 1 (char-rnn's) kept the first epoch on the unigram plateau longer (valid loss 2.10
        //  after epoch 1 against 1.86 without), so it stays 0.
        add(new TrainConfig("shakespeare-char", "tinyshakespeare", 512, 2, 100, 32, 9, 3e-3, 0.7, 3, 0.8, 5, 0.08,
                LossScaling.MEAN_OVER_STEPS, DEFAULT_SEED, TokenizerKind.CHAR_CODEPOINT, ModelConfig.Input.ONE_HOT,
                TrainConfig.Loop.PTB, 0, 0, TrainConfig.OptimizerKind.ADAM, TrainConfig.Init.UNIFORM, 0, 0));
    }

    private Presets() {}

    private static TrainConfig ptb(String name, int hidden, int layers, int steps, int batch, int epochs, double lr,
                                   double decay, int decayAfter, double keepProb, double maxGradNorm, double initScale) {
        return new TrainConfig(name, "ptb", hidden, layers, steps, batch, epochs, lr, decay, decayAfter, keepProb,
                maxGradNorm, initScale, LossScaling.SUM_OVER_STEPS, DEFAULT_SEED);
    }

    private static void add(TrainConfig c) {
        PRESETS.put(c.preset(), c);
    }

    /** The preset called {@code name}; a {@link UserError} listing the valid names otherwise. */
    public static TrainConfig get(String name) {
        TrainConfig c = PRESETS.get(name);
        if (c == null) {
            throw new UserError("unknown preset \"" + name + "\"; choose one of " + String.join(", ", names()));
        }
        return c;
    }

    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }
}
