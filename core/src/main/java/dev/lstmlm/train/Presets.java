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
 *
 * <p>The recipes after 2014 ({@link #RECIPES}) use the options Zaremba's presets leave off:
 *
 * <ul>
 *   <li>{@code ptb-small-tied} and {@code ptb-medium-tied} are PyTorch's word_language_model example
 *       with {@code --tied} (main.py: 2 × 200 with dropout 0.2, and {@code --emsize 650 --nhid 650
 *       --dropout 0.5}; lr 20, clip 0.25, batch 20, bptt 35, 40 epochs, rate / 4 after an epoch that
 *       does not improve validation, the mean loss, its initialization, seed 1111), with the
 *       example's element-wise dropout replaced by variational dropout of the same rate at the
 *       embedding output, between the layers and on the output (Gal and Ghahramani 2016; Inan et al.
 *       2017 train their tied models so), plus weight drop on W_hh at the same rate (AWD-LSTM).
 *   <li>{@code awd-lstm-ptb} is salesforce/awd-lstm-lm's PTB command ({@code python main.py
 *       --batch_size 20 --data data/penn --dropouti 0.4 --dropouth 0.25 --seed 141 --epoch 500})
 *       over its defaults, field for field: 3 layers of 1150 with E = 400 and the last layer 400,
 *       tied, dropout 0.4 / 0.25 / 0.4, dropoute 0.1, wdrop 0.5, α = 2, β = 1, weight decay 1.2e-6,
 *       lr 30, clip 0.25, bptt 70 variable, NT-ASGD with nonmono 5, the mean loss, its
 *       initialization. Not reproduced: validation runs with the training batch of 20 (AWD-LSTM
 *       validates with 10 rows), ASGD's step size follows the current window's length (torch's
 *       ASGD takes the previous one's), and the finetuning and cache-pointer stages are not part of it.
 * </ul>
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

    /** The presets that use the options after Zaremba et al.; the others leave every one of them off. */
    public static final List<String> RECIPES = List.of("ptb-small-tied", "ptb-medium-tied", "awd-lstm-ptb");

    static {
        add(pytorchExample("ptb-small-tied", 200, 0.2));
        add(pytorchExample("ptb-medium-tied", 650, 0.5));
        add(named("awd-lstm-ptb").set(CORPUS, "ptb").set(SEED, 141L).set(LOSS, LossScaling.MEAN_OVER_STEPS)
                .set(INIT, TrainConfig.Init.PYTORCH).set(INIT_SCALE, 0.1).set(EMBEDDING_SIZE, 400).set(HIDDEN_SIZE, 1150)
                .set(LAYERS, 3).set(TIE_WEIGHTS, true).set(NUM_STEPS, 70).set(VARIABLE_BPTT, true).set(BATCH_SIZE, 20)
                .set(EPOCHS, 500).set(LR, 30.0).set(LR_DECAY, 1.0).set(DECAY_AFTER, 0).set(MAX_GRAD_NORM, 0.25)
                .set(KEEP_PROB, 1.0).set(DROPOUT_EMB, 0.4).set(DROPOUT_LAYERS, 0.25).set(DROPOUT_OUT, 0.4)
                .set(DROPOUT_WORDS, 0.1).set(WEIGHT_DROP, 0.5).set(AR, 2.0).set(TAR, 1.0).set(WEIGHT_DECAY, 1.2e-6)
                .set(NT_ASGD, 5));
    }

    /** PyTorch's word_language_model with --tied at H = E = {@code size}, its dropout {@code p} made variational. */
    private static TrainConfig.Builder pytorchExample(String name, int size, double p) {
        return named(name).set(CORPUS, "ptb").set(SEED, 1111L).set(LOSS, LossScaling.MEAN_OVER_STEPS)
                .set(INIT, TrainConfig.Init.PYTORCH).set(INIT_SCALE, 0.1).set(HIDDEN_SIZE, size).set(LAYERS, 2)
                .set(TIE_WEIGHTS, true).set(NUM_STEPS, 35).set(BATCH_SIZE, 20).set(EPOCHS, 40).set(LR, 20.0)
                .set(LR_DECAY, 1.0).set(DECAY_AFTER, 0).set(PLATEAU_DECAY, 4.0).set(MAX_GRAD_NORM, 0.25).set(KEEP_PROB, 1.0)
                .set(DROPOUT_EMB, p).set(DROPOUT_LAYERS, p).set(DROPOUT_OUT, p).set(WEIGHT_DROP, p);
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
