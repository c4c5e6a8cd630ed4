package dev.lstmlm.tensor;

/** The plain-loop twins of {@link VectorOps}, kept as their reference in tests. */
final class ScalarOps {
    private ScalarOps() {}

    /** y[yOff + i] += a·x[xOff + i] for i < n, each element rounded once (fma). */
    static void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(x[xOff + i], a, y[yOff + i]);
        }
    }

    /** x[off + i] *= a for i < n. */
    static void scale(int n, float a, float[] x, int off) {
        for (int i = 0; i < n; i++) {
            x[off + i] *= a;
        }
    }

    /** Σ x[off + i]² for i < n, summed in double from left to right. */
    static double sumOfSquares(int n, float[] x, int off) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[off + i];
            s += v * v;
        }
        return s;
    }

    /** One Adam update of n parameters; see {@link VectorOps#adam}. */
    static void adam(int n, float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2,
                            float stepSize, float c2, float epsilon) {
        for (int i = 0; i < n; i++) {
            adamOne(i, w, g, m, v, clip, beta1, beta2, 1 - beta1, 1 - beta2, stepSize, c2, epsilon);
        }
    }

    static void adamOne(int i, float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2,
                        float oneMinusBeta1, float oneMinusBeta2, float stepSize, float c2, float epsilon) {
        float gi = g[i] * clip;
        float mi = m[i] * beta1 + gi * oneMinusBeta1;
        float vi = v[i] * beta2 + gi * gi * oneMinusBeta2;
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] - mi / ((float) Math.sqrt(vi) * c2 + epsilon) * stepSize;
    }
}
