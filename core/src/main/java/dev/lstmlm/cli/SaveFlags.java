package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import picocli.CommandLine.Option;

/** How often a training run saves and whether it prints samples: the flags of {@code train} and {@code spark train}. */
public final class SaveFlags {
    @Option(names = "--save-every-minutes", paramLabel = "M", defaultValue = "10",
            description = "Save a checkpoint at least every M minutes during an epoch (default: ${DEFAULT-VALUE}); 0 = epoch ends only.")
    double saveEveryMinutes;

    @Option(names = "--save-every-batches", paramLabel = "N", defaultValue = "0", hidden = true,
            description = "Also save a checkpoint every N updates (used by the resume tests).")
    int saveEveryBatches;

    @Option(names = "--no-samples", description = "Do not print generated samples in the log (after each epoch, or every 1000 steps).")
    boolean noSamples;

    /** Checks the values; a {@link UserError} names a bad one. */
    public SaveFlags check() {
        if (!(saveEveryMinutes >= 0)) throw new UserError("--save-every-minutes must be 0 or more, not " + saveEveryMinutes);
        if (saveEveryBatches < 0) throw new UserError("--save-every-batches must be 0 or more, not " + saveEveryBatches);
        return this;
    }

    public double minutes() {
        return saveEveryMinutes;
    }

    public int batches() {
        return saveEveryBatches;
    }

    public boolean samples() {
        return !noSamples;
    }
}
