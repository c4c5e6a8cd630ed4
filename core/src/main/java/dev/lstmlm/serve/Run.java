package dev.lstmlm.serve;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sequences of one request and the events they send back. The scheduler thread only appends to
 * an unbounded queue (it never waits for a client); the request's own thread takes the events, in
 * order, and keeps everything it builds from them to itself.
 */
final class Run {
    sealed interface Event permits Scored, Generated, Finished {
        int index();
    }

    /** {@code target} -1 when only the alternatives were asked for. */
    record Scored(int index, int position, int target, float logprob, Sequence.Alternative[] top) implements Event {}

    record Generated(int index, int id, String piece, String delta, float logprob, Sequence.Alternative[] top) implements Event {}

    record Finished(int index, String reason, String text) implements Event {}

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private List<Sequence> sequences = List.of();
    private int unfinished;

    /** The listener of sequence {@code index} of this run. */
    Sequence.Listener listener(int index) {
        return new Sequence.Listener() {
            @Override
            public void scored(int position, int target, float logprob, Sequence.Alternative[] top) {
                events.add(new Scored(index, position, target, logprob, top));
            }

            @Override
            public void generated(int id, String piece, String delta, float logprob, Sequence.Alternative[] top) {
                events.add(new Generated(index, id, piece, delta, logprob, top));
            }

            @Override
            public void finished(String reason, String text) {
                events.add(new Finished(index, reason, text));
            }
        };
    }

    /** Hands the run's sequences to the scheduler (all or none: 429/503 otherwise). */
    void submit(Scheduler scheduler, List<Sequence> sequences) {
        this.sequences = List.copyOf(sequences);
        this.unfinished = sequences.size();
        scheduler.submit(this.sequences);
    }

    boolean done() {
        return unfinished == 0;
    }

    /** The next event, or null after {@code millis} without one. Counts the finished sequences. */
    Event next(long millis) throws InterruptedException {
        Event e = events.poll(millis, TimeUnit.MILLISECONDS);
        if (e instanceof Finished) unfinished--;
        return e;
    }

    /** Every event until each sequence has finished. */
    void drain(java.util.function.Consumer<Event> sink) throws InterruptedException {
        drain(sink, () -> {});
    }

    /** Every event until each sequence has finished; {@code idle} runs after each second without one. */
    void drain(java.util.function.Consumer<Event> sink, Runnable idle) throws InterruptedException {
        while (!done()) {
            Event e = next(1000);
            if (e != null) {
                sink.accept(e);
            } else {
                idle.run();
            }
        }
    }

    /** Drops every sequence of the run at the next step (the client is gone or the server stops). */
    void cancel() {
        for (Sequence s : sequences) s.cancel();
    }
}
