package dev.lstmlm.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** The first lines of the PTB splits as small.{train,valid,test}.txt in a folder: quick runs on real text. */
final class SmallPtb {
    private SmallPtb() {}

    /** Writes the files into {@code dir} and returns the training file (pass it as the corpus). */
    static Path create(Path dir, int trainLines, int otherLines) throws IOException {
        String env = System.getenv("LSTMLM_DATA");
        Path data = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "lstmlm");
        Path ptb = data.resolve("ptb");
        if (!Files.isRegularFile(ptb.resolve("ptb.train.txt"))) {
            String why = ptb + " has no ptb.train.txt; run lstmlm download ptb (or set LSTMLM_DATA)";
            if (System.getenv("CI") != null) Assertions.fail(why);
            Assumptions.abort(why);
        }
        Files.createDirectories(dir);
        for (String split : new String[] {"train", "valid", "test"}) {
            try (var lines = Files.lines(ptb.resolve("ptb." + split + ".txt"))) {
                Files.write(dir.resolve("small." + split + ".txt"), lines.limit(split.equals("train") ? trainLines : otherLines).toList());
            }
        }
        return dir.resolve("small.train.txt");
    }
}
