package dev.lstmlm.data;

import dev.lstmlm.UserError;

/**
 * How a single-file character corpus is cut into a training and a validation part.
 * <ul>
 *   <li>{@link #udacity()}: the first 1000 characters are the validation text and the rest the
 *       training text ({@code valid_size = 1000} in the Udacity {@code 6_lstm} notebook);</li>
 *   <li>{@link #fraction(double)}: the first {@code floor(n * f)} characters train, the rest
 *       validate (e.g. 0.9 for Tiny Shakespeare).</li>
 * </ul>
 */
public sealed interface CharSplit {

    /** Positions {@code [trainFrom, trainTo)} train, {@code [validFrom, validTo)} validate. */
    record Parts(int trainFrom, int trainTo, int validFrom, int validTo) {}

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

    /** The split of the Udacity notebook: 1000 validation characters first. */
    static CharSplit udacity() {
        return new ValidFirst(1000);
    }

    /** The first {@code trainFraction} of the text trains, the rest validates. */
    static CharSplit fraction(double trainFraction) {
        return new TrainFraction(trainFraction);
    }
}
