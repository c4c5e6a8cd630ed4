package dev.lstmlm.train;

import static dev.lstmlm.train.TrainOptions.*;

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
        add(ptb("ptb-small").set(HIDDEN_SIZE, 200).set(LAYERS, 2).set(NUM_STEPS, 20).set(BATCH_SIZE, 20).set(EPOCHS, 13)
                .set(LR, 1.0).set(LR_DECAY, 0.5).set(DECAY_AFTER, 4).set(KEEP_PROB, 1.0).set(MAX_GRAD_NORM, 5.0)
                .set(INIT_SCALE, 0.1));
        add(ptb("ptb-medium").set(HIDDEN_SIZE, 650).set(LAYERS, 2).set(NUM_STEPS, 35).set(BATCH_SIZE, 20).set(EPOCHS, 39)
                .set(LR, 1.0).set(LR_DECAY, 0.8).set(DECAY_AFTER, 6).set(KEEP_PROB, 0.5).set(MAX_GRAD_NORM, 5.0)
                .set(INIT_SCALE, 0.05));
        add(ptb("ptb-large").set(HIDDEN_SIZE, 1500).set(LAYERS, 2).set(NUM_STEPS, 35).set(BATCH_SIZE, 20).set(EPOCHS, 55)
                .set(LR, 1.0).set(LR_DECAY, 1 / 1.15).set(DECAY_AFTER, 14).set(KEEP_PROB, 0.35).set(MAX_GRAD_NORM, 10.0)
                .set(INIT_SCALE, 0.04));
        add(ptb("ptb-test").set(HIDDEN_SIZE, 2).set(LAYERS, 1).set(NUM_STEPS, 2).set(BATCH_SIZE, 20).set(EPOCHS, 1)
                .set(LR, 1.0).set(LR_DECAY, 0.5).set(DECAY_AFTER, 1).set(KEEP_PROB, 1.0).set(MAX_GRAD_NORM, 1.0)
                .set(INIT_SCALE, 0.1));
        add(named("char-udacity").set(CORPUS, TrainingRun.TEXT8_OR_SHAKESPEARE).set(TOKENIZER, TokenizerKind.CHAR_UDACITY)
                .set(INPUT, ModelConfig.Input.ONE_HOT).set(HIDDEN_SIZE, 64).set(LAYERS, 1).set(NUM_STEPS, 10).set(BATCH_SIZE, 64)
                .set(LOOP, TrainConfig.Loop.UDACITY).set(EPOCHS, 0).set(STEPS, 7001).set(LR, 10.0).set(LR_DECAY, 0.1)
                .set(DECAY_AFTER, 0).set(DECAY_EVERY, 5000).set(KEEP_PROB, 1.0).set(MAX_GRAD_NORM, 1.25)
                .set(LOSS, LossScaling.MEAN_OVER_STEPS).set(INIT, TrainConfig.Init.TRUNCATED_NORMAL).set(INIT_MEAN, -0.1)
                .set(INIT_SCALE, 0.1));
        //  H = 512 x 2 layers, T = 100, B = 32: 5,000 to 6,300 characters per second on two shared cores, so 9 epochs
        //  fit in 30 minutes; Adam at 3e-3 for 3 epochs, then x 0.7 per epoch; dropout keep 0.8 (nanoGPT's 0.2 on this
        //  corpus). A forget bias of 1 (char-rnn's) kept the first epoch on the unigram plateau longer (valid loss 2.10
        //  after epoch 1 against 1.86 without), so it stays 0.
        add(named("shakespeare-char").set(CORPUS, "tinyshakespeare").set(TOKENIZER, TokenizerKind.CHAR_CODEPOINT)
                .set(INPUT, ModelConfig.Input.ONE_HOT).set(HIDDEN_SIZE, 512).set(LAYERS, 2).set(NUM_STEPS, 100)
                .set(BATCH_SIZE, 32).set(EPOCHS, 9).set(OPTIMIZER, TrainConfig.OptimizerKind.ADAM).set(LR, 3e-3)
                .set(LR_DECAY, 0.7).set(DECAY_AFTER, 3).set(KEEP_PROB, 0.8).set(MAX_GRAD_NORM, 5.0)
                .set(LOSS, LossScaling.MEAN_OVER_STEPS).set(INIT_SCALE, 0.08));
    }

    private Presets() {}

    /** A preset's settings so far: its name and seed 1; every option it does not set takes its fallback. */
    private static TrainConfig.Builder named(String name) {
        return TrainConfig.builder().set(PRESET, name).set(SEED, DEFAULT_SEED);
    }

    /** ptb_word_lm.py's recipe on the Penn Treebank: the loss summed over the window's steps, as TF's. */
    private static TrainConfig.Builder ptb(String name) {
        return named(name).set(CORPUS, "ptb").set(LOSS, LossScaling.SUM_OVER_STEPS);
    }

    private static void add(TrainConfig.Builder b) {
        TrainConfig c = b.build();
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
