package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Plain SGD on the gradient clipped by its global norm, as ptb_word_lm.py does with
 * {@code tf.clip_by_global_norm} and {@code GradientDescentOptimizer}:
 * {@code w ← w − lr · g · maxNorm / max(‖g‖, maxNorm)}, ‖g‖ the L2 norm over all parameters at once.
 *
 * <p>Both passes run over every parameter once per batch (4.6 M floats for ptb-small), so they are
 * vectorized; each has a scalar twin that the tests compare it with.
 */
public final class Sgd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /**
     * Squares are summed in float lanes over blocks of this many elements and each block's sum is
     * added in double: a lane adds at most BLOCK / lanes terms in float (64 for AVX-512), which keeps
     * the relative error of the norm below 1e-5 without converting every element to double.
     */
    static final int BLOCK = 1024;

    private Sgd() {}

    /**
     * One update of {@code params} from its gradients; the values stay untouched when the gradient
     * norm is not finite, so a diverging run keeps its last good weights.
     *
     * @return the global gradient norm before clipping (NaN or infinite when the run diverged)
     */
    public static double step(ParameterStore params, double lr, double maxGradNorm) {
        double norm = globalNorm(params.grads());
        if (Double.isFinite(norm)) {
            update(params.values(), params.grads(), (float) (lr * clipFactor(norm, maxGradNorm)));
        }
        return norm;
    }

    /** The factor clip_by_global_norm multiplies every gradient by: maxNorm / max(norm, maxNorm). */
    static double clipFactor(double norm, double maxNorm) {
        return maxNorm / Math.max(norm, maxNorm);
    }

    /** sqrt(Σ g²). */
    static double globalNorm(float[] g) {
        double total = 0;
        int bound = F.loopBound(g.length);
        int i = 0;
        while (i < bound) {
            int blockEnd = Math.min(bound, i + BLOCK);
            FloatVector acc = FloatVector.zero(F);
            for (; i < blockEnd; i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, g, i);
                acc = v.fma(v, acc);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < g.length; i++) total += (double) g[i] * g[i];
        return Math.sqrt(total);
    }

    static double globalNormScalar(float[] g) {
        double total = 0;
        for (float x : g) total += (double) x * x;
        return Math.sqrt(total);
    }

    /** w ← w − scale · g. */
    static void update(float[] w, float[] g, float scale) {
        int bound = F.loopBound(w.length);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, g, i).mul(-scale).add(FloatVector.fromArray(F, w, i)).intoArray(w, i);
        }
        for (; i < w.length; i++) w[i] += -scale * g[i];
    }

    static void updateScalar(float[] w, float[] g, float scale) {
        for (int i = 0; i < w.length; i++) w[i] += -scale * g[i];
    }
}
