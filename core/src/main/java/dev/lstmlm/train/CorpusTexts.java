package dev.lstmlm.train;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CharCorpus;
import dev.lstmlm.data.CharSplit;
import dev.lstmlm.data.CodePointAlphabet;
import dev.lstmlm.data.DataDir;
import dev.lstmlm.data.LineSplit;
import dev.lstmlm.data.TextCorpus;
import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.data.WordFiles;
import dev.lstmlm.data.WordText;
import dev.lstmlm.model.TokenizerKind;
import java.nio.file.Path;
import java.util.List;

/**
 * Which texts a word run trains, validates and tests on, from its config: the training text is
 * {@code --train} or else {@code --corpus}; {@code --split} cuts it at line ends
 * ({@link LineSplit}); otherwise {@code --valid} and {@code --test} name the other texts, and
 * without them a {@code NAME.train.txt} takes {@code NAME.valid.txt} and {@code NAME.test.txt}
 * beside it when they exist ({@link WordFiles#resolve}). Character runs read one file, cut at line
 * ends by {@code --split}, else as the loop's recipe cuts it.
 */
final class CorpusTexts {
    /** Character corpora trained by epochs keep this fraction for training and validate on the rest (char-rnn's and nanoGPT's 90/10). */
    static final double CHAR_TRAIN_FRACTION = 0.9;

    private CorpusTexts() {}

    /** The training text of {@code config}: {@code --train}, else {@code --corpus}. */
    static String trainText(TrainConfig config) {
        String train = config.get(TextOptions.TRAIN);
        return train.isEmpty() ? config.corpus() : train;
    }

    static TextCorpus.Parts words(TrainConfig config, Path dataDir) {
        WordFiles files = WordFiles.resolve(dataDir, trainText(config));
        String split = config.get(TextOptions.SPLIT);
        if (!split.isEmpty()) {
            WordText[] parts = LineSplit.parse(split).parts(files.train());
            return new TextCorpus.Parts(files.name(), parts[0], parts[1], parts.length > 2 ? parts[2] : null);
        }
        String valid = config.get(TextOptions.VALID);
        String test = config.get(TextOptions.TEST);
        Path v = valid.isEmpty() ? files.valid() : Path.of(valid);
        Path t = test.isEmpty() ? files.test() : Path.of(test);
        return new TextCorpus.Parts(files.name(), WordText.whole(files.train()), v == null ? null : WordText.whole(v),
                t == null ? null : WordText.whole(t));
    }

    /** The texts of a run, the words or symbols of its vocabulary, and the id of unknown tokens (-1: none). */
    record Loaded(Texts texts, List<String> vocabulary, int unknownId) {}

    /** The texts of {@code config} from {@code dataDir}: its words and vocabulary, or its characters and alphabet. */
    static Loaded load(TrainConfig config, Path dataDir) {
        if (config.tokenizer() == TokenizerKind.WORD) {
            WordCorpus corpus = TextCorpus.load(words(config, dataDir), TextOptions.rules(config),
                    TextOptions.limits(config), DataDir.cacheRoot());
            return new Loaded(new Texts(corpus.train(), corpus.valid().orElse(null), corpus.test().orElse(null)),
                    corpus.vocabulary().words(), corpus.vocabulary().unkId());
        }
        CharAlphabet.Kind kind = config.tokenizer() == TokenizerKind.CHAR_UDACITY ? CharAlphabet.Kind.LETTERS
                : CharAlphabet.Kind.CODEPOINTS;
        Path file = CharCorpus.locate(dataDir, config.corpus());
        CharSplit split = !config.get(TextOptions.SPLIT).isEmpty() ? CharCorpus.lineSplit(file, config.get(TextOptions.SPLIT))
                : config.loop() == TrainConfig.Loop.UDACITY ? CharSplit.udacity() : CharSplit.fraction(CHAR_TRAIN_FRACTION);
        CharCorpus corpus = CharCorpus.load(file, kind, split);
        return new Loaded(new Texts(corpus.train(), corpus.valid(), corpus.test()), corpus.alphabet().symbols(),
                kind == CharAlphabet.Kind.CODEPOINTS ? CodePointAlphabet.UNKNOWN : -1);
    }
}
