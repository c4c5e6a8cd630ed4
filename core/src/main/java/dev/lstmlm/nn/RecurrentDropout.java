package dev.lstmlm.nn;

import dev.lstmlm.tensor.Kernels;

import dev.lstmlm.tensor.SplitMix64;

/**
 * What regularizes one {@link Lstm} layer's recurrence in one training window, each part optional:
 *
 * <ul>
 *   <li>weight drop (DropConnect on W_hh; Wan et al. 2013, as AWD-LSTM's {@code WeightDrop}): one
 *       inverted (4H,H) mask per window, the recurrent products of forward and backward use
 *       W_hh ⊙ mask and the gradient of W_hh is that of the product times the mask;
 *   <li>locked dropout on the recurrent input (Gal and Ghahramani 2016): one (B,H) mask per window,
 *       every step multiplies h_{t−1} by it before the product with W_hh.
 * </ul>
 *
 * <p>The buffers are sized once for windows of up to {@code rows} = T·B rows, so that a window
 * allocates nothing; {@link Lstm#draw} fills the masks.
 */
public final class RecurrentDropout {
    /** The kernels the process chose (vector or their scalar twins). */
    private static final Kernels KERNELS = Kernels.chosen();
    final int hidden;
    final int rows;
    final int batch;
    /** Keep probabilities; 1 for a part that is off. */
    final float weightKeep;
    final float hiddenKeep;
    /** (4H,H) mask, W_hh ⊙ mask, and the gradient of the latter; null without weight drop. */
    final float[] weightMask;
    final float[] weights;
    final float[] dWeights;
    /** (B,H) mask; null without dropout on h. */
    final float[] hiddenMask;
    /** (T,B,H): h_{t} ⊙ mask, the input of step t+1's recurrent product; null without dropout on h. */
    final float[] dropped;
    /** (B,H) scratch for the recurrent gradient before the mask. */
    final float[] scratch;

    /**
     * @param weightDrop drop probability of W_hh's elements, 0 for none
     * @param hiddenDrop drop probability of h's units, 0 for none
     */
    public RecurrentDropout(int hidden, int rows, int batch, float weightDrop, float hiddenDrop) {
        if (!(weightDrop >= 0f && weightDrop < 1f) || !(hiddenDrop >= 0f && hiddenDrop < 1f)) {
            throw new IllegalArgumentException("drop probabilities must be in [0, 1), got " + weightDrop + " and " + hiddenDrop);
        }
        if (rows < batch || batch < 1) throw new IllegalArgumentException("recurrent dropout needs rows >= batch >= 1");
        this.hidden = hidden;
        this.rows = rows;
        this.batch = batch;
        this.weightKeep = 1f - weightDrop;
        this.hiddenKeep = 1f - hiddenDrop;
        int g = 4 * hidden * hidden;
        this.weightMask = weightDrop > 0 ? new float[g] : null;
        this.weights = weightDrop > 0 ? new float[g] : null;
        this.dWeights = weightDrop > 0 ? new float[g] : null;
        this.hiddenMask = hiddenDrop > 0 ? new float[batch * hidden] : null;
        this.dropped = hiddenDrop > 0 ? new float[rows * hidden] : null;
        this.scratch = hiddenDrop > 0 ? new float[batch * hidden] : null;
    }

    public boolean dropsWeights() {
        return weightMask != null;
    }

    public boolean dropsHidden() {
        return hiddenMask != null;
    }

    boolean fits(int steps, int batch) {
        return batch <= this.batch && (long) steps * batch <= rows;
    }

    /** The (4H,H) mask of the last draw, for tests; null without weight drop. */
    public float[] weightMask() {
        return weightMask;
    }

    /** The (B,H) mask on h of the last draw, for tests; null without dropout on h. */
    public float[] hiddenMask() {
        return hiddenMask;
    }

    /** New masks: W_hh's (and weights = whh ⊙ mask from {@code values} at {@code whhOff}), then h's for B rows. */
    void draw(float[] values, int whhOff, int batch, SplitMix64 rng) {
        if (weightMask != null) {
            KERNELS.dropoutMask(weightMask, 0, weightMask.length, weightKeep, rng);
            KERNELS.mul(weightMask.length, values, whhOff, weightMask, 0, weights, 0);
        }
        if (hiddenMask != null) KERNELS.dropoutMask(hiddenMask, 0, batch * hidden, hiddenKeep, rng);
    }

    /** dropped[t] = h ⊙ mask for one step's (B,H) block of h at hOff. */
    void dropHidden(float[] h, int hOff, int t, int batch) {
        int n = batch * hidden;
        KERNELS.mul(n, h, hOff, hiddenMask, 0, dropped, t * n);
    }
}
