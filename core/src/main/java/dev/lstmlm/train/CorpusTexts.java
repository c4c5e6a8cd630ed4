package dev.lstmlm.train;

import dev.lstmlm.data.LineSplit;
import dev.lstmlm.data.TextCorpus;
import dev.lstmlm.data.WordFiles;
import dev.lstmlm.data.WordText;
import java.nio.file.Path;

/**
 * Which texts a word run trains, validates and tests on, from its config: the training text is
 * {@code --train} or else {@code --corpus}; {@code --split} cuts it at line ends
 * ({@link LineSplit}); otherwise {@code --valid} and {@code --test} name the other texts, and
 * without them a {@code NAME.train.txt} takes {@code NAME.valid.txt} and {@code NAME.test.txt}
 * beside it when they exist ({@link WordFiles#resolve}).
 */
final class CorpusTexts {
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
}
