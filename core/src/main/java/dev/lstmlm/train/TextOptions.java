package dev.lstmlm.train;

import static dev.lstmlm.train.TrainOption.Kind.BOOLEAN;
import static dev.lstmlm.train.TrainOption.Kind.INT;
import static dev.lstmlm.train.TrainOption.Kind.TEXT;

import dev.lstmlm.UserError;
import dev.lstmlm.data.LineSplit;
import dev.lstmlm.data.VocabLimits;
import dev.lstmlm.data.WordRules;
import dev.lstmlm.train.TrainOption.Kind;
import java.util.List;

/**
 * The options that say how a raw text becomes a corpus: the word rules ({@link WordRules}), the
 * vocabulary limits ({@link VocabLimits}) and which texts train, validate and test. Part of
 * {@link TrainOptions#ALL}; each is written to a config only when it differs from its fallback, so
 * the configs of runs that predate them read unchanged.
 */
public final class TextOptions {
    private TextOptions() {}

    public static final TrainOption<WordRules.Tokenize> TOKENIZE = TrainOption.of("tokenize",
            Kind.choice(WordRules.Tokenize.class, WordRules.Tokenize.values(), WordRules.Tokenize::id),
            WordRules.Tokenize.WHITESPACE, "KIND", "Word models: whitespace (TF reader.py, the PTB presets') or text (raw"
                    + " prose: letters and digits with inner ' and - are words, every other symbol its own: \"Elizabeth,\""
                    + " gives \" Elizabeth , \").", v -> true, "");
    public static final TrainOption<Boolean> LOWERCASE = TrainOption.of("lowercase", BOOLEAN, false, "[true|false]",
            "Word models: lower-case every word.", v -> true, "");
    public static final TrainOption<WordRules.Eos> EOS = TrainOption.of("eos",
            Kind.choice(WordRules.Eos.class, WordRules.Eos.values(), WordRules.Eos::id), WordRules.Eos.LINE, "WHERE",
            "Word models: <eos> at every line end (line, PTB), only at paragraph ends before a blank line (paragraph, for"
                    + " hard-wrapped prose) or never (none).", v -> true, "");
    public static final TrainOption<Integer> VOCAB_SIZE = TrainOption.of("vocab_size", INT, 0, "N",
            "Word models: keep the N-1 most frequent words plus <unk> (0 = every word).", v -> v == 0 || v >= 2,
            "must be 0 or at least 2");
    public static final TrainOption<Integer> MIN_COUNT = TrainOption.of("min_count", INT, 0, "K",
            "Word models: words seen fewer than K times become <unk>.", v -> v >= 0, "must be 0 or more");
    public static final TrainOption<String> SPLIT = TrainOption.of("split", TEXT, "", "F[,V]",
            "Cut a single-file corpus at line ends: 0.9 (train / valid) or 0.8,0.1 (train / valid / test).",
            s -> s.isEmpty() || valid(s), "must be a fraction such as 0.9 or two such as 0.8,0.1");
    public static final TrainOption<String> TRAIN = TrainOption.of("train", TEXT, "", "FILE",
            "The training text (the same as --corpus FILE).", s -> true, "");
    public static final TrainOption<String> VALID = TrainOption.of("valid", TEXT, "", "FILE",
            "The validation text (default: NAME.valid.txt beside a NAME.train.txt corpus, or the --split part).", s -> true, "");
    public static final TrainOption<String> TEST = TrainOption.of("test", TEXT, "", "FILE",
            "The test text, scored at the end (default: NAME.test.txt beside a NAME.train.txt corpus, or the --split part).",
            s -> true, "");

    /** In the order of config.json, after the other options. */
    public static final List<TrainOption<?>> ALL = List.of(TOKENIZE, LOWERCASE, EOS, VOCAB_SIZE, MIN_COUNT, SPLIT, TRAIN, VALID, TEST);

    /** The word rules of {@code config}. */
    public static WordRules rules(TrainConfig config) {
        return new WordRules(config.get(TOKENIZE), config.get(LOWERCASE), config.get(EOS));
    }

    /** The vocabulary limits of {@code config}. */
    public static VocabLimits limits(TrainConfig config) {
        return new VocabLimits(config.get(VOCAB_SIZE), config.get(MIN_COUNT));
    }

    /** The checks that involve other options; a {@link UserError} naming the flag to change. */
    static void check(TrainConfig config) {
        boolean words = !config.tokenizer().isCharacterLevel();
        if (!words) {
            for (TrainOption<?> o : List.of(TOKENIZE, LOWERCASE, EOS, VOCAB_SIZE, MIN_COUNT, VALID, TEST)) {
                if (!config.get(o).equals(o.fallback())) {
                    throw new UserError(o.flag() + " applies to word models, but the tokenizer is " + config.tokenizer().id()
                            + "; leave it out or train a word model (--tokenizer word)");
                }
            }
        }
        if (!config.get(SPLIT).isEmpty() && !(config.get(VALID).isEmpty() && config.get(TEST).isEmpty())) {
            throw new UserError("--split cuts one file into parts, so it cannot be combined with --valid or --test; use one or the other");
        }
    }

    private static boolean valid(String split) {
        try {
            LineSplit.parse(split);
            return true;
        } catch (UserError e) {
            return false;
        }
    }
}
