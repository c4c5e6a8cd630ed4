package dev.lstmlm.train;

import dev.lstmlm.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named training configs. The PTB ones are the SmallConfig, MediumConfig, LargeConfig and TestConfig
 * classes of TensorFlow's ptb_word_lm.py (Zaremba, Sutskever and Vinyals 2014, "Recurrent Neural
 * Network Regularization"), field for field, trained on the Penn Treebank with seed 1.
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
