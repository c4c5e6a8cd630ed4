package dev.lstmlm.serve;

import dev.lstmlm.tensor.Kernels;

/**
 * The k most likely tokens of one row of logits, with their log-probabilities: for OpenAI's
 * {@code top_logprobs}, {@code /v1/score}'s {@code "top"} and {@code /v1/next}. One pass over the V
 * logits keeps the best k in a small sorted array (k is at most {@link #MAX_K}), so the cost is O(V)
 * plus O(k) per logit that enters it.
 */
final class TopTokens {
    /** The kernels the process chose (vector or their scalar twins). */
    private static final Kernels KERNELS = Kernels.chosen();
    /** Largest k a request may ask for. */
    static final int MAX_K = 100;

    private TopTokens() {}

    /** The k (≤ V) largest logits at {@code logits[off..off+vocab)}, most likely first (ties: lower id first). */
    static Sequence.Alternative[] of(float[] logits, int off, int vocab, int k) {
        k = Math.min(k, vocab);
        int[] ids = new int[k];
        float[] best = new float[k];
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            float z = logits[off + i];
            if (n == k && z <= best[k - 1]) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && best[j - 1] < z) {
                best[j] = best[j - 1];
                ids[j] = ids[j - 1];
                j--;
            }
            best[j] = z;
            ids[j] = i;
        }
        // log-sum-exp of the row from the cross-entropy of its top token: lse = z_t + CE(z, t)
        double lse = best[0] + KERNELS.crossEntropy(logits, off, vocab, ids[0], null, 0);
        Sequence.Alternative[] out = new Sequence.Alternative[k];
        for (int j = 0; j < k; j++) out[j] = new Sequence.Alternative(ids[j], (float) (best[j] - lse));
        return out;
    }
}
