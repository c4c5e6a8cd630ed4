package dev.lstmlm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.data.UdacityBatcher;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * computed without the pause, given the same thread count.
 */
public final class UdacityTrainer implements TrainingLoop {
    /** The notebook's {@code summary_frequency}. */
    static final int REPORT_EVERY = 100;
    /** The notebook samples at every tenth report. */
    static final int SAMPLE_EVERY = 1000;
    static final int SAMPLES = 5;
    static final int SAMPLE_CHARS = 80;
    /** Steps per window of the validation pass; any value gives the same result. */
    private static final int VALID_CHUNK = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainableModel model;
    private final TrainConfig config;
    private final Texts texts;
    private final CheckpointMetadata metadata;
    private final RunDirectory run;
    private final Trainer.Settings settings;
    private final PrintWriter out;
    private final BooleanSupplier stop;
    private final LongSupplier clock;
    private final int[] stateShape;
    private final Optimizer optimizer;
    private final List<ParameterStore.View> frozen = new ArrayList<>();
    private final Schedule.Steps steps;

    private long step;
    private double lossSum;
    private long lossCount;
    private double lastValidPpl = Double.NaN;
    private double elapsedSecondsBefore;
    private long sessionStartNanos;
    /** When and at which step the last report (or this session) began, for the time per step. */
    private long intervalStartNanos;
    private long intervalStartStep;

    public UdacityTrainer(TrainableModel model, TrainConfig config, Texts texts, CheckpointMetadata metadata,
                          RunDirectory run, Trainer.Settings settings, PrintWriter out, BooleanSupplier stop, LongSupplier clock) {
        if (texts.valid() == null) throw new IllegalArgumentException("the udacity loop needs a validation text");
        this.model = model;
        this.config = config;
        this.texts = texts;
        this.metadata = metadata;
        this.run = run;
        this.settings = settings;
        this.out = out;
        this.stop = stop;
        this.clock = clock;
        this.stateShape = new int[] {config.layers(), config.batchSize(), config.hiddenSize()};
        this.optimizer = model.optimizer(config.newOptimizer(model.params().size(), model.compute()));
        if (!(config.schedule() instanceof Schedule.Steps s)) {
            throw new IllegalArgumentException("this loop trains by updates but the config's loop is " + config.loop());
        }
        this.steps = s;
        for (ParameterStore.View v : model.params().views()) {
            if (v.name().startsWith("rnn.bias_hh_l")) frozen.add(v);
        }
    }

    @Override
    public int[] stateShape() {
        return stateShape.clone();
    }

    @Override
    public Map<String, float[]> optimizerState() {
        return optimizer.state();
    }

    @Override
    public Trainer.Outcome run(TrainerState start, LanguageModel.State carried) throws IOException {
        step = start.step();
        lossSum = start.epochCost();
        lossCount = start.epochSteps();
        lastValidPpl = start.bestValidPpl();
        elapsedSecondsBefore = start.elapsedSeconds();
        sessionStartNanos = clock.getAsLong();
        intervalStartNanos = sessionStartNanos;
        intervalStartStep = step;
        model.rngState(start.rngState());
        run.keepMetricsBefore("step", step);

        int b = config.batchSize();
        int t = config.numSteps();
        UdacityBatcher batcher = new UdacityBatcher(texts.train(), b, t);
        batcher.seek(step);
        int[] x = new int[t * b]; // (T,B)
        int[] y = new int[t * b]; // (T,B)
        ParameterStore params = model.params();
        LearningRateSchedule schedule = config.rates();
        float lossScale = config.loss().scale(t);
        long lastSaveNanos = clock.getAsLong();
        long sessionStartStep = step;

        while (step < steps.steps()) {
            String budget = settings.budget().reached(step - sessionStartStep, clock.getAsLong() - sessionStartNanos);
            if (budget != null) return stopAtBudget(budget, carried);
            long s = step; // the notebook's step: updates made before this one
            double lr = schedule.rate(1, s);
            batcher.next(x, y);
            params.zeroGrads();
            double cost = model.trainWindow(x, y, t, b, carried, lossScale);
            if (!Double.isFinite(cost)) throw diverged(s, "the loss is " + cost, lr);
            for (ParameterStore.View v : frozen) java.util.Arrays.fill(params.grads(), v.offset(), v.offset() + v.size(), 0f);
            double norm = optimizer.step(params, lr, config.maxGradNorm(), s + 1);
            if (!Double.isFinite(norm)) throw diverged(s, "the gradient norm is " + norm, lr);
            step++;
            double loss = cost / t; // the mean over batch × unrollings
            lossSum += loss;
            lossCount++;
            if (s % REPORT_EVERY == 0) report(s, lr, loss);
            long now = clock.getAsLong();
            if (stop.getAsBoolean()) return new Trainer.Interrupted(save(carried));
            boolean due = s % SAMPLE_EVERY == 0 || settings.saveDue(step, now, lastSaveNanos);
            if (due && step < steps.steps()) {
                save(carried);
                lastSaveNanos = clock.getAsLong();
            }
        }
        save(carried);
        return finish(null);
    }

    /** Ends the session at its {@link Budget}: a resume point, the validation of the weights so far, the model and the summary. */
    private Trainer.Outcome stopAtBudget(String budget, LanguageModel.State carried) throws IOException {
        save(carried);
        println(String.format(Locale.ROOT, "| %s reached at step %d/%d | validating the weights so far |", budget, step, steps.steps()));
        lastValidPpl = Evaluator.cyclic(model, texts.valid(), VALID_CHUNK, () -> false).perplexity();
        if (!Double.isFinite(lastValidPpl)) throw diverged(step, "the validation perplexity is " + lastValidPpl, config.rates().rate(1, step));
        return finish(budget);
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
            println("=".repeat(10) + String.format(Locale.ROOT, " samples at step %d (%d %s each, seeds %d to %d) ", s,
                    settings.sample().length(), settings.sample().unit(), seed, seed + SAMPLES - 1) + "=".repeat(10));
            lines.forEach(this::println);
            println("=".repeat(80));
        }
        // not stoppable: a resumed run starts after this step and could not report it again (it takes milliseconds)
        lastValidPpl = Evaluator.cyclic(model, texts.valid(), VALID_CHUNK, () -> false).perplexity();
        if (!Double.isFinite(lastValidPpl)) throw diverged(s, "the validation perplexity is " + lastValidPpl, lr);
        double seconds = elapsedSeconds();
        long now = clock.getAsLong();
        long intervalSteps = step - intervalStartStep;
        double msPerStep = (now - intervalStartNanos) / 1e6 / Math.max(1, intervalSteps);
        intervalStartNanos = now;
        intervalStartStep = step;
        println(String.format(Locale.ROOT,
                "| step %5d/%5d | lr %s | loss %.4f | minibatch ppl %6.2f | valid ppl %6.2f | ms/step %5.1f | eta %s |", s,
                steps.steps(), ProgressLog.rate(lr), meanLoss, minibatchPpl, lastValidPpl, msPerStep,
                // a first step of warm-up and JIT compilation says nothing about the rest
                ProgressLog.duration(intervalSteps < 10 ? Double.NaN : (steps.steps() - step) * msPerStep / 1000)));
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

    private void println(String line) {
        out.println(line);
        out.flush();
    }

    private double elapsedSeconds() {
        return elapsedSecondsBefore + (clock.getAsLong() - sessionStartNanos) / 1e9;
    }

    private TrainerState snapshot() {
        return new TrainerState(1, (int) step, step, model.rngState(), lossSum, lossCount, 0, lastValidPpl,
                Double.isNaN(lastValidPpl) ? 0 : 1, elapsedSeconds(), settings.threads());
    }

    private Path save(LanguageModel.State carried) throws IOException {
        for (int i = 0; i < carried.h.length; i++) {
            if (!Float.isFinite(carried.h[i]) || !Float.isFinite(carried.c[i])) {
                throw diverged(step - 1, "the LSTM state holds " + (Float.isFinite(carried.h[i]) ? carried.c[i] : carried.h[i]),
                        config.rates().rate(1, step));
            }
        }
        return run.saveCheckpoint(snapshot(), model.params(), metadata, carried, stateShape, optimizer.state());
    }

    /** @param stoppedBy the budget that ended the run early, or null */
    private Trainer.Completed finish(String stoppedBy) throws IOException {
        Checkpoint.save(run.modelFile(), model.params(), metadata);
        double total = elapsedSeconds();
        ObjectNode summary = JSON.createObjectNode();
        summary.put("valid_ppl", lastValidPpl);
        summary.put("valid_bits_per_character", Math.log(lastValidPpl) / Math.log(2));
        summary.put("updates", step);
        summary.put("total_seconds", total);
        summary.set("config", config.toJson());
        settings.describe(summary);
        summary.put("model", run.modelFile().getFileName().toString());
        if (stoppedBy != null) summary.put("stopped_by", stoppedBy);
        run.writeSummary(summary);
        println(String.format(Locale.ROOT, "| end of training%s | %d steps | valid ppl %.2f (%.3f bits per character) | total %s |",
                stoppedBy == null ? "" : " (stopped by " + stoppedBy + ")", step, lastValidPpl, Math.log(lastValidPpl) / Math.log(2),
                ProgressLog.duration(total)));
        return new Trainer.Completed(null, lastValidPpl, 0, total, stoppedBy);
    }

    /** @param s the notebook's number of the failing step */
    private UserError diverged(long s, String what, double lr) {
        String last = run.latestCheckpoint().map(p -> "the last checkpoint " + p + " is intact").orElse("no checkpoint was written yet");
        return new UserError(String.format(Locale.ROOT,
                "training diverged at step %d: %s; %s, so start a new run with a lower --lr (now %s) or --max-grad-norm (now %s)",
                s, what, last, ProgressLog.rate(lr), config.maxGradNorm()));
    }
}
