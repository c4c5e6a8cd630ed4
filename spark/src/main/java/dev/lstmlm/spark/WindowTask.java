package dev.lstmlm.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.UserError;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.model.ModelConfigJson;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.train.Sgd;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One round of a training run on one worker (a Spark task; the RDD's element is the worker's
 * index). {@link Kind#GRADIENT}: load the broadcast parameters, run the window forward and backward
 * on the worker's rows from their carried state, send back the gradient (scaled so that the
 * workers' gradients add up to the batch's). {@link Kind#LOCAL_STEP}: first the worker's own clipped
 * SGD step on the previous window's gradient (parameter averaging), then the same window, keeping
 * the gradient. {@link Kind#AVERAGE}: that pending step, then send back the parameters.
 *
 * <p>The carried state comes from the worker's {@link WorkerSlot} in this JVM, or from the driver
 * when it ships it (a new run, an epoch's zeroed state, a resumed run, a slot that was lost).
 */
final class WindowTask implements Function<Integer, WorkerResult> {
    private static final long serialVersionUID = 1L;
    /** The words of the error a task fails with when its JVM does not hold its worker's state. */
    static final String MISSING_STATE = "holds no carried state";

    enum Kind { GRADIENT, LOCAL_STEP, AVERAGE }

    /** The run: its id in the executors' slot maps, the model (as JSON), threads per worker and the row split. */
    record Run(String id, String modelConfig, int threads, RowSplit split) implements java.io.Serializable {
        ModelConfig config() {
            try {
                return ModelConfigJson.read(new ObjectMapper().readTree(modelConfig));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A window: T, the loss scale of the whole batch, each worker's (T,Bk) inputs and targets. */
    record Window(int steps, float lossScale, int[][] x, int[][] y) implements java.io.Serializable {}

    /** A local SGD step still to apply: the round whose gradient it uses, its learning rate and clip norm; round -1 for none. */
    record Pending(long round, double lr, double maxGradNorm) implements java.io.Serializable {
        static final Pending NONE = new Pending(-1, 0, 0);
    }

    private final Run run;
    private final Kind kind;
    private final long round;
    private final Broadcast<float[]> params;
    private final long paramsVersion;
    private final Window window;
    private final float[][] shippedH;
    private final float[][] shippedC;
    private final long rng;
    private final Pending pending;

    /**
     * @param params the parameters to start from, or null to keep the worker's own
     * @param shippedH per worker the h to start from, or null (also the whole array) to take the slot's
     */
    WindowTask(Run run, Kind kind, long round, Broadcast<float[]> params, long paramsVersion, Window window,
               float[][] shippedH, float[][] shippedC, long rng, Pending pending) {
        this.run = run;
        this.kind = kind;
        this.round = round;
        this.params = params;
        this.paramsVersion = paramsVersion;
        this.window = window;
        this.shippedH = shippedH;
        this.shippedC = shippedC;
        this.rng = rng;
        this.pending = pending;
    }

    @Override
    public WorkerResult call(Integer worker) {
        RowSplit split = run.split();
        WorkerSlot slot = params != null ? WorkerSlot.of(run.id(), worker, run::config, run.threads(), split.rows(worker))
                : WorkerSlot.find(run.id(), worker);
        if (slot == null) throw lost(worker);
        synchronized (slot) {
            long start = System.nanoTime();
            ParameterStore p = slot.model.params();
            Kernels kernels = slot.model.compute().kernels();
            if (pending.round() >= 0 && slot.appliedRound < pending.round()) {
                if (slot.gradsRound != pending.round()) throw lost(worker);
                Sgd.step(p, pending.lr(), pending.maxGradNorm(), kernels);
                slot.appliedRound = pending.round();
            }
            if (kind == Kind.AVERAGE) return new WorkerResult(worker, 0, p.values().clone(), null, null, rng, Double.NaN, System.nanoTime() - start);
            if (params != null && slot.paramsVersion != paramsVersion) {
                float[] v = params.value();
                System.arraycopy(v, 0, p.values(), 0, v.length);
                slot.paramsVersion = paramsVersion;
            } else if (slot.paramsVersion < 0) {
                throw lost(worker);
            }
            float[][] from = shippedH != null && shippedH[worker] != null ? new float[][] {shippedH[worker], shippedC[worker]}
                    : slot.stateAfter(round - 1);
            if (from == null) {
                throw new IllegalStateException("worker " + worker + " of run " + run.id() + " " + MISSING_STATE + " of round "
                        + (round - 1) + " in this JVM");
            }
            int rows = slot.rows;
            LanguageModel.State state = slot.model.newState(rows);
            System.arraycopy(from[0], 0, state.h, 0, state.h.length);
            System.arraycopy(from[1], 0, state.c, 0, state.c.length);
            slot.model.rngState(seed(rng, worker));
            p.zeroGrads();
            // A worker's rows are rows/B of the batch: its share of the batch-mean gradient (for a local step, its own mean).
            float scale = kind == Kind.GRADIENT ? (float) ((double) window.lossScale() * rows / split.batch()) : window.lossScale();
            double cost = slot.model.trainWindow(window.x()[worker], window.y()[worker], window.steps(), rows, state, scale);
            slot.gradsRound = round;
            slot.store(round, state.h, state.c);
            long rngEnd = slot.model.rngState();
            float[] g = p.grads();
            double norm = kind == Kind.GRADIENT ? Double.NaN : Math.sqrt(kernels.sumOfSquares(g.length, g, 0));
            long nanos = System.nanoTime() - start;
            return new WorkerResult(worker, cost, kind == Kind.GRADIENT ? g.clone() : null, state.h.clone(), state.c.clone(), rngEnd,
                    norm, nanos);
        }
    }

    /**
     * The dropout generator's start for {@code worker} in a round that starts from {@code rng}: the
     * run's own state for worker 0 (so that one worker draws the single process's masks), a hash of
     * it and the worker's index for the others.
     */
    static long seed(long rng, int worker) {
        if (worker == 0) return rng;
        long z = rng + 0x9E3779B97F4A7C15L * (worker + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private UserError lost(int worker) {
        return new UserError("worker " + worker + "'s parameters since the last averaging are not in this executor (it was lost or"
                + " replaced); resume the run from its last checkpoint with lstmlm spark train --resume");
    }
}
