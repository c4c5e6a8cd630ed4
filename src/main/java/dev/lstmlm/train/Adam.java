package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization") in the form of
 * {@code torch.optim.Adam} without weight decay, on the gradient clipped by global norm as
 * {@link Sgd} clips it:
 *
 * <pre>
 * g ← g · maxNorm / max(‖g‖, maxNorm)
 * m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
 * w ← w − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * <p>For character models: with a per-parameter step size it reaches a good loss in far fewer
 * updates than SGD, which matters when a run has a fixed time budget. One flat vectorized pass over
 * the ParameterStore per update, with a scalar twin computing the same operations in the same order
 * (so both give the same bits).
 */
public final class Adam implements Optimizer {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** First and second moments, one per parameter. */
    private final float[] m;
    private final float[] v;

    public Adam(int size, double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException("need 0 <= beta1, beta2 < 1 and epsilon > 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new float[size];
        this.v = new float[size];
    }

    /** PyTorch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8. */
    public static Adam withDefaults(int size) {
        return new Adam(size, 0.9, 0.999, 1e-8);
    }

    @Override
    public double step(ParameterStore params, double lr, double maxGradNorm, long update) {
        if (update < 1) throw new IllegalArgumentException("updates count from 1, got " + update);
        if (params.size() != m.length) {
            throw new IllegalArgumentException("this optimizer is for " + m.length + " parameters, not " + params.size());
        }
        double norm = Sgd.globalNorm(params.grads());
        if (Double.isFinite(norm)) {
            double correction1 = 1 - Math.pow(beta1, update);
            double correction2 = 1 - Math.pow(beta2, update);
            update(params.values(), params.grads(), m, v, (float) Sgd.clipFactor(norm, maxGradNorm), (float) beta1,
                    (float) beta2, (float) (lr / correction1), (float) (1 / Math.sqrt(correction2)), (float) epsilon);
        }
        return norm;
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        s.put("adam.m", m);
        s.put("adam.v", v);
        return s;
    }

    static void update(float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2, float stepSize,
                       float invSqrtCorrection2, float epsilon) {
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        int bound = F.loopBound(w.length);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector gi = FloatVector.fromArray(F, g, i).mul(clip);
            FloatVector mi = FloatVector.fromArray(F, m, i).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(F, v, i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denominator = vi.sqrt().mul(invSqrtCorrection2).add(epsilon);
            FloatVector.fromArray(F, w, i).sub(mi.div(denominator).mul(stepSize)).intoArray(w, i);
        }
        for (; i < w.length; i++) {
            updateOne(w, g, m, v, i, clip, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, invSqrtCorrection2, epsilon);
        }
    }

    static void updateScalar(float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2, float stepSize,
                             float invSqrtCorrection2, float epsilon) {
        for (int i = 0; i < w.length; i++) {
            updateOne(w, g, m, v, i, clip, beta1, beta2, 1 - beta1, 1 - beta2, stepSize, invSqrtCorrection2, epsilon);
        }
    }

    private static void updateOne(float[] w, float[] g, float[] m, float[] v, int i, float clip, float beta1, float beta2,
                                  float oneMinusBeta1, float oneMinusBeta2, float stepSize, float invSqrtCorrection2,
                                  float epsilon) {
        float gi = g[i] * clip;
        float mi = m[i] * beta1 + gi * oneMinusBeta1;
        float vi = v[i] * beta2 + gi * gi * oneMinusBeta2;
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] - mi / ((float) Math.sqrt(vi) * invSqrtCorrection2 + epsilon) * stepSize;
    }
}
