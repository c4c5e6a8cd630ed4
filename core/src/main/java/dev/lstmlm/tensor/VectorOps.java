package dev.lstmlm.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized loops over a range of a {@code float[]} for the optimizer and the gradient clipping
 * (one flat loop over the parameter store each). Each has a twin in {@link ScalarOps}: axpy gives
 * the same bits as its twin (one fma per element either way);
 * the sum of squares is accumulated in double in a different order and agrees to double rounding.
 * The Adam update gives the same bits as its twin (the same multiplies, adds, one square root and
 * one division per element, none fused).
 */
final class VectorOps {
    private static final VectorSpecies<Float> F = Simd.FLOATS;
    private static final VectorSpecies<Double> D = Simd.DOUBLES;

    private VectorOps() {}

    /** y[yOff + i] += a·x[xOff + i] for i < n, each element rounded once (fma). */
    static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(F, a);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], a, y[yOff + i]);
        }
    }

    /** x[off + i] *= a for i < n. */
    static void scale(int n, float a, float[] x, int off) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).mul(a).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= a;
        }
    }

    /**
     * Σ x[off + i]² for i < n, in double: the squares are exact in double, the sum keeps 16 lane
     * sums added in a fixed order, so the result is reproducible and within about log2(n)·2^-53
     * relative of the exact value.
     */
    static double sumOfSquares(int n, float[] x, int off) {
        DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            DoubleVector v0 = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector v1 = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            lo = v0.fma(v0, lo);
            hi = v1.fma(v1, hi);
        }
        double s = 0;
        for (int l = 0; l < D.length(); l++) {
            s += lo.lane(l);
        }
        for (int l = 0; l < D.length(); l++) {
            s += hi.lane(l);
        }
        for (; i < n; i++) {
            double v = x[off + i];
            s += v * v;
        }
        return s;
    }

    /**
     * One Adam update of n parameters (Kingma and Ba 2015, in torch.optim.Adam's form) on the gradient
     * times {@code clip}: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − stepSize · m / (√v · c₂ + ε),
     * where the caller folds the bias corrections into {@code stepSize} = lr / (1 − β₁ᵗ) and
     * {@code c₂} = 1 / √(1 − β₂ᵗ).
     */
    static void adam(int n, float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2,
                            float stepSize, float c2, float epsilon) {
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector gi = FloatVector.fromArray(F, g, i).mul(clip);
            FloatVector mi = FloatVector.fromArray(F, m, i).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(F, v, i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denominator = vi.sqrt().mul(c2).add(epsilon);
            FloatVector.fromArray(F, w, i).sub(mi.div(denominator).mul(stepSize)).intoArray(w, i);
        }
        for (; i < n; i++) {
            ScalarOps.adamOne(i, w, g, m, v, clip, beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, c2, epsilon);
        }
    }
}
