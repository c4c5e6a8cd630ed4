package dev.lstmlm.generate;

import dev.lstmlm.UserError;
import dev.lstmlm.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Beam search: the N most likely continuations of L tokens after a prime, with their
 * log-probabilities (char-rnn's and torch-rnn's {@code -beam}). The prime is read as
 * {@link Generator} reads it (after the tokenizer's start context); then at every step each of the
 * N hypotheses is extended by every token, and the N extensions of highest total log-probability
 * are kept. All N hypotheses advance in one batched forward step of B = N rows, and the LSTM
 * state of a kept extension is copied from its parent's row. Ties go to the earlier hypothesis,
 * then to the lower token id, so the result is deterministic.
 *
 * <p>Beam search keeps the best N sequences found, not necessarily the N best there are (a
 * sequence whose prefix fell out of the beam is never seen); with N ≥ V^(L−1) it is exhaustive.
 * A step allocates nothing: the buffers for N rows are made per search.
 *
 * <p>Not thread-safe: one per thread (the model holds per-call buffers).
 */
public final class Beam {

    /**
     * One continuation.
     *
     * @param ids the L generated ids
     * @param text their text as generation prints it after the prime
     * @param logprob Σ ln p of the ids, each given the prime and the ids before it
     */
    public record Result(int[] ids, String text, double logprob) {
        public Result {
            ids = ids.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }
    }

    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final int vocab;

    public Beam(LanguageModel model, Tokenizer tokenizer) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the model has " + model.config().vocabSize() + " outputs but the tokenizer "
                    + tokenizer.vocabSize() + " tokens");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocab = model.config().vocabSize();
    }

    /** The {@code width} most likely continuations of {@code length} tokens after {@code prime}, best first. */
    public List<Result> search(int[] prime, int width, int length) {
        if (width < 1) throw new UserError("the beam width must be at least 1, got " + width);
        if (length < 1) throw new UserError("the length of a continuation must be at least 1, got " + length);
        for (int id : prime) {
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("prime token " + id + " is outside the vocabulary");
        }
        int start = tokenizer.startContext();
        if (prime.length == 0 && start < 0) {
            throw new UserError("this model has no start symbol, so beam search needs a prime to start from; give one");
        }
        Search s = new Search(width, length);
        LanguageModel.State one = model.newState(1);
        float[] first = new float[vocab];
        if (start >= 0) model.step(start, one, first);
        for (int id : prime) model.step(id, one, first);
        int previous = prime.length > 0 ? prime[prime.length - 1] : start;
        s.begin(one, first);
        for (int t = 1; t < length; t++) s.advance(t);
        List<Result> out = new ArrayList<>(s.alive);
        for (int h = 0; h < s.alive; h++) {
            int[] ids = java.util.Arrays.copyOfRange(s.tokens, h * length, (h + 1) * length);
            StringBuilder text = new StringBuilder();
            int prev = previous;
            for (int id : ids) {
                text.append(tokenizer.text(id, prev));
                prev = id;
            }
            out.add(new Result(ids, text.toString(), s.score[h]));
        }
        return out;
    }

    /** The buffers of one search over N hypotheses of L tokens. */
    private final class Search {
        final int width;
        final int length;
        /** Hypotheses alive: min(N, V^t) after t tokens. */
        int alive;
        /** (N) total log-probability of each hypothesis, best first. */
        final double[] score;
        double[] nextScore;
        /** (N,L) tokens of each hypothesis. */
        int[] tokens;
        int[] nextTokens;
        LanguageModel.State state;
        LanguageModel.State nextState;
        /** (N,V) logits of the last step. */
        final float[] logits;
        final int[] input;
        /** (N·k) candidates: parent, token, score; k = min(N, V) per parent. */
        final int[] candParent;
        final int[] candToken;
        final double[] candScore;
        final int[] order;
        final int[] best;

        Search(int width, int length) {
            this.width = width;
            this.length = length;
            this.score = new double[width];
            this.nextScore = new double[width];
            this.tokens = new int[width * length];
            this.nextTokens = new int[width * length];
            this.logits = new float[width * vocab];
            this.input = new int[width];
            int k = Math.min(width, vocab);
            this.candParent = new int[width * k];
            this.candToken = new int[width * k];
            this.candScore = new double[width * k];
            this.order = new int[width * k];
            this.best = new int[k];
        }

        /** The first token: the N best of the distribution after the prime, every row's state the prime's. */
        void begin(LanguageModel.State one, float[] first) {
            System.arraycopy(first, 0, logits, 0, vocab);
            alive = 0;
            int k = top(0, Math.min(width, vocab));
            double lse = logSumExp(0);
            for (int i = 0; i < k; i++) {
                tokens[i * length] = best[i];
                score[i] = logits[best[i]] - lse;
            }
            alive = k;
            state = model.newState(alive);
            nextState = model.newState(alive);
            int layers = model.config().numLayers(), hidden = model.config().hiddenSize();
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < alive; h++) {
                    System.arraycopy(one.h, l * hidden, state.h, (l * alive + h) * hidden, hidden);
                    System.arraycopy(one.c, l * hidden, state.c, (l * alive + h) * hidden, hidden);
                }
            }
        }

        /** Token t of every hypothesis. */
        void advance(int t) {
            int n = alive;
            for (int h = 0; h < n; h++) input[h] = tokens[h * length + t - 1];
            model.logits(input, 1, n, state, logits);
            int per = Math.min(width, vocab);
            int c = 0;
            for (int h = 0; h < n; h++) {
                int k = top(h * vocab, per);
                double lse = logSumExp(h * vocab);
                for (int i = 0; i < k; i++) {
                    candParent[c] = h;
                    candToken[c] = best[i];
                    candScore[c] = score[h] + (logits[h * vocab + best[i]] - lse);
                    c++;
                }
            }
            int keep = Math.min(width, c);
            select(c, keep);
            if (keep != n) {
                nextState = model.newState(keep);
            }
            int layers = model.config().numLayers(), hidden = model.config().hiddenSize();
            for (int i = 0; i < keep; i++) {
                int cand = order[i];
                int parent = candParent[cand];
                nextScore[i] = candScore[cand];
                System.arraycopy(tokens, parent * length, nextTokens, i * length, t);
                nextTokens[i * length + t] = candToken[cand];
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(state.h, (l * n + parent) * hidden, nextState.h, (l * keep + i) * hidden, hidden);
                    System.arraycopy(state.c, (l * n + parent) * hidden, nextState.c, (l * keep + i) * hidden, hidden);
                }
            }
            double[] ds = score;
            System.arraycopy(nextScore, 0, ds, 0, keep);
            int[] tt = tokens;
            tokens = nextTokens;
            nextTokens = tt;
            LanguageModel.State st = state;
            state = nextState;
            nextState = keep == n ? st : model.newState(keep);
            alive = keep;
        }

        /** ln Σ exp of the row of logits at {@code off}. */
        private double logSumExp(int off) {
            return model.compute().kernels().crossEntropy(logits, off, vocab, 0, null, 0) + logits[off];
        }

        /** The k largest logits of the row at {@code off} into best[0..k), larger first, lower id first among equals. */
        private int top(int off, int k) {
            int filled = 0;
            for (int j = 0; j < vocab; j++) {
                float z = logits[off + j];
                if (filled == k && !(z > logits[off + best[k - 1]])) continue;
                int i = filled < k ? filled++ : k - 1;
                while (i > 0 && z > logits[off + best[i - 1]]) {
                    best[i] = best[i - 1];
                    i--;
                }
                best[i] = j;
            }
            return filled;
        }

        /** order[0..keep) = the candidates of highest score, best first; candidates are in (parent, rank) order, so ties keep it. */
        private void select(int count, int keep) {
            int filled = 0;
            for (int cand = 0; cand < count; cand++) {
                double v = candScore[cand];
                if (filled == keep && !(v > candScore[order[keep - 1]])) continue;
                int i = filled < keep ? filled++ : keep - 1;
                while (i > 0 && v > candScore[order[i - 1]]) {
                    order[i] = order[i - 1];
                    i--;
                }
                order[i] = cand;
            }
        }
    }
}
