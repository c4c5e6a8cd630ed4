package dev.lstmlm.train;

import dev.lstmlm.UserError;
import java.util.Locale;

/**
 * How much one session of training may do before it stops cleanly ({@code --max-minutes},
 * {@code --max-batches}): the loop then saves a resume point, validates the weights it has, scores
 * the test text if there is one and writes the summary, which says which budget stopped it. The
 * budget counts this session only (from the start or the resume); it is not part of the run's
 * config, so a resumed run gets the budget of its own command line.
 *
 * @param maxMinutes wall-clock minutes of training in this session; 0 for no limit
 * @param maxBatches updates in this session; 0 for no limit
 */
public record Budget(double maxMinutes, long maxBatches) {
    /** No limit. */
    public static final Budget NONE = new Budget(0, 0);

    public Budget {
        if (!(maxMinutes >= 0) || Double.isInfinite(maxMinutes)) {
            throw new UserError("--max-minutes must be a number of minutes above 0, not " + maxMinutes);
        }
        if (maxBatches < 0) throw new UserError("--max-batches must be at least 1, not " + maxBatches);
    }

    /** A budget from the command line's flags; null means no limit. */
    public static Budget of(Double maxMinutes, Long maxBatches) {
        if (maxMinutes != null && !(maxMinutes > 0)) throw new UserError("--max-minutes must be above 0, not " + maxMinutes);
        if (maxBatches != null && maxBatches < 1) throw new UserError("--max-batches must be at least 1, not " + maxBatches);
        return new Budget(maxMinutes == null ? 0 : maxMinutes, maxBatches == null ? 0 : maxBatches);
    }

    /**
     * The flag whose limit is reached after {@code updates} updates and {@code nanos} of this session,
     * e.g. "--max-minutes 30", or null while training may go on.
     */
    String reached(long updates, long nanos) {
        if (maxBatches > 0 && updates >= maxBatches) return "--max-batches " + maxBatches;
        if (maxMinutes > 0 && nanos >= maxMinutes * 60e9) {
            return "--max-minutes " + (maxMinutes == Math.rint(maxMinutes) ? Long.toString((long) maxMinutes)
                    : String.format(Locale.ROOT, "%s", maxMinutes));
        }
        return null;
    }
}
