package dev.lstmlm.serve;

import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.tensor.Kernels;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One row of the {@link Scheduler}'s batch: a request's tokens fed one per step, what is recorded
 * from the logits after each, and the tokens generated after the last one.
 *
 * <p>After feeding {@code feed[i]} the logits are the model's distribution of the next token. When
 * {@code targets[i] >= 0} the log-probability of that token is recorded (and the {@code top} most
 * likely alternatives); after the last fed token the sequence draws {@code maxNew} tokens from its
 * own {@link Sampler}, feeding each one back, until a stop string appears. Everything here runs on
 * the scheduler thread except {@link #cancel}; results reach the request through its {@link Listener}.
 *
 * <p>The LSTM state of the row ({@code h}, {@code c}: (L,H) each) lives here between steps, so that
 * rows can join and leave the batch at any step.
 */
final class Sequence {
    /** The kernels the process chose (vector or their scalar twins). */
    private static final Kernels KERNELS = Kernels.chosen();

    /** What a request hears from its sequence, on the scheduler thread: hand it over, never block. */
    interface Listener {
        /** A fed token's target was scored ({@code top} null unless alternatives were asked for). */
        default void scored(int position, int target, float logprob, Alternative[] top) {}

        /** A token was generated; {@code delta} is the text that is now certain not to be cut by a stop string. */
        default void generated(int id, String piece, String delta, float logprob, Alternative[] top) {}

        /** The sequence left the batch: "length", "stop", "cancelled" or "error". */
        void finished(String reason, String text);
    }

    /** A target that records only the {@code top} most likely tokens after the fed one. */
    static final int ALTERNATIVES = -2;
    /** A target that records nothing. */
    static final int NONE = -1;

    /** A token and its log-probability, one of the most likely at a position. */
    record Alternative(int id, float logprob) {}

    private final int[] feed;
    private final int[] targets;
    private final int maxNew;
    private final int top;
    private final Sampler sampler;
    private final Tokenizer tokenizer;
    private final List<String> stops;
    private final Listener listener;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    final float[] h;
    final float[] c;

    /** Index of the next token to feed from {@code feed}. */
    private int position;
    private int generated;
    /** The token to feed next when the feed is used up (the last one generated); -1 before any. */
    private int pending = -1;
    private int previous;
    private final StringBuilder text = new StringBuilder();
    /** How many chars of {@link #text} have been handed out as deltas. */
    private int released;
    private int longestStop;

    /**
     * @param feed the tokens to feed, start symbol first; may be empty only when {@code sampler} draws the first token uniformly
     * @param targets one per fed token: the token to score after it, {@link #NONE} or {@link #ALTERNATIVES}
     * @param maxNew tokens to generate after the feed (0: scoring only)
     * @param top alternatives to record at each scored or generated position (0: none; -1: not even the
     *     generated token's own log-probability)
     * @param previous the last prompt token, for the spacing of the first generated word (-1: none)
     */
    Sequence(int[] feed, int[] targets, int maxNew, int top, Sampler sampler, Tokenizer tokenizer, int previous,
             List<String> stops, Listener listener, int layers, int hidden) {
        if (targets.length != feed.length) throw new IllegalArgumentException("one target per fed token");
        this.feed = feed;
        this.targets = targets;
        this.maxNew = maxNew;
        this.top = top;
        this.sampler = sampler;
        this.tokenizer = tokenizer;
        this.previous = previous;
        this.stops = stops;
        this.listener = listener;
        for (String s : stops) longestStop = Math.max(longestStop, s.length());
        this.h = new float[layers * hidden];
        this.c = new float[layers * hidden];
    }

    /** Asks the scheduler to drop this sequence at the next step boundary (any thread). */
    void cancel() {
        cancelled.set(true);
    }

    boolean cancelled() {
        return cancelled.get();
    }

    /** Steps this sequence still needs, for accounting (at most). */
    int remainingSteps() {
        return feed.length - position + Math.max(0, maxNew - generated - 1);
    }

    /**
     * Handles a sequence that needs no step at all (nothing to feed) before it joins the batch;
     * returns false when it has finished.
     */
    boolean start() {
        if (position < feed.length) return true;
        if (maxNew == 0) {
            finish("length");
            return false;
        }
        int id = sampler.uniform(tokenizer.firstSymbol(), tokenizer.vocabSize());
        return emit(id, Float.NaN, null);
    }

    /** The token this sequence feeds in the coming step. */
    int nextInput() {
        return position < feed.length ? feed[position] : pending;
    }

    /**
     * Takes the logits (V values at {@code off}) of the step that fed {@link #nextInput}; returns
     * false when the sequence has finished. {@code row} is scratch room for V floats.
     */
    boolean consume(float[] logits, int off, int vocab, float[] row, ScoreCounters counters) {
        if (position < feed.length) {
            int i = position++;
            if (targets[i] >= 0) {
                float lp = (float) -KERNELS.crossEntropy(logits, off, vocab, targets[i], null, 0);
                counters.scored++;
                listener.scored(i, targets[i], lp, top > 0 ? TopTokens.of(logits, off, vocab, top) : null);
            } else if (targets[i] == ALTERNATIVES) {
                listener.scored(i, -1, Float.NaN, TopTokens.of(logits, off, vocab, Math.max(1, top)));
            }
            if (position < feed.length) return true;
            if (maxNew == 0) {
                finish("length");
                return false;
            }
        }
        System.arraycopy(logits, off, row, 0, vocab);
        int id = sampler.next(row);
        // The chosen token's log-probability costs a pass over the V logits: only when asked for.
        float lp = top >= 0 ? (float) -KERNELS.crossEntropy(logits, off, vocab, id, null, 0) : Float.NaN;
        counters.generated++;
        return emit(id, lp, top > 0 ? TopTokens.of(logits, off, vocab, top) : null);
    }

    /** Records a generated token; false when it ended the sequence. */
    private boolean emit(int id, float logprob, Alternative[] alternatives) {
        generated++;
        String piece = tokenizer.text(id, previous);
        previous = id;
        pending = id;
        int before = text.length();
        text.append(piece);
        int stopAt = findStop(before);
        if (stopAt >= 0) {
            text.setLength(stopAt);
            listener.generated(id, piece, release(text.length()), logprob, alternatives);
            finish("stop");
            return false;
        }
        boolean last = generated >= maxNew;
        listener.generated(id, piece, release(last ? text.length() : safeEnd()), logprob, alternatives);
        if (last) {
            finish("length");
            return false;
        }
        return true;
    }

    /** Where the first stop string starts, searching only where the new piece can complete one; -1 if none. */
    private int findStop(int before) {
        int best = -1;
        for (String s : stops) {
            int from = Math.max(0, before - s.length() + 1);
            int at = text.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) best = at;
        }
        return best;
    }

    /** The end of the text that no stop string can still claim (it might begin in the last chars). */
    private int safeEnd() {
        int n = text.length();
        for (int k = Math.min(longestStop - 1, n); k > 0; k--) {
            for (String s : stops) {
                if (s.length() > k && text.substring(n - k).equals(s.substring(0, k))) return n - k;
            }
        }
        return n;
    }

    private String release(int end) {
        if (end <= released) return "";
        String delta = text.substring(released, end);
        released = end;
        return delta;
    }

    /** The sequence leaves the batch for {@code reason}; tells the listener once. */
    void finish(String reason) {
        listener.finished(reason, text.toString());
    }

    /** Tokens scored and generated in one step, added to the server's counters once per step. */
    static final class ScoreCounters {
        long scored;
        long generated;
    }
}
