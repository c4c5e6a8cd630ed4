package dev.lstmlm.cli;

import dev.lstmlm.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The first lines of the PTB splits as small.{train,valid,test}.txt in a temporary directory: fast end-to-end runs on real text. */
final class SmallCorpus {
    private SmallCorpus() {}

    /** Writes the files into {@code dir} and returns the training file (pass it as --corpus). */
    static Path create(Path dir, int trainLines, int otherLines) throws IOException {
        Path ptb = TestData.require("ptb/ptb.train.txt").getParent();
        Files.createDirectories(dir);
        for (String split : new String[] {"train", "valid", "test"}) {
            try (var lines = Files.lines(ptb.resolve("ptb." + split + ".txt"))) {
                Files.write(dir.resolve("small." + split + ".txt"),
                        lines.limit(split.equals("train") ? trainLines : otherLines).toList());
            }
        }
        return dir.resolve("small.train.txt");
    }
}
