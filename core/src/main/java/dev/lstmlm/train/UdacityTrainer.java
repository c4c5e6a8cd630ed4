package dev.lstmlm.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.data.UdacityBatcher;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The training loop of the LSTM section of the Udacity Deep Learning notebook {@code 6_lstm.ipynb}:
 * {@code steps} updates, each on the next {@code numUnrollings + 1} batches of its BatchGenerator
 * ({@link UdacityBatcher}), the LSTM state carried from each update into the next and never reset;
 * the gradient of the mean cross-entropy over batch × unrollings, clipped by global norm, and a
 * plain SGD step with the rate decayed by steps ({@link StepDecay}).
 *
 * <p>Every {@value #REPORT_EVERY} steps (step 0 included) it reports as the notebook does: the mean
 * loss since the last report (the loss of step 0 alone at step 0), the learning rate, the minibatch
 * perplexity of that step's batch and the validation perplexity ({@link Evaluator#cyclic}); every
 * {@value #SAMPLE_EVERY} steps also {@value #SAMPLES} samples of {@value #SAMPLE_CHARS} characters,
 * each from a random first letter and a reset state. The notebook measures validation at every
 * report, and so does this loop.
 *
 * <p>One more detail keeps it faithful: the notebook's LSTM has one bias per gate, while this
 * model has PyTorch's two ({@code bias_ih} and {@code bias_hh}). Both start at 0; the gradient of
 * {@code bias_hh} is dropped before each update, so that it stays 0 and {@code bias_ih} moves as
 * the notebook's single bias does (two trained biases would move their sum twice as fast and count
 * twice in the clipped norm).
 *
 * <p>The batch position follows from the number of updates ({@link UdacityBatcher#seek}), and the
 * samples are seeded from the step, so a run resumed from a checkpoint computes what it would have
 * computed without the pause, given the same thread count. What it shares with the epoch loop
 * (saving, divergence, timing, the summary) is {@link TrainingLoop}'s.
 */
public final class UdacityTrainer extends TrainingLoop<StepState> {
    /** The notebook's {@code summary_frequency}. */
    static final int REPORT_EVERY = 100;
    /** The notebook samples at every tenth report. */
    static final int SAMPLE_EVERY = 1000;
    static final int SAMPLES = 5;
    static final int SAMPLE_CHARS = 80;
    /** Steps per window of the validation pass; any value gives the same result. */
    private static final int VALID_CHUNK = 100;

    private final List<ParameterStore.View> frozen = new ArrayList<>();
    private final Schedule.Steps steps;

    // where the run stands; see StepState
    private double lossSum;
    private long lossCount;
    private double lastValidPpl = Double.NaN;
    /** When and at which step the last report (or this session) began, for the time per step. */
    private long intervalStartNanos;
    private long intervalStartStep;

    public UdacityTrainer(TrainableModel model, TrainConfig config, Texts texts, CheckpointMetadata metadata,
                          RunDirectory run, LoopSettings settings, PrintWriter out, BooleanSupplier stop, LongSupplier clock) {
        if (texts.valid() == null) throw new IllegalArgumentException("the udacity loop needs a validation text");
        super(model, config, texts, metadata, run, settings, out, false, stop, clock,
                new int[] {config.layers(), config.batchSize(), config.hiddenSize()}, StepState::fromJson);
        if (!(config.schedule() instanceof Schedule.Steps s)) {
            throw new IllegalArgumentException("this loop trains by updates but the config's loop is " + config.loop());
        }
        this.steps = s;
        for (ParameterStore.View v : model.params().views()) {
            if (v.name().startsWith("rnn.bias_hh_l")) frozen.add(v);
        }
    }

    @Override
    Outcome train(StepState start, LanguageModel.State carried) throws IOException {
        lossSum = start.lossSum();
        lossCount = start.lossCount();
        lastValidPpl = start.lastValidPpl();
        beginSession(start);
        intervalStartNanos = sessionStartNanos();
        intervalStartStep = step;
        run.keepMetricsBefore("step", step);

        int b = config.batchSize();
        int t = config.numSteps();
        UdacityBatcher batcher = new UdacityBatcher(texts.train(), b, t);
        batcher.seek(step);
        int[] x = new int[t * b]; // (T,B)
        int[] y = new int[t * b]; // (T,B)
        LearningRateSchedule schedule = config.rates();
        float lossScale = config.loss().scale(t);

        while (step < steps.steps()) {
            String budget = budgetReached();
            if (budget != null) return stopAtBudget(budget, carried);
            long s = step; // the notebook's step: updates made before this one
            double lr = schedule.rate(1, s);
            batcher.next(x, y);
            double cost = update(x, y, t, carried, lossScale, lr, lr, () -> "step " + s);
            double loss = cost / t; // the mean over batch × unrollings
            lossSum += loss;
            lossCount++;
            if (s % REPORT_EVERY == 0) report(s, lr, loss);
            long now = clock.getAsLong();
            if (stop.getAsBoolean()) return new Outcome.Interrupted(save(carried));
            saveIfDue(carried, now, s % SAMPLE_EVERY == 0, step == steps.steps());
        }
        save(carried);
        return finish(null);
    }

    /** The notebook's single bias per gate: bias_hh stays 0 (see the class comment). */
    @Override
    void beforeStep(ParameterStore params) {
        for (ParameterStore.View v : frozen) Arrays.fill(params.grads(), v.offset(), v.offset() + v.size(), 0f);
    }

    /** Ends the session at its {@link Budget}: a resume point, the validation of the weights so far, the model and the summary. */
    private Outcome stopAtBudget(String budget, LanguageModel.State carried) throws IOException {
        save(carried);
        log.println(String.format(Locale.ROOT, "| %s reached at step %d/%d | validating the weights so far |", budget, step, steps.steps()));
        validate(step, config.rates().rate(1, step));
        return finish(budget);
    }

    /** The validation perplexity of the weights now, as the notebook's report gives it. */
    private void validate(long s, double lr) {
        // not stoppable: a resumed run starts after this step and could not report it again (it takes milliseconds)
        lastValidPpl = Evaluator.cyclic(model, texts.valid(), VALID_CHUNK, () -> false).perplexity();
        if (!Double.isFinite(lastValidPpl)) throw diverged("step " + s, "the validation perplexity is " + lastValidPpl, lr);
    }

    private void report(long s, double lr, double loss) throws IOException {
        double meanLoss = lossSum / lossCount;
        lossSum = 0;
        lossCount = 0;
        double minibatchPpl = Math.exp(loss);
        List<String> lines = new ArrayList<>();
        if (s % SAMPLE_EVERY == 0 && settings.sample() != null) {
            long seed = config.seed() * 1_000_003L + s;
            for (int i = 0; i < SAMPLES; i++) lines.add(settings.sample().text().apply(seed + i));
            log.samples(String.format(Locale.ROOT, "samples at step %d (%d %s each, seeds %d to %d)", s,
                    settings.sample().length(), settings.sample().unit(), seed, seed + SAMPLES - 1), lines);
        }
        validate(s, lr);
        double seconds = elapsedSeconds();
        long now = clock.getAsLong();
        long intervalSteps = step - intervalStartStep;
        double msPerStep = (now - intervalStartNanos) / 1e6 / Math.max(1, intervalSteps);
        intervalStartNanos = now;
        intervalStartStep = step;
        // a first step of warm-up and JIT compilation says nothing about the rest
        double etaSeconds = intervalSteps < 10 ? Double.NaN : (steps.steps() - step) * msPerStep / 1000;
        log.step(s, steps.steps(), lr, meanLoss, minibatchPpl, lastValidPpl, msPerStep, etaSeconds);
        ObjectNode line = JSON.createObjectNode();
        line.put("step", s);
        line.put("lr", lr);
        line.put("loss", meanLoss);
        line.put("minibatch_ppl", minibatchPpl);
        line.put("valid_ppl", lastValidPpl);
        line.put("elapsed_seconds", seconds);
        if (!lines.isEmpty()) lines.forEach(line.putArray("samples")::add); // for the report and the dashboard
        run.appendMetrics(line);
    }

    @Override
    StepState initialState(long rngState, int threads) {
        return StepState.start(rngState, threads);
    }

    @Override
    StepState snapshot() {
        return new StepState(step, model.rngState(), lossSum, lossCount, lastValidPpl, elapsedSeconds(), settings.threads());
    }

    @Override
    String lastUpdate() {
        return "step " + (step - 1);
    }

    @Override
    double rate() {
        return config.rates().rate(1, step);
    }

    /** @param stoppedBy the budget that ended the run early, or null */
    private Outcome.Completed finish(String stoppedBy) throws IOException {
        Checkpoint.save(run.modelFile(), model.params(), metadata);
        double total = elapsedSeconds();
        double bits = Math.log(lastValidPpl) / Math.log(2);
        ObjectNode summary = JSON.createObjectNode();
        summary.put("valid_ppl", lastValidPpl);
        summary.put("valid_bits_per_character", bits);
        finish(summary, String.format(Locale.ROOT, "%d steps | valid ppl %.2f (%.3f bits per character)", step, lastValidPpl, bits),
                total, stoppedBy);
        return new Outcome.Completed(null, lastValidPpl, 0, total, stoppedBy);
    }
}
