package dev.lstmlm.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.train.TrainingListener;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The running training seen from the dashboard: hears every batch (on the training thread), keeps
 * one point every {@link #INTERVAL_NANOS} for the per-batch curve (at most {@value #POINTS}, thinned
 * by half when full, so a long run keeps its whole shape) and hands the newest to the page. Also the
 * dashboard's stop button: {@link #stopRequested()} is polled by the trainer with its Ctrl-C flag.
 */
public final class LiveProgress implements TrainingListener {
    static final long INTERVAL_NANOS = 250_000_000L;
    static final int POINTS = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LongSupplier clock;
    private final ArrayDeque<ObjectNode> points = new ArrayDeque<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile java.util.function.Consumer<ObjectNode> sink = p -> {};
    private long lastNanos = Long.MIN_VALUE / 2;
    private ObjectNode latest;

    public LiveProgress() {
        this(System::nanoTime);
    }

    LiveProgress(LongSupplier clock) {
        this.clock = clock;
    }

    /** Where each kept point goes (the dashboard's event stream). */
    void sink(java.util.function.Consumer<ObjectNode> sink) {
        this.sink = sink;
    }

    @Override
    public void batch(int epoch, int batch, int epochSize, long step, double lr, double loss, double wordsPerSecond,
                      double epochEtaSeconds, double runEtaSeconds) {
        long now = clock.getAsLong();
        if (now - lastNanos < INTERVAL_NANOS && batch != epochSize) return;
        lastNanos = now;
        ObjectNode p = JSON.createObjectNode();
        p.put("epoch", epoch);
        p.put("batch", batch);
        p.put("epoch_size", epochSize);
        p.put("step", step);
        p.put("lr", lr);
        p.put("loss", loss);
        p.put("ppl", Math.exp(loss));
        p.put("words_per_second", wordsPerSecond);
        putFinite(p, "epoch_eta_seconds", epochEtaSeconds);
        putFinite(p, "eta_seconds", runEtaSeconds);
        synchronized (this) {
            if (points.size() == POINTS) thin();
            points.add(p);
            latest = p;
        }
        sink.accept(p);
    }

    private void thin() {
        ArrayDeque<ObjectNode> kept = new ArrayDeque<>(POINTS);
        int i = 0;
        for (ObjectNode p : points) if (i++ % 2 == 0) kept.add(p);
        points.clear();
        points.addAll(kept);
    }

    /** The kept points, oldest first. */
    synchronized ArrayNode history() {
        ArrayNode a = JSON.createArrayNode();
        points.forEach(a::add);
        return a;
    }

    synchronized ObjectNode latest() {
        return latest;
    }

    /** Asks the training to stop as Ctrl-C does; true the first time. */
    boolean requestStop() {
        return stop.compareAndSet(false, true);
    }

    /** Whether the page's stop button was pressed. */
    public boolean stopRequested() {
        return stop.get();
    }

    private static void putFinite(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) n.put(key, v); else n.putNull(key);
    }
}
