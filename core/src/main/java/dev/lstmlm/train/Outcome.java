package dev.lstmlm.train;

import java.nio.file.Path;

/** How a training session ended: the run finished, or it stopped with a checkpoint to resume from. */
public sealed interface Outcome permits Outcome.Completed, Outcome.Interrupted {

    /**
     * @param testPpl null without a test text (and for the udacity loop, which has none)
     * @param bestValidPpl the validation perplexity of the model kept (the udacity loop's last)
     * @param bestEpoch the epoch of that model; 0 for the udacity loop
     * @param stoppedBy the budget flag that ended the run early ("--max-minutes 30"), null when it ran its length
     */
    record Completed(Double testPpl, Double bestValidPpl, int bestEpoch, double totalSeconds, String stoppedBy)
            implements Outcome {
        public Completed(Double testPpl, Double bestValidPpl, int bestEpoch, double totalSeconds) {
            this(testPpl, bestValidPpl, bestEpoch, totalSeconds, null);
        }
    }

    record Interrupted(Path checkpoint) implements Outcome {}
}
