package dev.lstmlm.cli;

import dev.lstmlm.train.Budget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags of {@code lstmlm train} that shape one session of a run without being part of its config: budgets and fine-tuning. */
final class RunFlags {
    @Option(names = "--max-minutes", paramLabel = "M",
            description = "Stop cleanly after M minutes of training in this session: save, validate, score the test text, write the summary.")
    Double maxMinutes;

    @Option(names = "--max-batches", paramLabel = "N",
            description = "Stop cleanly after N updates in this session (as --max-minutes).")
    Long maxBatches;

    @Option(names = "--init-from", paramLabel = "MODEL|RUN",
            description = "Fine-tune: start from this checkpoint's (or run's) weights and vocabulary; words it lacks become <unk>.")
    Path initFrom;

    Budget budget() {
        return Budget.of(maxMinutes, maxBatches);
    }

    /** The checkpoint to start from, or null. */
    Path initFrom() {
        return initFrom == null ? null : ModelOption.resolve(initFrom);
    }
}
