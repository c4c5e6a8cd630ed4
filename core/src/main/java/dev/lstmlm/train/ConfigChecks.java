package dev.lstmlm.train;

import static dev.lstmlm.train.TrainOptions.*;

import dev.lstmlm.UserError;
import dev.lstmlm.model.ModelConfig;

/**
 * The checks of a {@link TrainConfig} that involve several options: the loop's schedule, the
 * tokenizer the udacity loop needs, the recipes after 2014 and the size of the model. Each option's
 * own check is its {@link TrainOption}'s; these run after them.
 */
final class ConfigChecks {
    private ConfigChecks() {}

    static void check(TrainConfig c) {
        boolean udacity = c.loop() == TrainConfig.Loop.UDACITY;
        if (!udacity && c.get(EPOCHS) < 1) throw invalid(EPOCHS, "must be at least 1 but is " + c.get(EPOCHS));
        if (udacity && c.get(STEPS) < 1) throw invalid(STEPS, "must be at least 1 for the udacity loop but is " + c.get(STEPS));
        if (udacity && c.get(DECAY_EVERY) < 1) {
            throw invalid(DECAY_EVERY, "must be at least 1 for the udacity loop but is " + c.get(DECAY_EVERY));
        }
        if (udacity && !c.tokenizer().isCharacterLevel()) {
            throw invalid(LOOP, "udacity needs a character tokenizer but the tokenizer is " + c.tokenizer().id());
        }
        recipe(c, udacity);
        if (c.table().containsAll(TextOptions.ALL)) TextOptions.check(c);
        long params = 4L * c.hiddenSize() * (2L * c.hiddenSize() + 2) * c.layers();
        if (params >= Integer.MAX_VALUE / 2) {
            throw invalid(HIDDEN_SIZE, "is too large for " + c.layers() + " layers (" + params + " LSTM weights; the limit is 2^30)");
        }
    }

    /** The checks of the options after 2014 that involve other options. */
    private static void recipe(TrainConfig c, boolean udacity) {
        boolean locked = c.get(DROPOUT_EMB) > 0 || c.get(DROPOUT_LAYERS) > 0 || c.get(DROPOUT_OUT) > 0;
        if (locked && c.keepProb() < 1) {
            throw invalid(KEEP_PROB, "must be 1 when a variational dropout (--dropout-emb, --dropout-layers, --dropout-out) is on,"
                    + " since both drop the same activations, but is " + c.keepProb());
        }
        if (c.get(TIE_WEIGHTS) && c.input() != ModelConfig.Input.EMBEDDING) {
            throw invalid(TIE_WEIGHTS, "needs an embedding, but the input is one-hot");
        }
        boolean sgdOnly = c.get(WEIGHT_DECAY) > 0 || c.get(NT_ASGD) > 0;
        if (sgdOnly && c.optimizer() != TrainConfig.OptimizerKind.SGD) {
            throw invalid(c.optimizer() == TrainConfig.OptimizerKind.ADAM && c.get(NT_ASGD) > 0 ? NT_ASGD : WEIGHT_DECAY,
                    "needs --optimizer sgd, but the optimizer is " + c.optimizer().id);
        }
        if (udacity && (c.get(NT_ASGD) > 0 || c.get(VARIABLE_BPTT) || c.get(PLATEAU_DECAY) > 1)) {
            throw invalid(c.get(NT_ASGD) > 0 ? NT_ASGD : c.get(VARIABLE_BPTT) ? VARIABLE_BPTT : PLATEAU_DECAY,
                    "needs the ptb loop (epochs with validation), but the loop is udacity");
        }
        if (c.get(VARIABLE_BPTT) && c.numSteps() < 2) throw invalid(NUM_STEPS, "must be at least 2 with --variable-bptt but is " + c.numSteps());
    }

    /** The sentence of a value that fails a check: what is wrong and where to set it. */
    static UserError invalid(TrainOption<?> o, String problem) {
        return new UserError(o.key() + " " + problem + "; set " + o.flag() + " (or \"" + o.key()
                + "\" in a config file) to a valid value");
    }
}
