package dev.lstmlm.data;

import dev.lstmlm.UserError;
import java.nio.file.Path;

/**
 * How a single-file character corpus is cut into a training and a validation part.
 * <ul>
 *   <li>{@link #udacity()}: the first 1000 characters are the validation text and the rest the
 *       training text ({@code valid_size = 1000} in the Udacity {@code 6_lstm} notebook);</li>
 *   <li>{@link #fraction(double)}: the first {@code floor(n * f)} characters train, the rest
 *       validate (e.g. 0.9 for Tiny Shakespeare);</li>
 *   <li>{@link #atLines}: {@code --split}, cut at line ends as a word corpus is ({@link LineSplit}),
 *       optionally with a test part.</li>
 * </ul>
 */
public sealed interface CharSplit {

    /** Positions {@code [trainFrom, trainTo)} train, {@code [validFrom, validTo)} validate, {@code [testFrom, testTo)} test. */
    record Parts(int trainFrom, int trainTo, int validFrom, int validTo, int testFrom, int testTo) {
        /** Parts without a test text. */
        public Parts(int trainFrom, int trainTo, int validFrom, int validTo) {
            this(trainFrom, trainTo, validFrom, validTo, validTo, validTo);
        }

        public boolean hasTest() {
            return testTo > testFrom;
        }
    }

    /** The parts of an {@code n}-character text; {@code source} names the text in errors. */
    Parts parts(int n, Object source);

    /** The first {@code validChars} characters validate, the rest train. */
    record ValidFirst(int validChars) implements CharSplit {
        public ValidFirst {
            if (validChars < 1) {
                throw new UserError("the validation part needs at least 1 character, not " + validChars);
            }
        }

        @Override
        public Parts parts(int n, Object source) {
            if (n <= validChars) {
                throw new UserError(source + " has " + n + " characters; this split needs more than " + validChars
                        + " because the first " + validChars + " are the validation text");
            }
            return new Parts(validChars, n, 0, validChars);
        }
    }

    /** The first {@code floor(n * trainFraction)} characters train, the rest validate. */
    record TrainFraction(double trainFraction) implements CharSplit {
        public TrainFraction {
            if (!(trainFraction > 0 && trainFraction < 1)) {
                throw new UserError("the training fraction must lie strictly between 0 and 1, not " + trainFraction);
            }
        }

        @Override
        public Parts parts(int n, Object source) {
            int end = (int) Math.floor(n * trainFraction);
            if (end < 1 || end >= n) {
                throw new UserError(source + " has " + n + " characters, too few to give both the training fraction "
                        + trainFraction + " and the rest at least one character; use a longer text");
            }
            return new Parts(0, end, end, n);
        }
    }

    /** Parts found beforehand for a text of {@code chars} characters. */
    record Fixed(Parts parts, int chars) implements CharSplit {
        @Override
        public Parts parts(int n, Object source) {
            if (n != chars) {
                throw new UserError(source + " changed while it was being read; run the command again once it is complete");
            }
            return parts;
        }
    }

    /** {@code file} cut at the line ends {@code split} chooses, in characters (code points). */
    static CharSplit atLines(Path file, LineSplit split) {
        long[] lines = split.lineCounts(LineSplit.lines(file), file);
        long trainEnd = lines[0];
        long validEnd = lines[0] + lines[1];
        long[] at = {-1, -1};
        long[] count = {0, 0}; // characters, line ends
        CharCorpus.forEachCodePoint(file, cp -> {
            count[0]++;
            if (cp == '\n') {
                count[1]++;
                if (count[1] == trainEnd) at[0] = count[0];
                if (count[1] == validEnd) at[1] = count[0];
            }
        });
        if (count[0] > CharCorpus.MAX_CHARS) {
            throw new UserError(file + " has " + count[0] + " characters, more than the " + CharCorpus.MAX_CHARS
                    + " a character corpus can hold; use a shorter text");
        }
        int n = (int) count[0];
        int a = (int) at[0];
        Parts parts = split.hasTest() ? new Parts(0, a, a, (int) at[1], (int) at[1], n) : new Parts(0, a, a, n);
        return new Fixed(parts, n);
    }

    /** The split of the Udacity notebook: 1000 validation characters first. */
    static CharSplit udacity() {
        return new ValidFirst(1000);
    }

    /** The first {@code trainFraction} of the text trains, the rest validates. */
    static CharSplit fraction(double trainFraction) {
        return new TrainFraction(trainFraction);
    }
}
