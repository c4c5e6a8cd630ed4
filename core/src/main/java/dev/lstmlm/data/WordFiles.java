package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text files of a word corpus: a training file and, when there are, validation and test files.
 *
 * @param name   a short name for messages and the cache directory (e.g. {@code ptb})
 * @param train  the training text, which also defines the vocabulary
 * @param valid  the validation text, or null
 * @param test   the test text, or null
 */
public record WordFiles(String name, Path train, Path valid, Path test) {

    /**
     * The files of {@code corpus}: a registered word corpus (e.g. {@code ptb}) inside {@code dataDir},
     * or the path of a training text. For a path whose file name contains {@code train} (as in
     * {@code foo.train.txt}), the files with {@code valid} and {@code test} in its place are used as
     * validation and test texts when they exist.
     */
    public static WordFiles resolve(Path dataDir, String corpus) {
        if (Corpus.isName(corpus)) {
            Corpus c = Corpus.named(corpus);
            if (c.kind() != Corpus.Kind.WORDS) {
                throw new UserError(corpus + " is a character corpus; word-level commands need a word corpus ("
                        + Corpus.PTB.name() + ") or the path of a text file");
            }
            var paths = c.require(dataDir);
            return new WordFiles(c.name(), paths.get(0), paths.get(1), paths.get(2));
        }
        Path train = Path.of(corpus);
        if (!Files.exists(train) && !corpus.contains("/") && !corpus.contains(train.getFileSystem().getSeparator())) {
            throw new UserError("unknown corpus \"" + corpus + "\"; choose one of " + Corpus.names()
                    + ", or pass the path of a text file");
        }
        Utf8Reader.requireTextFile(train);
        String fileName = train.getFileName().toString();
        String stem = fileName.contains(".") ? fileName.substring(0, fileName.indexOf('.')) : fileName;
        return new WordFiles(stem.isEmpty() ? fileName : stem, train, sibling(train, "valid"), sibling(train, "test"));
    }

    private static Path sibling(Path train, String split) {
        String fileName = train.getFileName().toString();
        int at = fileName.lastIndexOf("train");
        if (at < 0) return null;
        Path p = train.resolveSibling(fileName.substring(0, at) + split + fileName.substring(at + "train".length()));
        return Files.isRegularFile(p) ? p : null;
    }
}
