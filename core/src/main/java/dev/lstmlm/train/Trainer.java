package dev.lstmlm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.data.PtbBatcher;
import dev.lstmlm.model.Checkpoint;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The training loop of Zaremba et al. 2014 as ptb_word_lm.py runs it: for each epoch, the learning
 * rate from the schedule; the LSTM state zeroed, then carried from window to window of
 * {@link PtbBatcher} (truncated BPTT); per window one step of the config's optimizer (plain SGD in
 * the tutorial, {@link Sgd}) on the gradient of the cost, clipped by global norm; after the epoch,
 * the validation perplexity with the training batch shape and, if asked, a short sample. At the end
 * the test perplexity with batch 1 ({@link Evaluator#sequential}). Character models (char-rnn's
 * recipe) run the same loop and are reported in loss per character and bits per character.
 *
 * <p>Between any two batches the run can stop (on request, see {@link GracefulStop}) and later
 * continue from its checkpoint ({@link RunDirectory}) to the bit-identical result, given the same
 * thread count. A NaN or infinite loss or gradient norm stops the run before the weights change.
 */
public final class Trainer implements TrainingLoop {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param threads threads of the matrix products, recorded in the summary
     * @param gemmName the matrix product implementation, recorded in the summary
     * @param saveEveryNanos a checkpoint at least this often during an epoch; 0 for epoch ends only
     * @param saveEveryBatches also a checkpoint every this many updates; 0 for none
     * @param commit the source revision, recorded in the summary; may be null
     */
    public record Settings(int threads, String gemmName, long saveEveryNanos, int saveEveryBatches, String commit,
                           SampleText sample, TrainingListener listener, Budget budget) {
        public Settings {
            if (listener == null) listener = TrainingListener.NONE;
            if (budget == null) budget = Budget.NONE;
        }

        /** Settings without a budget. */
        public Settings(int threads, String gemmName, long saveEveryNanos, int saveEveryBatches, String commit,
                        SampleText sample, TrainingListener listener) {
            this(threads, gemmName, saveEveryNanos, saveEveryBatches, commit, sample, listener, Budget.NONE);
        }

        /** Settings that print no samples. */
        public Settings(int threads, String gemmName, long saveEveryNanos, int saveEveryBatches, String commit) {
            this(threads, gemmName, saveEveryNanos, saveEveryBatches, commit, null);
        }

        /** Settings without a listener. */
        public Settings(int threads, String gemmName, long saveEveryNanos, int saveEveryBatches, String commit,
                        SampleText sample) {
            this(threads, gemmName, saveEveryNanos, saveEveryBatches, commit, sample, TrainingListener.NONE);
        }

        /** Whether a resume point is due after update {@code step}, {@code nowNanos} on the run's clock. */
        boolean saveDue(long step, long nowNanos, long lastSaveNanos) {
            return (saveEveryBatches > 0 && step % saveEveryBatches == 0)
                    || (saveEveryNanos > 0 && nowNanos - lastSaveNanos >= saveEveryNanos);
        }

        /** Adds to a run's summary what it ran on: commit, JDK, threads and kernels. */
        void describe(ObjectNode summary) {
            summary.put("commit", commit);
            summary.put("jdk", Runtime.version().toString());
            summary.put("threads", threads);
            summary.put("gemm", gemmName);
        }
    }

    /** How a run ended: finished, or stopped with a checkpoint to resume from. */
    public sealed interface Outcome permits Completed, Interrupted {}

    /**
     * @param testPpl null without a test text
     * @param stoppedBy the budget flag that ended the run early ("--max-minutes 30"), null when it ran its length
     */
    public record Completed(Double testPpl, Double bestValidPpl, int bestEpoch, double totalSeconds, String stoppedBy)
            implements Outcome {
        public Completed(Double testPpl, Double bestValidPpl, int bestEpoch, double totalSeconds) {
            this(testPpl, bestValidPpl, bestEpoch, totalSeconds, null);
        }
    }

    public record Interrupted(Path checkpoint) implements Outcome {}

    private final TrainableModel model;
    private final TrainConfig config;
    private final Texts texts;
    private final CheckpointMetadata metadata;
    private final RunDirectory run;
    private final Settings settings;
    private final ProgressLog log;
    private final BooleanSupplier stop;
    private final LongSupplier clock;
    private final int[] stateShape;
    private final Optimizer optimizer;
    private final boolean characters;
    private final int totalEpochs;
    private final LearningRateSchedule rates;
    private final EpochEnd epochEnd;

    // where the run stands; see TrainerState
    private int epoch;
    private int batch;
    private long step;
    private double epochCost;
    private long epochSteps;
    private double bestValidPpl;
    private int bestEpoch;
    private double epochSecondsBefore;
    private long epochStartNanos;
    private double elapsedSecondsBefore;
    private long sessionStartNanos;
    private long sessionStartStep;
    private double lastValidationSeconds = Double.NaN;

    /**
     * @param live whether {@code out} is a terminal (live progress line) or a log file (a line per 10%)
     * @param stop polled between batches; true makes the run save and return {@link Interrupted}
     * @param clock nanosecond time source
     */
    public Trainer(TrainableModel model, TrainConfig config, Texts texts, CheckpointMetadata metadata, RunDirectory run,
                   Settings settings, PrintWriter out, boolean live, BooleanSupplier stop, LongSupplier clock) {
        this.model = model;
        this.config = config;
        this.texts = texts;
        this.metadata = metadata;
        this.run = run;
        this.settings = settings;
        this.characters = metadata.tokenizer().isCharacterLevel();
        this.log = new ProgressLog(out, live, characters);
        this.stop = stop;
        this.clock = clock;
        this.stateShape = metadata.config().stateShape(config.batchSize());
        this.optimizer = model.optimizer(config.newOptimizer(model.params().size(), model.compute()));
        this.totalEpochs = switch (config.schedule()) {
            case Schedule.Epochs e -> e.epochs();
            case Schedule.Plateau p -> p.epochs();
            case Schedule.Steps s -> throw new IllegalArgumentException("this loop trains by epochs but the config's loop is " + config.loop());
        };
        this.rates = config.rates();
        this.epochEnd = new EpochEnd(optimizer, rates);
    }

    @Override
    public Map<String, float[]> optimizerState() {
        return epochEnd.state(optimizer.state());
    }

    @Override
    public int[] stateShape() {
        return stateShape.clone();
    }

    /**
     * Trains from {@code start} (with {@code carried}, the LSTM state to continue from) until the end
     * or a stop request. Throws {@link UserError} when the run diverges.
     */
    @Override
    public Outcome run(TrainerState start, LanguageModel.State carried) throws IOException {
        try {
            return train(start, carried);
        } finally {
            log.endLine(); // "stopped; ..." or an error then starts on its own line
        }
    }

    private Outcome train(TrainerState start, LanguageModel.State carried) throws IOException {
        load(start);
        EpochWindows windows = windows(epoch);
        int epochSize = windows.count();
        if (batch > epochSize) {
            throw new UserError("the checkpoint is at batch " + batch + " of an epoch but the training text now has only "
                    + epochSize + " batches; resume with the corpus the run started with");
        }
        run.keepMetricsBefore(epoch);
        int b = config.batchSize();
        int[] x = new int[windows.maxSteps() * b]; // (T,B)
        int[] y = new int[windows.maxSteps() * b]; // (T,B)
        ParameterStore params = model.params();
        long lastSaveNanos = clock.getAsLong();

        while (epoch <= totalEpochs) {
            double lr = rates.rate(epoch, step);
            if (windows == null) {
                windows = windows(epoch);
                epochSize = windows.count();
            }
            if (batch == 0) {
                carried.zero();
                epochCost = 0;
                epochSteps = 0;
                epochSecondsBefore = 0;
            }
            epochStartNanos = clock.getAsLong();
            while (batch < epochSize) {
                String budget = settings.budget().reached(step - sessionStartStep, clock.getAsLong() - sessionStartNanos);
                if (budget != null) return stopAtBudget(budget, carried, lr, epochSize);
                int steps = windows.steps(batch);
                windows.fill(batch, x, y);
                params.zeroGrads();
                double cost = model.trainWindow(x, y, steps, b, carried, config.loss().scale(steps));
                if (!Double.isFinite(cost)) throw diverged("batch " + (batch + 1), "the loss is " + cost, lr);
                double norm = optimizer.step(params, lr * windows.rateScale(batch), config.maxGradNorm(), step + 1);
                if (!Double.isFinite(norm)) throw diverged("batch " + (batch + 1), "the gradient norm is " + norm, lr);
                batch++;
                step++;
                epochCost += cost;
                epochSteps += steps;
                long now = clock.getAsLong();
                reportBatch(now, lr, epochSize);
                if (stop.getAsBoolean()) return new Interrupted(save(carried));
                boolean due = settings.saveDue(step, now, lastSaveNanos);
                if (due && batch < epochSize) {
                    save(carried);
                    lastSaveNanos = clock.getAsLong();
                }
            }
            double epochSeconds = epochSeconds();
            boolean averaged = epochEnd.useAverage(params);
            Double validPpl;
            try {
                validPpl = validate();
            } catch (Evaluator.Stopped e) {
                if (averaged) epochEnd.restore(params);
                return new Interrupted(save(carried));
            }
            if (validPpl != null) epochEnd.validated(validPpl, bestEpoch > 0 ? bestValidPpl : Double.NaN, averaged);
            endEpoch(lr, epochSeconds, validPpl, epochSize);
            if (averaged) epochEnd.restore(params);
            windows = null;
            save(carried);
            lastSaveNanos = clock.getAsLong();
        }
        try {
            return finish(null);
        } catch (Evaluator.Stopped e) {
            return new Interrupted(run.latestCheckpoint().orElseThrow());
        }
    }

    /**
     * Ends the session at its {@link Budget}: a resume point, then (mid-epoch) the validation of the
     * weights so far, kept as the model when they are the best yet, then the test and the summary.
     * The metrics line of the partial epoch says {@code "partial": true}; a resumed run replaces it.
     */
    private Outcome stopAtBudget(String budget, LanguageModel.State carried, double lr, int epochSize) throws IOException {
        Path checkpoint = save(carried);
        log.println(String.format(Locale.ROOT, "| %s reached at epoch %d, batch %d/%d (update %d) | %s |", budget, epoch, batch,
                epochSize, step, batch == 0 ? "the last epoch is validated" : "validating the weights so far"));
        try {
            if (batch > 0) {
                ParameterStore params = model.params();
                boolean averaged = epochEnd.useAverage(params);
                Double validPpl = validate();
                ObjectNode line = JSON.createObjectNode();
                line.put("epoch", epoch);
                line.put("partial", true);
                line.put("batches", batch);
                line.put("lr", lr);
                line.put("train_ppl", Math.exp(epochCost / epochSteps));
                if (validPpl == null) line.putNull("valid_ppl"); else line.put("valid_ppl", validPpl);
                if (validPpl != null) line.put("valid_loss", Math.log(validPpl));
                line.put("elapsed_seconds", elapsedSeconds());
                run.appendMetrics(line);
                if (validPpl == null || !(bestEpoch > 0) || validPpl < bestValidPpl) {
                    bestValidPpl = validPpl == null ? Double.NaN : validPpl;
                    bestEpoch = epoch;
                    Checkpoint.save(run.modelFile(), params, metadata);
                }
                if (averaged) epochEnd.restore(params);
            }
            return finish(budget);
        } catch (Evaluator.Stopped e) {
            return new Interrupted(checkpoint);
        }
    }

    /** The training windows of {@code epoch}: TF's fixed ones, or AWD-LSTM's variable ones drawn for this epoch. */
    private EpochWindows windows(int epoch) {
        return EpochWindows.of(texts.train(), config.batchSize(), config.numSteps(), config.variableBptt(), config.seed(), epoch);
    }

    private void load(TrainerState s) {
        epoch = s.epoch();
        batch = s.batch();
        step = s.step();
        epochCost = s.epochCost();
        epochSteps = s.epochSteps();
        epochSecondsBefore = s.epochSeconds();
        bestValidPpl = s.bestValidPpl();
        bestEpoch = s.bestEpoch();
        elapsedSecondsBefore = s.elapsedSeconds();
        sessionStartNanos = clock.getAsLong();
        sessionStartStep = step;
        model.rngState(s.rngState());
    }

    private TrainerState snapshot() {
        return new TrainerState(epoch, batch, step, model.rngState(), epochCost, epochSteps,
                batch == 0 ? 0 : epochSeconds(), bestValidPpl, bestEpoch, elapsedSeconds(), settings.threads());
    }

    private double epochSeconds() {
        return epochSecondsBefore + (clock.getAsLong() - epochStartNanos) / 1e9;
    }

    private double elapsedSeconds() {
        return elapsedSecondsBefore + (clock.getAsLong() - sessionStartNanos) / 1e9;
    }

    private Path save(LanguageModel.State carried) throws IOException {
        for (int i = 0; i < carried.h.length; i++) {
            if (!Float.isFinite(carried.h[i]) || !Float.isFinite(carried.c[i])) {
                throw diverged("batch " + batch, "the LSTM state holds " + (Float.isFinite(carried.h[i]) ? carried.c[i] : carried.h[i]),
                        rates.rate(epoch, step));
            }
        }
        return run.saveCheckpoint(snapshot(), model.params(), metadata, carried, stateShape, optimizerState());
    }

    private void reportBatch(long now, double lr, int epochSize) {
        double seconds = epochSecondsBefore + (now - epochStartNanos) / 1e9;
        double secondsPerBatch = seconds / batch;
        double wordsPerSecond = (double) batch * config.batchSize() * config.numSteps() / seconds;
        double epochEta = (epochSize - batch) * secondsPerBatch;
        int laterEpochs = totalEpochs - epoch;
        double validationSeconds = Double.isFinite(lastValidationSeconds) ? lastValidationSeconds
                : validationWindows() * secondsPerBatch / 3; // forward only: about a third of a training window
        double runEta = epochEta + laterEpochs * epochSize * secondsPerBatch + (laterEpochs + 1) * validationSeconds;
        log.batch(now, epoch, batch, epochSize, lr, 1000 * secondsPerBatch, epochCost / epochSteps, wordsPerSecond,
                epochEta, runEta);
        settings.listener().batch(epoch, batch, epochSize, step, lr, epochCost / epochSteps, wordsPerSecond, epochEta, runEta);
    }

    private long validationWindows() {
        if (texts.valid() == null) return 0;
        return Math.max(0, (texts.valid().size() / config.batchSize() - 1) / config.numSteps());
    }

    private Double validate() {
        if (texts.valid() == null) return null;
        long start = clock.getAsLong();
        double ppl = Evaluator.batched(model, texts.valid(), config.batchSize(), config.numSteps(), stop).perplexity();
        lastValidationSeconds = (clock.getAsLong() - start) / 1e9;
        if (!Double.isFinite(ppl)) throw diverged("validation", "the perplexity is " + ppl, rates.rate(epoch, step));
        return ppl;
    }

    private void endEpoch(double lr, double epochSeconds, Double validPpl, int epochSize) throws IOException {
        double trainPpl = Math.exp(epochCost / epochSteps);
        double wordsPerSecond = (double) epochSize * config.batchSize() * config.numSteps() / epochSeconds;
        ObjectNode line = JSON.createObjectNode();
        line.put("epoch", epoch);
        line.put("lr", lr);
        line.put("train_ppl", trainPpl);
        if (validPpl == null) line.putNull("valid_ppl"); else line.put("valid_ppl", validPpl);
        if (validPpl != null) line.put("valid_loss", Math.log(validPpl));
        line.put("words_per_second", wordsPerSecond);
        line.put("epoch_seconds", epochSeconds);
        line.put("elapsed_seconds", elapsedSeconds());
        long seed = config.seed() + epoch;
        String sample = settings.sample() == null ? null : settings.sample().text().apply(seed);
        if (sample != null) line.put("sample", sample); // for the report and the dashboard
        run.appendMetrics(line);
        if (validPpl == null || !(bestEpoch > 0) || validPpl < bestValidPpl) {
            bestValidPpl = validPpl == null ? Double.NaN : validPpl;
            bestEpoch = epoch;
            Checkpoint.save(run.modelFile(), model.params(), metadata);
        }
        log.endEpoch(epoch, epochSeconds, lr, trainPpl, validPpl, wordsPerSecond);
        if (sample != null) {
            log.sample(String.format(Locale.ROOT, "sample after epoch %d (%d %s, seed %d)", epoch, settings.sample().length(),
                    settings.sample().unit(), seed), sample);
        }
        epoch++;
        batch = 0;
        epochCost = 0;
        epochSteps = 0;
        epochSecondsBefore = 0;
    }

    /** @param stoppedBy the budget that ended the run early, or null */
    private Completed finish(String stoppedBy) throws IOException {
        Double testPpl = null;
        long testWords = 0;
        if (texts.test() != null) {
            // Under NT-ASGD the saved model holds the averaged weights, which the test scores, as AWD-LSTM's.
            if (bestEpoch > 0 && (bestEpoch < totalEpochs || epochEnd.averaging())) Checkpoint.loadInto(run.modelFile(), model.params());
            Evaluator.Score score = Evaluator.sequential(model, texts.test(), config.numSteps(), stop);
            testPpl = score.perplexity();
            testWords = score.steps();
        }
        Double best = bestEpoch > 0 && !Double.isNaN(bestValidPpl) ? bestValidPpl : null;
        double total = elapsedSeconds();
        ObjectNode summary = JSON.createObjectNode();
        putNullable(summary, "test_ppl", testPpl);
        summary.put("test_words", testWords);
        putNullable(summary, "best_valid_ppl", best);
        putNullable(summary, "best_valid_loss", best == null ? null : Math.log(best));
        summary.put("best_epoch", bestEpoch);
        summary.put("epochs", totalEpochs);
        summary.put("updates", step);
        summary.put("total_seconds", total);
        summary.set("config", config.toJson());
        settings.describe(summary);
        summary.put("model", run.modelFile().getFileName().toString());
        if (stoppedBy != null) {
            summary.put("stopped_by", stoppedBy);
            summary.put("stopped_at_epoch", epoch);
            summary.put("stopped_at_batch", batch);
        }
        run.writeSummary(summary);
        String bestText = best == null ? "valid ppl n/a"
                : characters ? String.format(Locale.ROOT, "valid loss %.4f, %.3f bpc", Math.log(best), Math.log(best) / Math.log(2))
                : String.format(Locale.ROOT, "valid ppl %.2f", best);
        log.println(String.format(Locale.ROOT, "| end of training%s | test ppl %s | model of epoch %d (%s) | total %s |",
                stoppedBy == null ? "" : " (stopped by " + stoppedBy + ")", testPpl == null ? "n/a (no test text)" : String.format(Locale.ROOT, "%.2f", testPpl), bestEpoch, bestText,
                ProgressLog.duration(total)));
        return new Completed(testPpl, best, bestEpoch, total, stoppedBy);
    }

    private static void putNullable(ObjectNode n, String key, Double value) {
        if (value == null) n.putNull(key); else n.put(key, value);
    }

    /** @param where e.g. "batch 17" or "validation" */
    private UserError diverged(String where, String what, double lr) {
        String last = run.latestCheckpoint().map(p -> "the last checkpoint " + p + " is intact").orElse("no checkpoint was written yet");
        return new UserError(String.format(Locale.ROOT,
                "training diverged at epoch %d, %s (update %d): %s; %s, so start a new run with a lower --lr (now %s) "
                        + "or --max-grad-norm (now %s)", epoch, where, step + 1, what, last,
                ProgressLog.rate(lr), config.maxGradNorm()));
    }
}
