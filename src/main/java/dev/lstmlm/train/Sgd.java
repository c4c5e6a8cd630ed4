package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.VectorOps;

/**
 * Plain SGD on the gradient clipped by its global norm, as ptb_word_lm.py does with
 * {@code tf.clip_by_global_norm} and {@code GradientDescentOptimizer}:
 * {@code w ← w − lr · g · maxNorm / max(‖g‖, maxNorm)}, ‖g‖ the L2 norm over all parameters at once.
 * Both the norm and the update are one vectorized pass over the whole parameter store.
 */
public final class Sgd {
    private Sgd() {}

    /**
     * One update of {@code params} from its gradients; the values stay untouched when the gradient
     * norm is not finite, so a diverging run keeps its last good weights.
     *
     * @return the global gradient norm before clipping (NaN or infinite when the run diverged)
     */
    public static double step(ParameterStore params, double lr, double maxGradNorm) {
        float[] g = params.grads();
        double norm = Math.sqrt(VectorOps.sumOfSquares(g.length, g, 0));
        if (Double.isFinite(norm)) {
            VectorOps.axpy(g.length, (float) -(lr * clipFactor(norm, maxGradNorm)), g, 0, params.values(), 0);
        }
        return norm;
    }

    /** The factor clip_by_global_norm multiplies every gradient by: maxNorm / max(norm, maxNorm). */
    static double clipFactor(double norm, double maxNorm) {
        return maxNorm / Math.max(norm, maxNorm);
    }
}
