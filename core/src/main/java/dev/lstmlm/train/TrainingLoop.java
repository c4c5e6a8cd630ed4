package dev.lstmlm.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What both training loops share ({@link Trainer} by epochs, {@link UdacityTrainer} by steps): the
 * model, texts, settings and run directory; one update with its divergence checks; resume points
 * (the finite check of the carried state, the periodic saves); the session's clock and budget; the
 * summary and the last line of the log, all printed through {@link ProgressLog}. A loop adds how it
 * draws its batches, when it validates and what it reports, and its own state record {@code S}.
 *
 * <p>Between any two updates the run can stop (on request, see {@link GracefulStop}) and later
 * continue from its checkpoint ({@link RunDirectory}) to the bit-identical result, given the same
 * thread count. A NaN or infinite loss or gradient norm stops the run before the weights change.
 */
public abstract sealed class TrainingLoop<S extends LoopState> permits Trainer, UdacityTrainer {
    static final ObjectMapper JSON = new ObjectMapper();

    final TrainableModel model;
    final TrainConfig config;
    final Texts texts;
    final CheckpointMetadata metadata;
    final RunDirectory run;
    final LoopSettings settings;
    final ProgressLog log;
    final BooleanSupplier stop;
    final LongSupplier clock;
    final Optimizer optimizer;
    private final int[] stateShape;
    /** Parses a state.json of this loop; throws IllegalArgumentException naming a bad field. */
    private final Function<JsonNode, S> stateReader;

    /** Updates made so far over the whole run. */
    long step;
    private double elapsedSecondsBefore;
    private long sessionStartNanos;
    private long sessionStartStep;
    private long lastSaveNanos;
    /** The model's parameters, taken when the session begins. */
    private ParameterStore params;

    /**
     * @param live whether {@code out} is a terminal (live progress line) or a log file
     * @param stop polled between updates; true makes the run save and return {@link Outcome.Interrupted}
     * @param clock nanosecond time source
     * @param stateShape the shape of the carried h and c: (L,B,H)
     * @param stateReader the parser of this loop's state.json
     */
    TrainingLoop(TrainableModel model, TrainConfig config, Texts texts, CheckpointMetadata metadata, RunDirectory run,
                 LoopSettings settings, PrintWriter out, boolean live, BooleanSupplier stop, LongSupplier clock, int[] stateShape,
                 Function<JsonNode, S> stateReader) {
        this.model = model;
        this.config = config;
        this.texts = texts;
        this.metadata = metadata;
        this.run = run;
        this.settings = settings;
        this.log = new ProgressLog(out, live, metadata.tokenizer().isCharacterLevel());
        this.stop = stop;
        this.clock = clock;
        this.stateShape = stateShape;
        this.stateReader = stateReader;
        this.optimizer = model.optimizer(config.newOptimizer(model.params().size(), model.compute()));
    }

    /**
     * Trains from {@code start} (with {@code carried}, the LSTM state to continue from) until the end
     * or a stop request. Throws {@link UserError} when the run diverges.
     */
    public final Outcome run(S start, LanguageModel.State carried) throws IOException {
        try {
            return train(start, carried);
        } finally {
            log.endLine(); // "stopped; ..." or an error then starts on its own line
        }
    }

    abstract Outcome train(S start, LanguageModel.State carried) throws IOException;

    /** The state of a run of this loop that has not trained yet. */
    abstract S initialState(long rngState, int threads);

    /** Where the run stands now, for its next resume point. */
    abstract S snapshot();

    /** The update just made, for a divergence found when saving ("epoch 2, batch 17 (update 117)", "step 116"). */
    abstract String lastUpdate();

    /** The learning rate now, named in the message of a divergence. */
    abstract double rate();

    /** Changes the gradient before the optimizer's step; by default, nothing. */
    void beforeStep(ParameterStore params) {}

    /** Adds to a summary of a run its budget stopped where it stopped, beside {@code stopped_by}; by default, nothing. */
    void stopPosition(ObjectNode summary) {}

    /** The shape of the carried state h and c: (L,B,H). */
    public final int[] stateShape() {
        return stateShape.clone();
    }

    /** The optimizer's state arrays, to be filled from a checkpoint before {@link #run} resumes. */
    public Map<String, float[]> optimizerState() {
        return optimizer.state();
    }

    /** Loads the run's latest checkpoint into the model, {@code carried} and the optimizer; returns where it stood. */
    final S restore(LanguageModel.State carried) {
        return run.restore(model.params(), carried, stateShape, optimizerState(), stateReader);
    }

    /** Starts this session's clock, budget and save timer at {@code start}, and the model's dropout stream. */
    final void beginSession(S start) {
        step = start.step();
        elapsedSecondsBefore = start.elapsedSeconds();
        sessionStartNanos = clock.getAsLong();
        sessionStartStep = step;
        model.rngState(start.rngState());
        params = model.params();
        lastSaveNanos = clock.getAsLong();
    }

    /** When this session began, on the run's clock. */
    final long sessionStartNanos() {
        return sessionStartNanos;
    }

    /** The budget flag this session has reached ("--max-minutes 30"), or null. */
    final String budgetReached() {
        return settings.budget().reached(step - sessionStartStep, clock.getAsLong() - sessionStartNanos);
    }

    /** Training time of the whole run so far. */
    final double elapsedSeconds() {
        return elapsedSecondsBefore + (clock.getAsLong() - sessionStartNanos) / 1e9;
    }

    /**
     * One update on the window in x and y (T = {@code steps}): the gradient of the window's cost, scaled
     * by {@code lossScale}, {@link #beforeStep}, and the optimizer's step at {@code stepRate}; counts it.
     * A loss or a gradient norm that is not finite ends the run, the weights unchanged.
     *
     * @param lr the rate of the schedule, named in the message
     * @param at the update, for that message
     * @return the window's cost (nats, summed over T, mean over B)
     */
    final double update(int[] x, int[] y, int steps, LanguageModel.State carried, float lossScale, double lr, double stepRate,
                        Supplier<String> at) {
        // the session's params, not model.params(): a model whose windows run on workers (the spark
        // module's) gathers their parameters each time they are asked for
        params.zeroGrads();
        double cost = model.trainWindow(x, y, steps, config.batchSize(), carried, lossScale);
        if (!Double.isFinite(cost)) throw diverged(at.get(), "the loss is " + cost, lr);
        beforeStep(params);
        double norm = optimizer.step(params, stepRate, config.maxGradNorm(), step + 1);
        if (!Double.isFinite(norm)) throw diverged(at.get(), "the gradient norm is " + norm, lr);
        step++;
        return cost;
    }

    /** A resume point now, and the save timer restarted. */
    final void checkpoint(LanguageModel.State carried) throws IOException {
        save(carried);
        lastSaveNanos = clock.getAsLong();
    }

    /**
     * A resume point when the settings make one due after this update ({@code nowNanos}) or when
     * {@code forced}, unless {@code last}: the loop saves after its last update anyway.
     */
    final void saveIfDue(LanguageModel.State carried, long nowNanos, boolean forced, boolean last) throws IOException {
        boolean due = forced || settings.saveDue(step, nowNanos, lastSaveNanos);
        if (due && !last) checkpoint(carried);
    }

    /** Saves a resume point (see {@link RunDirectory#saveCheckpoint}); a carried state that is not finite ends the run instead. */
    final Path save(LanguageModel.State carried) throws IOException {
        for (int i = 0; i < carried.h.length; i++) {
            if (!Float.isFinite(carried.h[i]) || !Float.isFinite(carried.c[i])) {
                throw diverged(lastUpdate(), "the LSTM state holds " + (Float.isFinite(carried.h[i]) ? carried.c[i] : carried.h[i]), rate());
            }
        }
        return run.saveCheckpoint(snapshot(), model.params(), metadata, carried, stateShape, optimizerState());
    }

    /** The one sentence of a diverged run; {@code at} says where ("step 41", "epoch 2, validation (update 90)"). */
    final UserError diverged(String at, String what, double lr) {
        String last = run.latestCheckpoint().map(p -> "the last checkpoint " + p + " is intact").orElse("no checkpoint was written yet");
        return new UserError(String.format(Locale.ROOT,
                "training diverged at %s: %s; %s, so start a new run with a lower --lr (now %s) or --max-grad-norm (now %s)",
                at, what, last, ProgressLog.rate(lr), config.maxGradNorm()));
    }

    /**
     * Completes a summary that holds the loop's results with what every summary holds (updates, time,
     * config, what it ran on, the model file, the budget that stopped it), writes it, and prints the
     * log's last line with {@code results} in it.
     */
    final void finish(ObjectNode summary, String results, double totalSeconds, String stoppedBy) throws IOException {
        summary.put("updates", step);
        summary.put("total_seconds", totalSeconds);
        summary.set("config", config.toJson());
        settings.describe(summary);
        summary.put("model", run.modelFile().getFileName().toString());
        if (stoppedBy != null) {
            summary.put("stopped_by", stoppedBy);
            stopPosition(summary);
        }
        run.writeSummary(summary);
        log.println(String.format(Locale.ROOT, "| end of training%s | %s | total %s |",
                stoppedBy == null ? "" : " (stopped by " + stoppedBy + ")", results, ProgressLog.duration(totalSeconds)));
    }

    static void putNullable(ObjectNode n, String key, Double value) {
        if (value == null) n.putNull(key); else n.put(key, value);
    }
}
