package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How a single-file corpus is cut into training, validation and (optionally) test parts, always at a
 * line end: {@code --split 0.9} keeps the first {@code floor(0.9 n)} of the file's n lines for training
 * and validates on the rest; {@code --split 0.8,0.1} trains on the first {@code floor(0.8 n)} lines,
 * validates on the next {@code floor(0.1 n)} and tests on the rest.
 *
 * @param train the fraction of lines that train
 * @param valid the fraction that validates when there is a test part, or 0 when the rest validates
 */
public record LineSplit(double train, double valid) {
    public LineSplit {
        if (!(train > 0 && train < 1) || !(valid >= 0 && train + valid < 1)) {
            throw new UserError("--split " + text(train, valid) + " is not a split; give the training fraction (0.9: the rest"
                    + " validates) or the training and validation fractions (0.8,0.1: the rest is the test text), each above 0"
                    + " and together below 1");
        }
    }

    /** {@code "0.9"} or {@code "0.8,0.1"}. */
    public static LineSplit parse(String spec) {
        String[] parts = spec.split(",", -1);
        try {
            if (parts.length == 1) return new LineSplit(Double.parseDouble(parts[0].trim()), 0);
            if (parts.length == 2) {
                double valid = Double.parseDouble(parts[1].trim());
                if (valid > 0) return new LineSplit(Double.parseDouble(parts[0].trim()), valid);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--split \"" + spec + "\" is not a split; give the training fraction (0.9: the rest validates)"
                + " or the training and validation fractions (0.8,0.1: the rest is the test text)");
    }

    public boolean hasTest() {
        return valid > 0;
    }

    /** The parts of {@code file}: train, valid and (with a test part) test, each at least one line. */
    public WordText[] parts(Path file) {
        long[] counts = lineCounts(lines(file), file);
        long trainLines = counts[0];
        long validLines = counts[1];
        WordText t = new WordText(file, 1, 1 + trainLines);
        WordText v = new WordText(file, 1 + trainLines, 1 + trainLines + validLines);
        if (!hasTest()) return new WordText[] {t, new WordText(file, v.fromLine(), Long.MAX_VALUE)};
        return new WordText[] {t, v, new WordText(file, v.toLine(), Long.MAX_VALUE)};
    }

    /** How many of {@code n} lines train, validate and test; each part gets at least one or it is an error naming {@code source}. */
    long[] lineCounts(long n, Object source) {
        long trainLines = (long) Math.floor(n * train);
        long validLines = hasTest() ? (long) Math.floor(n * valid) : n - trainLines;
        long testLines = n - trainLines - validLines;
        if (trainLines < 1 || validLines < 1 || (hasTest() && testLines < 1)) {
            throw new UserError(source + " has " + n + " lines, too few to give every part of --split " + text(train, valid)
                    + " at least one line; use a longer text or other fractions");
        }
        return new long[] {trainLines, validLines, testLines};
    }

    /** The number of lines of {@code file}: its line ends, plus one for text after the last. */
    static long lines(Path file) {
        Utf8Reader.requireTextFile(file);
        long n = 0;
        int last = '\n';
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') n++;
                }
                last = buf[r - 1];
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
        return last == '\n' ? n : n + 1;
    }

    @Override
    public String toString() {
        return text(train, valid);
    }

    private static String text(double train, double valid) {
        return valid > 0 ? String.format(Locale.ROOT, "%s,%s", fmt(train), fmt(valid)) : fmt(train);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
