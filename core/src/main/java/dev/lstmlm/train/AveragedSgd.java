package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Kernels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with weight decay and NT-ASGD, the optimizer of AWD-LSTM (Merity, Keskar and Socher 2017,
 * section 3; salesforce/awd-lstm-lm main.py): plain SGD on the gradient clipped by global norm,
 *
 * <pre>
 * w ← w − lr · (g · maxNorm / max(‖g‖, maxNorm) + weightDecay · w)
 * </pre>
 *
 * (torch.optim.SGD's weight_decay, added after the clipping as there), until the validation loss
 * has not improved for {@code nonmono} checks: a loss above the minimum of all losses but the last
 * {@code nonmono} ({@code val_loss > min(best_val_loss[:-nonmono])}). From the next update on the
 * step is the same and the optimizer also keeps the running average of the weights, as
 * torch.optim.ASGD with t0 = 0 and λ = 0: after averaging update k ≥ 2, ax is the mean of the
 * weights after updates 2..k (ASGD's μ = 1 / max(1, k − 1) makes update 1 a copy that update 2
 * overwrites). Validation and the saved model use the average ({@link #swapAverage}); AWD-LSTM
 * stops checking once averaging has begun, and so does this class. {@code nonmono} = 0 never
 * averages: SGD with weight decay alone.
 *
 * <p>The state ({@link #state}) is the average and a few scalars (whether averaging is on, its
 * updates, the checks seen, the minimum of the older losses and the last {@code nonmono} losses),
 * all floats; a loss is rounded to float when it is recorded, so a resumed run compares exactly the
 * numbers the uninterrupted one did.
 */
public final class AveragedSgd implements Optimizer {
    /** The kernels the process chose (vector or their scalar twins). */
    private static final Kernels KERNELS = Kernels.chosen();
    private static final int TRIGGERED = 0, AVERAGED = 1, CHECKS = 2, OLDER_MIN = 3, RECENT = 4;
    private final double weightDecay;
    private final int nonmono;
    /** (P) the running average of the weights; all zero until averaging starts. */
    private final float[] average;
    /** [triggered, averaged updates, checks, min of the losses before the last nonmono, the last nonmono losses (ring)]. */
    private final float[] scalars;

    /**
     * @param size parameters
     * @param weightDecay L2 coefficient, 0 for none
     * @param nonmono checks without improvement that start the averaging; 0 for never
     */
    public AveragedSgd(int size, double weightDecay, int nonmono) {
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) throw new IllegalArgumentException("weight decay must be 0 or positive, got " + weightDecay);
        if (nonmono < 0) throw new IllegalArgumentException("nonmono must be 0 or more, got " + nonmono);
        this.weightDecay = weightDecay;
        this.nonmono = nonmono;
        this.average = new float[nonmono > 0 ? size : 0];
        this.scalars = new float[RECENT + nonmono];
        scalars[OLDER_MIN] = Float.POSITIVE_INFINITY;
    }

    @Override
    public double step(ParameterStore params, double lr, double maxGradNorm, long update) {
        float[] g = params.grads();
        float[] w = params.values();
        double norm = Math.sqrt(KERNELS.sumOfSquares(g.length, g, 0));
        if (!Double.isFinite(norm)) return norm;
        if (weightDecay > 0) KERNELS.scale(w.length, (float) (1 - lr * weightDecay), w, 0);
        KERNELS.axpy(g.length, (float) -(lr * Sgd.clipFactor(norm, maxGradNorm)), g, 0, w, 0);
        if (averaging()) {
            float k = scalars[AVERAGED] + 1;
            if (k >= 1 << 24) throw new IllegalStateException("more than 2^24 averaged updates; the count would lose precision");
            scalars[AVERAGED] = k;
            if (k <= 2) {
                System.arraycopy(w, 0, average, 0, w.length);
            } else {
                // ax += (w − ax) / (k − 1), as ASGD's ax.add_(p.sub(ax).mul(mu))
                float mu = 1f / (k - 1);
                for (int i = 0; i < w.length; i++) average[i] += (w[i] - average[i]) * mu;
            }
        }
        return norm;
    }

    /** Whether the running average is being kept (and validation should use it). */
    public boolean averaging() {
        return scalars[TRIGGERED] != 0;
    }

    /**
     * Records a validation loss of the weights being trained (call it only while not averaging);
     * starts the averaging from the next update when the loss did not improve for nonmono checks.
     *
     * @return whether this check started the averaging
     */
    public boolean validated(double loss) {
        if (nonmono == 0 || averaging()) return false;
        float l = (float) loss;
        int checks = (int) scalars[CHECKS];
        boolean trigger = checks > nonmono && l > scalars[OLDER_MIN];
        if (checks >= nonmono) {
            // the oldest of the recent losses moves into the older ones
            float leaving = scalars[RECENT + checks % nonmono];
            scalars[OLDER_MIN] = Math.min(scalars[OLDER_MIN], leaving);
        }
        scalars[RECENT + checks % nonmono] = l;
        scalars[CHECKS] = checks + 1;
        if (trigger) scalars[TRIGGERED] = 1;
        return trigger;
    }

    /** Exchanges the weights with their running average; calling it twice restores both. */
    public void swapAverage(ParameterStore params) {
        if (!averaging() || scalars[AVERAGED] == 0) return;
        float[] w = params.values();
        for (int i = 0; i < w.length; i++) {
            float t = w[i];
            w[i] = average[i];
            average[i] = t;
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        if (nonmono > 0) {
            s.put("ntasgd.average", average);
            s.put("ntasgd.scalars", scalars);
        }
        return s;
    }
}
