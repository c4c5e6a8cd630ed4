package dev.lstmlm.train;

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
 * recipe) run the same loop and are reported in loss per character and bits per character. What it
 * shares with the udacity loop (saving, divergence, timing, the summary) is {@link TrainingLoop}'s.
 */
public final class Trainer extends TrainingLoop<EpochState> {
    private final int totalEpochs;
    private final LearningRateSchedule rates;
    private final EpochEnd epochEnd;
    private final RunEta eta;

    // where the run stands; see EpochState
    private int epoch;
    private int batch;
    private double epochCost;
    private long epochSteps;
    private double bestValidPpl;
    private int bestEpoch;
    private double epochSecondsBefore;
    private long epochStartNanos;

    /** @param live whether {@code out} is a terminal (live progress line) or a log file (a line per 10%) */
    public Trainer(TrainableModel model, TrainConfig config, Texts texts, CheckpointMetadata metadata, RunDirectory run,
                   LoopSettings settings, PrintWriter out, boolean live, BooleanSupplier stop, LongSupplier clock) {
        super(model, config, texts, metadata, run, settings, out, live, stop, clock, metadata.config().stateShape(config.batchSize()),
                EpochState::fromJson);
        this.totalEpochs = switch (config.schedule()) {
            case Schedule.Epochs e -> e.epochs();
            case Schedule.Plateau p -> p.epochs();
            case Schedule.Steps s -> throw new IllegalArgumentException("this loop trains by epochs but the config's loop is " + config.loop());
        };
        this.rates = config.rates();
        this.epochEnd = new EpochEnd(optimizer, rates);
        this.eta = new RunEta(totalEpochs, texts.valid(), config);
    }

    @Override
    public Map<String, float[]> optimizerState() {
        return epochEnd.state(optimizer.state());
    }

    @Override
    Outcome train(EpochState start, LanguageModel.State carried) throws IOException {
        epoch = start.epoch();
        batch = start.batch();
        epochCost = start.epochCost();
        epochSteps = start.epochSteps();
        epochSecondsBefore = start.epochSeconds();
        bestValidPpl = start.bestValidPpl();
        bestEpoch = start.bestEpoch();
        beginSession(start);
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
                String budget = budgetReached();
                if (budget != null) return stopAtBudget(budget, carried, lr, epochSize);
                int steps = windows.steps(batch);
                windows.fill(batch, x, y);
                double cost = update(x, y, steps, carried, config.loss().scale(steps), lr, lr * windows.rateScale(batch),
                        () -> at("batch " + (batch + 1)));
                batch++;
                epochCost += cost;
                epochSteps += steps;
                long now = clock.getAsLong();
                reportBatch(now, lr, epochSize);
                if (stop.getAsBoolean()) return new Outcome.Interrupted(save(carried));
                saveIfDue(carried, now, false, batch == epochSize);
            }
            double epochSeconds = epochSeconds();
            boolean averaged = epochEnd.useAverage(params);
            Double validPpl;
            try {
                validPpl = validate();
            } catch (Evaluator.Stopped e) {
                if (averaged) epochEnd.restore(params);
                return new Outcome.Interrupted(save(carried));
            }
            if (validPpl != null) epochEnd.validated(validPpl, bestEpoch > 0 ? bestValidPpl : Double.NaN, averaged);
            endEpoch(lr, epochSeconds, validPpl, epochSize);
            if (averaged) epochEnd.restore(params);
            windows = null;
            checkpoint(carried);
        }
        try {
            return finish(null);
        } catch (Evaluator.Stopped e) {
            return new Outcome.Interrupted(run.latestCheckpoint().orElseThrow());
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
                putResults(line, lr, validPpl);
                line.put("elapsed_seconds", elapsedSeconds());
                run.appendMetrics(line);
                keepIfBest(validPpl);
                if (averaged) epochEnd.restore(params);
            }
            return finish(budget);
        } catch (Evaluator.Stopped e) {
            return new Outcome.Interrupted(checkpoint);
        }
    }

    /** The training windows of {@code epoch}: TF's fixed ones, or AWD-LSTM's variable ones drawn for this epoch. */
    private EpochWindows windows(int epoch) {
        return EpochWindows.of(texts.train(), config.batchSize(), config.numSteps(), config.variableBptt(), config.seed(), epoch);
    }

    @Override
    EpochState initialState(long rngState, int threads) {
        return EpochState.start(rngState, threads);
    }

    @Override
    EpochState snapshot() {
        return new EpochState(epoch, batch, step, model.rngState(), epochCost, epochSteps,
                batch == 0 ? 0 : epochSeconds(), bestValidPpl, bestEpoch, elapsedSeconds(), settings.threads());
    }

    @Override
    String lastUpdate() {
        return at("batch " + batch);
    }

    @Override
    double rate() {
        return rates.rate(epoch, step);
    }

    /** @param where e.g. "batch 17" or "validation" */
    private String at(String where) {
        return String.format(Locale.ROOT, "epoch %d, %s (update %d)", epoch, where, step + 1);
    }

    private double epochSeconds() {
        return epochSecondsBefore + (clock.getAsLong() - epochStartNanos) / 1e9;
    }

    private void reportBatch(long now, double lr, int epochSize) {
        double seconds = epochSecondsBefore + (now - epochStartNanos) / 1e9;
        double secondsPerBatch = seconds / batch;
        double wordsPerSecond = (double) batch * config.batchSize() * config.numSteps() / seconds;
        double epochEta = (epochSize - batch) * secondsPerBatch;
        double runEta = eta.run(epoch, epochSize, epochEta, secondsPerBatch);
        log.batch(now, epoch, batch, epochSize, lr, 1000 * secondsPerBatch, epochCost / epochSteps, wordsPerSecond,
                epochEta, runEta);
        settings.listener().batch(epoch, batch, epochSize, step, lr, epochCost / epochSteps, wordsPerSecond, epochEta, runEta);
    }

    private Double validate() {
        if (texts.valid() == null) return null;
        long start = clock.getAsLong();
        double ppl = Evaluator.batched(model, texts.valid(), config.batchSize(), config.numSteps(), stop).perplexity();
        eta.validated((clock.getAsLong() - start) / 1e9);
        if (!Double.isFinite(ppl)) throw diverged(at("validation"), "the perplexity is " + ppl, rates.rate(epoch, step));
        return ppl;
    }

    /** The rate and perplexities of a metrics line of this epoch. */
    private void putResults(ObjectNode line, double lr, Double validPpl) {
        line.put("lr", lr);
        line.put("train_ppl", Math.exp(epochCost / epochSteps));
        putNullable(line, "valid_ppl", validPpl);
        if (validPpl != null) line.put("valid_loss", Math.log(validPpl));
    }

    /** Saves the weights as the run's model when {@code validPpl} is the best yet (or there is no validation). */
    private void keepIfBest(Double validPpl) throws IOException {
        if (validPpl == null || !(bestEpoch > 0) || validPpl < bestValidPpl) {
            bestValidPpl = validPpl == null ? Double.NaN : validPpl;
            bestEpoch = epoch;
            Checkpoint.save(run.modelFile(), model.params(), metadata);
        }
    }

    private void endEpoch(double lr, double epochSeconds, Double validPpl, int epochSize) throws IOException {
        double trainPpl = Math.exp(epochCost / epochSteps);
        double wordsPerSecond = (double) epochSize * config.batchSize() * config.numSteps() / epochSeconds;
        ObjectNode line = JSON.createObjectNode();
        line.put("epoch", epoch);
        putResults(line, lr, validPpl);
        line.put("words_per_second", wordsPerSecond);
        line.put("epoch_seconds", epochSeconds);
        line.put("elapsed_seconds", elapsedSeconds());
        long seed = config.seed() + epoch;
        String sample = settings.sample() == null ? null : settings.sample().text().apply(seed);
        if (sample != null) line.put("sample", sample); // for the report and the dashboard
        run.appendMetrics(line);
        keepIfBest(validPpl);
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
    private Outcome.Completed finish(String stoppedBy) throws IOException {
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
        String bestText = best == null ? "valid ppl n/a"
                : metadata.tokenizer().isCharacterLevel()
                ? String.format(Locale.ROOT, "valid loss %.4f, %.3f bpc", Math.log(best), Math.log(best) / Math.log(2))
                : String.format(Locale.ROOT, "valid ppl %.2f", best);
        finish(summary, String.format(Locale.ROOT, "test ppl %s | model of epoch %d (%s)",
                testPpl == null ? "n/a (no test text)" : String.format(Locale.ROOT, "%.2f", testPpl), bestEpoch, bestText), total, stoppedBy);
        return new Outcome.Completed(testPpl, best, bestEpoch, total, stoppedBy);
    }

    @Override
    void stopPosition(ObjectNode summary) {
        summary.put("stopped_at_epoch", epoch);
        summary.put("stopped_at_batch", batch);
    }
}
