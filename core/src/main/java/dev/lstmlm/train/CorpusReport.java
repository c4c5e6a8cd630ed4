package dev.lstmlm.train;

import dev.lstmlm.UserError;
import dev.lstmlm.data.TextCorpus;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordRules;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run says about its texts before training: the size of the validation and test texts and
 * the share of their tokens the model reads as unknown ({@code valid: 73,760 tokens, 2.1% <unk>}),
 * or, once, that there is no validation text and which flag adds one. Also what the checkpoint
 * records about how the texts were read.
 */
final class CorpusReport {
    private CorpusReport() {}

    /** The extra checkpoint metadata of a run: its config, and for word models the rules that read its texts. */
    static Map<String, String> metadata(TrainConfig config) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("train_config", config.toJson().toString());
        if (!config.tokenizer().isCharacterLevel()) extra.put(WordRules.METADATA_KEY, TextOptions.rules(config).toJson().toString());
        return extra;
    }

    /** A model needs at least two tokens to choose between; a one-token vocabulary is a text of only whitespace. */
    static void requireVocabulary(TrainConfig config, int size) {
        if (size >= 2) return;
        boolean chars = config.tokenizer().isCharacterLevel();
        throw new UserError("the training text " + CorpusTexts.trainText(config) + " has " + size + (chars ? " distinct character"
                : " distinct word") + (size == 1 ? "" : "s") + " (it is all whitespace), but a language model needs at least 2;"
                + " train on a text with words in it");
    }

    /** Prints the size and unknown share of the validation and test texts, or that the run has no validation. */
    static void texts(PrintWriter out, TrainConfig config, Texts texts, int unknownId) {
        boolean chars = config.tokenizer().isCharacterLevel();
        if (texts.valid() == null) {
            out.println("no validation text: model.safetensors will hold the last epoch; add one with "
                    + (chars ? "--split 0.9" : "--split 0.9, or --valid FILE") + (chars ? "" : " (or a NAME.valid.txt beside a NAME.train.txt corpus)"));
        } else {
            out.println(line("valid", texts.valid(), unknownId, chars));
        }
        if (texts.test() != null) out.println(line("test", texts.test(), unknownId, chars));
    }

    /** e.g. {@code valid: 73,760 tokens, 2.1% <unk>}. */
    static String line(String name, TokenSequence ids, int unknownId, boolean chars) {
        String unit = chars ? "characters" : "tokens";
        if (unknownId < 0) return String.format(Locale.ROOT, "%s: %,d %s", name, ids.size(), unit);
        long unknown = TextCorpus.count(ids, unknownId);
        return String.format(Locale.ROOT, "%s: %,d %s, %.1f%% %s", name, ids.size(), unit,
                ids.size() == 0 ? 0.0 : 100.0 * unknown / ids.size(), chars ? "unknown characters" : Vocabulary.UNK);
    }
}
