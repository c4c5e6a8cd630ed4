package dev.lstmlm.serve;

import dev.lstmlm.model.LanguageModel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Continuous batching (Yu et al. 2022, "Orca", iteration-level scheduling): one thread owns the
 * model, and each step runs one batched forward over every active {@link Sequence}, whether it is
 * reading its prompt or generating. Sequences join from a bounded queue and leave at step
 * boundaries, so a short request never waits for a long one to finish, and with one request active
 * a step is the batch-1 step of {@code lstmlm generate}.
 *
 * <p>Each row's LSTM state lives in its sequence and is copied into the batch's (L,B,H) state
 * before the step and back after it ((L,B,H) copies of 2·L·H floats a row: nothing next to the
 * step's products). Rows never mix, and each sequence draws from its own seeded sampler, so what a
 * seeded request gets does not depend on who else is in the batch.
 *
 * <p>Nothing here touches a socket: listeners hand results over to the request threads.
 */
final class Scheduler implements AutoCloseable {
    private final LanguageModel model;
    private final int maxBatch;
    private final int queueCapacity;
    private final ServerMetrics metrics;
    private final int layers;
    private final int hidden;
    private final int vocab;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Sequence> queue = new ArrayDeque<>();
    /** Work that needs the model to itself between two steps (beam search), in order. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private volatile int queued;
    private volatile int activeCount;
    private boolean accepting = true;
    private boolean stopped;

    /** Scheduler-thread only. */
    private final List<Sequence> active = new ArrayList<>();
    private final LanguageModel.State[] states;
    private final int[] tokens;
    /** (maxBatch,V) */
    private final float[] logits;
    /** (V) one row, for the sampler */
    private final float[] row;
    private final Sequence.ScoreCounters counters = new Sequence.ScoreCounters();
    private final Thread thread;

    Scheduler(LanguageModel model, int maxBatch, int queueCapacity, ServerMetrics metrics) {
        this.model = model;
        this.maxBatch = maxBatch;
        this.queueCapacity = queueCapacity;
        this.metrics = metrics;
        this.layers = model.config().numLayers();
        this.hidden = model.config().hiddenSize();
        this.vocab = model.config().vocabSize();
        this.states = new LanguageModel.State[maxBatch + 1];
        this.tokens = new int[maxBatch];
        this.logits = new float[Math.multiplyExact(maxBatch, vocab)];
        this.row = new float[vocab];
        this.thread = Thread.ofPlatform().name("lstmlm-scheduler").daemon(true).unstarted(this::run);
        thread.start();
    }

    int layers() {
        return layers;
    }

    int hidden() {
        return hidden;
    }

    int queueCapacity() {
        return queueCapacity;
    }

    /** Sequences waiting to join the batch. */
    int queued() {
        return queued;
    }

    /** Sequences in the batch. */
    int active() {
        return activeCount;
    }

    /**
     * Queues all of {@code sequences} or none: 429 when the queue lacks room for them, 503 when the
     * server is shutting down.
     */
    void submit(List<Sequence> sequences) {
        lock.lock();
        try {
            if (!accepting) throw ApiError.unavailable("the server is shutting down; retry on another instance or later");
            if (queue.size() + sequences.size() > queueCapacity) {
                throw ApiError.busy("the server's queue is full (" + queueCapacity + " sequences); retry in a moment");
            }
            queue.addAll(sequences);
            queued = queue.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} on the scheduler thread between two steps, with the model to itself (beam
     * search batches its own hypotheses); the active sequences wait for it, so callers bound it.
     * 429 and 503 as {@link #submit}.
     */
    <T> CompletableFuture<T> exclusive(Function<LanguageModel, T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        lock.lock();
        try {
            if (!accepting) throw ApiError.unavailable("the server is shutting down; retry on another instance or later");
            if (queue.size() + tasks.size() + 1 > queueCapacity) {
                throw ApiError.busy("the server's queue is full (" + queueCapacity + " sequences); retry in a moment");
            }
            tasks.add(() -> {
                try {
                    result.complete(work.apply(model));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return result;
    }

    /**
     * Stops taking requests (503 from now on), lets the queued and active ones finish for up to
     * {@code grace}, then cancels what is left and stops the thread.
     */
    void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            accepting = false;
            while (!(queue.isEmpty() && tasks.isEmpty() && activeCount == 0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            stopped = true;
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    private void run() {
        List<Sequence> joining = new ArrayList<>();
        List<Runnable> work = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (active.isEmpty() && queue.isEmpty() && tasks.isEmpty() && !stopped) changed.awaitUninterruptibly();
                if (stopped) break;
                while (active.size() + joining.size() < maxBatch && !queue.isEmpty()) joining.add(queue.poll());
                queued = queue.size();
                work.addAll(tasks);
                tasks.clear();
            } finally {
                lock.unlock();
            }
            for (Runnable w : work) w.run();
            work.clear();
            for (Sequence s : joining) {
                if (s.cancelled()) {
                    s.finish("cancelled");
                } else if (s.start()) {
                    active.add(s);
                }
            }
            joining.clear();
            dropCancelled();
            activeCount = active.size();
            if (!active.isEmpty()) step();
            activeCount = active.size();
            if (active.isEmpty()) signalChange();
        }
        lock.lock();
        try {
            active.addAll(queue);
            queue.clear();
            queued = 0;
        } finally {
            lock.unlock();
        }
        for (Sequence s : active) s.finish("cancelled");
        active.clear();
        lock.lock();
        try {
            work.addAll(tasks);
            tasks.clear();
        } finally {
            lock.unlock();
        }
        for (Runnable w : work) w.run();
        activeCount = 0;
    }

    private void signalChange() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dropCancelled() {
        active.removeIf(s -> {
            if (!s.cancelled()) return false;
            s.finish("cancelled");
            return true;
        });
    }

    /** One batched forward over every active sequence, then each row's logits to its sequence. */
    private void step() {
        int batch = active.size();
        LanguageModel.State state = states[batch];
        if (state == null) state = states[batch] = model.newState(batch);
        for (int b = 0; b < batch; b++) {
            Sequence s = active.get(b);
            tokens[b] = s.nextInput();
            for (int l = 0; l < layers; l++) {
                System.arraycopy(s.h, l * hidden, state.h, (l * batch + b) * hidden, hidden);
                System.arraycopy(s.c, l * hidden, state.c, (l * batch + b) * hidden, hidden);
            }
        }
        long start = System.nanoTime();
        try {
            model.logits(tokens, 1, batch, state, logits);
        } catch (RuntimeException e) {
            for (Sequence s : active) s.finish("error");
            active.clear();
            return;
        }
        metrics.step(System.nanoTime() - start, batch);
        counters.scored = 0;
        counters.generated = 0;
        int kept = 0;
        for (int b = 0; b < batch; b++) {
            Sequence s = active.get(b);
            for (int l = 0; l < layers; l++) {
                System.arraycopy(state.h, (l * batch + b) * hidden, s.h, l * hidden, hidden);
                System.arraycopy(state.c, (l * batch + b) * hidden, s.c, l * hidden, hidden);
            }
            boolean goesOn;
            try {
                goesOn = s.consume(logits, b * vocab, vocab, row, counters);
            } catch (RuntimeException e) {
                s.finish("error");
                goesOn = false;
            }
            if (goesOn) active.set(kept++, s);
        }
        active.subList(kept, batch).clear();
        metrics.tokens(counters.scored, counters.generated);
    }
}
