package dev.lstmlm.spark;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.ModelConfigJson;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.Optimizer;
import dev.lstmlm.train.TrainableModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's side of data-parallel training: a {@link TrainableModel} whose training windows run
 * on N Spark workers, each on its rows of the batch ({@link RowSplit}), while the loop, the
 * optimizer's update, validation, checkpoints and metrics stay the single-process trainer's.
 *
 * <p>Every {@code syncEvery} = 1: synchronous SGD. Each window is one round: the parameters are
 * broadcast, every worker returns the gradient of its rows (scaled by its share of the batch), the
 * driver adds them up in worker order (a fixed order, so that a run is deterministic) and the
 * config's optimizer clips by the global norm and updates. That is the single-process update up to
 * the rounding of the gradient's sum over rows (bit for bit with one worker).
 *
 * <p>{@code syncEvery} = K &gt; 1: parameter averaging (Deeplearning4j's scheme). Each worker takes
 * its own clipped SGD step on its rows' gradient after each window; after every K updates (and
 * before validation and every checkpoint) the driver averages the workers' parameters, weighted by
 * their rows, and the next window starts every worker from the average. Parameters travel only at
 * those rounds; the windows in between send only token ids and learning rates.
 *
 * <p>The carried LSTM state stays in the workers ({@link WorkerSlot}); each round also returns it
 * (a few kilobytes) so that the driver's copy is current for checkpoints. The driver ships a
 * worker's state only when it is not the one the worker holds: at the start, at an epoch's zeroed
 * state, on resume, and once more when a round fails because a worker's JVM lost it.
 */
final class DistributedModel implements TrainableModel {
    private final LanguageModel model;
    private final JavaSparkContext spark;
    private final WindowTask.Run run;
    private final RowSplit split;
    private final ModelConfig config;
    private final int syncEvery;
    private final boolean averaging;
    private final List<Integer> workers;
    private final float[][] heldH;
    private final float[][] heldC;
    private long rng;
    private long round;
    private long paramsVersion;
    private boolean paramsSent;
    private WindowTask.Pending pending = WindowTask.Pending.NONE;
    private double lastNorm = Double.NaN;
    private long rounds;
    private long roundNanos;
    private long computeNanos;

    /** @param threads threads of each worker's matrix products */
    DistributedModel(LanguageModel model, JavaSparkContext spark, int workers, int syncEvery, boolean averaging, int batch, int threads) {
        this.model = model;
        this.spark = spark;
        this.config = model.config();
        this.split = new RowSplit(batch, workers);
        this.syncEvery = syncEvery;
        this.averaging = averaging;
        this.run = new WindowTask.Run(UUID.randomUUID().toString(), ModelConfigJson.write(config).toString(), threads, split);
        this.workers = IntStream.range(0, workers).boxed().toList();
        this.heldH = new float[workers][];
        this.heldC = new float[workers][];
    }

    /** The id of the run in the executors' slot maps. */
    String runId() {
        return run.id();
    }

    /** Spark jobs run so far (rounds with or without parameters). */
    long rounds() {
        return rounds;
    }

    /** The wall time of those jobs on the driver, in seconds. */
    double roundSeconds() {
        return roundNanos / 1e9;
    }

    /** Of that, the time of the slowest worker's computation in each job, in seconds (the rest is Spark's and the network's). */
    double computeSeconds() {
        return computeNanos / 1e9;
    }

    @Override
    public ParameterStore params() {
        if (pending.round() >= 0) average();  // a checkpoint (or anyone else) sees the workers' progress
        return model.params();
    }

    @Override
    public Compute compute() {
        return model.compute();
    }

    @Override
    public LanguageModel.State newState(int batch) {
        return model.newState(batch);
    }

    @Override
    public double trainWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state, float lossScale) {
        if (batch != split.batch()) throw new IllegalArgumentException("the workers split " + split.batch() + " rows, not " + batch);
        int n = workers.size();
        int[][] xs = new int[n][];
        int[][] ys = new int[n][];
        for (int k = 0; k < n; k++) {
            xs[k] = split.window(x, steps, k);
            ys[k] = split.window(y, steps, k);
        }
        WindowTask.Window window = new WindowTask.Window(steps, lossScale, xs, ys);
        boolean local = averaging;
        List<WorkerResult> results;
        try {
            results = windowRound(window, state, local, false);
        } catch (RuntimeException e) {
            if (local || !missingState(e)) throw e;
            results = windowRound(window, state, false, true);  // a worker's JVM lost its state: send every worker's
        }
        double cost = 0;
        float[] grads = model.params().grads();
        for (WorkerResult r : results) {
            cost += r.cost() * split.rows(r.worker());
            if (!local) {
                float[] g = r.values();
                for (int i = 0; i < g.length; i++) grads[i] += g[i];
            }
            split.putState(r.h(), state.h, config, r.worker());
            split.putState(r.c(), state.c, config, r.worker());
            heldH[r.worker()] = r.h();
            heldC[r.worker()] = r.c();
        }
        if (local) lastNorm = results.stream().mapToDouble(WorkerResult::norm).max().orElseThrow();
        rng = results.getFirst().rng();
        round++;
        return n == 1 ? results.getFirst().cost() : cost / batch;
    }

    private List<WorkerResult> windowRound(WindowTask.Window window, LanguageModel.State state, boolean local, boolean shipAll) {
        int n = workers.size();
        float[][] h = new float[n][];
        float[][] c = new float[n][];
        boolean any = false;
        for (int k = 0; k < n; k++) {
            float[] sh = split.state(state.h, config, k);
            float[] sc = split.state(state.c, config, k);
            if (shipAll || !Arrays.equals(sh, heldH[k]) || !Arrays.equals(sc, heldC[k])) {
                h[k] = sh;
                c[k] = sc;
                any = true;
            }
        }
        long start = System.nanoTime();  // the broadcast's serialization is part of the round
        boolean send = !local || !paramsSent;
        if (send && !local) paramsVersion++;
        Broadcast<float[]> params = send ? spark.broadcast(model.params().values()) : null;
        try {
            WindowTask task = new WindowTask(run, local ? WindowTask.Kind.LOCAL_STEP : WindowTask.Kind.GRADIENT, round, params,
                    paramsVersion, window, any ? h : null, any ? c : null, rng, local ? pending : WindowTask.Pending.NONE);
            List<WorkerResult> results = collect(task, start);
            paramsSent = true;
            pending = WindowTask.Pending.NONE;
            return results;
        } finally {
            if (params != null) params.destroy();
        }
    }

    /** Averages the workers' parameters (after their pending local step) into the driver's, weighted by their rows. */
    private void average() {
        WindowTask task = new WindowTask(run, WindowTask.Kind.AVERAGE, round, null, paramsVersion, null, null, null, rng, pending);
        List<WorkerResult> results = collect(task, System.nanoTime());
        float[] values = model.params().values();
        Arrays.fill(values, 0f);
        for (WorkerResult r : results) {
            float weight = (float) ((double) split.rows(r.worker()) / split.batch());
            float[] v = r.values();
            for (int i = 0; i < v.length; i++) values[i] += weight * v[i];
        }
        pending = WindowTask.Pending.NONE;
        paramsVersion++;
        paramsSent = false;
    }

    private List<WorkerResult> collect(WindowTask task, long start) {
        rounds++;
        List<WorkerResult> results = spark.parallelize(workers, workers.size()).map(task).collect();
        roundNanos += System.nanoTime() - start;
        computeNanos += results.stream().mapToLong(WorkerResult::computeNanos).max().orElse(0);
        return results.stream().sorted(java.util.Comparator.comparingInt(WorkerResult::worker)).toList();
    }

    private static boolean missingState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(WindowTask.MISSING_STATE)) return true;
        }
        return false;
    }

    @Override
    public double evalWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state) {
        if (pending.round() >= 0) average();
        return model.evalWindow(x, y, steps, batch, state);
    }

    @Override
    public long rngState() {
        return rng;
    }

    @Override
    public void rngState(long state) {
        rng = state;
    }

    /**
     * The config's optimizer with one worker set ({@code syncEvery} = 1); under parameter averaging
     * the workers step themselves, and this optimizer only hands them the learning rate of each
     * update and averages every {@code syncEvery} updates.
     */
    @Override
    public Optimizer optimizer(Optimizer standard) {
        if (!averaging) return standard;
        return new Optimizer() {
            @Override
            public double step(ParameterStore params, double lr, double maxGradNorm, long update) {
                pending = new WindowTask.Pending(round - 1, lr, maxGradNorm);
                if (Double.isFinite(lastNorm) && update % syncEvery == 0) average();
                return lastNorm;
            }

            @Override
            public Map<String, float[]> state() {
                return Map.of();
            }
        };
    }

    /** Forgets the workers' slots in this JVM (local mode; a cluster's executors end with the application). */
    void release() {
        WorkerSlot.release(run.id());
    }
}
