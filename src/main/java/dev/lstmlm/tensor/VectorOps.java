package dev.lstmlm.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized loops over a range of a {@code float[]} for the optimizer and the gradient clipping
 * (one flat loop over the parameter store each). Each has a twin in {@link ScalarOps}: axpy, scale
 * and fill give the same bits as their twins (one fma or one multiply per element either way);
 * the sum of squares is accumulated in double in a different order and agrees to double rounding.
 */
public final class VectorOps {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;

    private VectorOps() {}

    /** y[yOff + i] += a·x[xOff + i] for i < n, each element rounded once (fma). */
    public static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
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
    public static void scale(int n, float a, float[] x, int off) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).mul(a).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= a;
        }
    }

    /** x[off + i] = 0 for i < n. */
    public static void fillZero(int n, float[] x, int off) {
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            zero.intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = 0f;
        }
    }

    /**
     * Σ x[off + i]² for i < n, in double: the squares are exact in double, the sum keeps 16 lane
     * sums added in a fixed order, so the result is reproducible and within about log2(n)·2^-53
     * relative of the exact value.
     */
    public static double sumOfSquares(int n, float[] x, int off) {
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
}
