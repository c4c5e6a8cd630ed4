package dev.lstmlm.spark;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.tensor.Compute;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * What one worker of a training run keeps in its executor JVM between rounds: its own model (the
 * parameters of the last broadcast, or under parameter averaging its local steps since), and the
 * carried LSTM state of its rows, tagged with the round it came out of. The state of the round
 * before is kept as well, so that a task retried after its first attempt stored a new state (or
 * applied a local update) does the same work again from the same inputs: a round's task is
 * idempotent on one executor.
 *
 * <p>Slots live in a per-JVM map keyed by run and worker ({@link #of}); a task that lands on a JVM
 * without its worker's slot (a lost executor) finds no state there and says so (see
 * {@link WindowTask}). Access is synchronized on the slot: two attempts of one task take turns.
 */
final class WorkerSlot {
    private static final ConcurrentMap<String, WorkerSlot> SLOTS = new ConcurrentHashMap<>();

    final LanguageModel model;
    final int rows;
    /** The version of the broadcast parameters in {@link #model}; -1 for none yet. */
    long paramsVersion = -1;
    /** The round whose local update (parameter averaging) is in the parameters; -1 for none. */
    long appliedRound = -1;
    /** The round whose gradient the model's gradients hold; -1 for none. */
    long gradsRound = -1;
    float[] h;
    float[] c;
    long round = -1;
    float[] previousH;
    float[] previousC;
    long previousRound = -1;

    private WorkerSlot(ModelConfig config, int threads, int rows) {
        this.model = new LanguageModel(config, Compute.create(threads));
        this.rows = rows;
    }

    /** The slot of {@code worker} in the run {@code run}, made on first use. */
    static WorkerSlot of(String run, int worker, Supplier<ModelConfig> config, int threads, int rows) {
        return SLOTS.computeIfAbsent(run + "/" + worker, k -> new WorkerSlot(config.get(), threads, rows));
    }

    /** The slot if this JVM has it, else null. */
    static WorkerSlot find(String run, int worker) {
        return SLOTS.get(run + "/" + worker);
    }

    /** Forgets every slot of {@code run} in this JVM. */
    static void release(String run) {
        SLOTS.keySet().removeIf(k -> k.startsWith(run + "/"));
    }

    /** The (h, c) the round after {@code round} starts from, or null when this slot does not hold it. */
    float[][] stateAfter(long round) {
        if (this.round == round && h != null) return new float[][] {h, c};
        if (previousRound == round && previousH != null) return new float[][] {previousH, previousC};
        return null;
    }

    /** Stores the state round {@code round} ended with; a second store of one round (a retry) keeps the state before it. */
    void store(long round, float[] h, float[] c) {
        if (this.round != round) {
            previousH = this.h;
            previousC = this.c;
            previousRound = this.round;
        }
        this.h = h;
        this.c = c;
        this.round = round;
    }
}
