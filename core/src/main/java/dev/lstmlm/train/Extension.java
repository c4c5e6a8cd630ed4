package dev.lstmlm.train;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * A resumed run that is given a new length ({@code train --resume --epochs N}, or {@code --steps N}
 * for the udacity loop): the only option a resume may change, since the epochs (steps) before the
 * end compute the same with any length. The new length goes into config.json; it may not be below
 * what the run has trained already.
 */
final class Extension {
    private Extension() {}

    /** The run's config, with {@code length} (null: unchanged) as its epochs or steps, written to config.json. */
    static TrainConfig apply(RunDirectory run, Integer length, PrintWriter out) throws IOException {
        TrainConfig config = run.readConfig();
        if (length == null) return config;
        TrainOption<Integer> option = option(config);
        int old = config.get(option);
        if (old == length) return config;
        Optional<LoopState> state = run.latestState(LoopState.reader(config.loop()));
        long done = state.map(Extension::done).orElse(0L);
        if (length < done) {
            throw new UserError(run.dir() + " has trained " + done + " " + unit(config) + " already; give " + option.flag() + " " + done
                    + " or more to continue it");
        }
        TrainConfig longer = config.with(option, length);
        run.writeConfig(longer);
        out.println(option.flag() + " " + length + ": the run's length changes from " + old + " to " + length + " " + unit(config));
        return longer;
    }

    /** A checkpoint that lies beyond the run's length (a changed file) cannot be resumed. */
    static void check(TrainConfig config, LoopState state, RunDirectory run) {
        long done = done(state);
        int length = config.get(option(config));
        if (done > length) {
            throw new UserError("the checkpoint of " + run.dir() + " is past the " + length + " " + unit(config) + " of its config.json ("
                    + done + " done); resume with " + option(config).flag() + " " + done + " or more");
        }
    }

    static TrainOption<Integer> option(TrainConfig config) {
        return config.loop() == TrainConfig.Loop.UDACITY ? TrainOptions.STEPS : TrainOptions.EPOCHS;
    }

    private static String unit(TrainConfig config) {
        return config.loop() == TrainConfig.Loop.UDACITY ? "steps" : "epochs";
    }

    /** Epochs whose training pass is complete (steps of the udacity loop). */
    static long done(LoopState s) {
        return switch (s) {
            case EpochState e -> e.epoch() - 1;
            case StepState st -> st.step();
        };
    }
}
