package dev.lstmlm.tensor;

/**
 * The reference {@link Gemm}: plain loops, one thread, accumulation in double so that it is a
 * trustworthy twin for the fast kernels' tests. Slow; never used for training.
 */
public final class ScalarGemm implements Gemm {

    @Override
    public void nn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                store(c, cOff + i * ldc + j, alpha, s, beta);
            }
        }
    }

    @Override
    public void nt(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + i * lda + p] * b[bOff + j * ldb + p];
                }
                store(c, cOff + i * ldc + j, alpha, s, beta);
            }
        }
    }

    @Override
    public void tn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[aOff + p * lda + i] * b[bOff + p * ldb + j];
                }
                store(c, cOff + i * ldc + j, alpha, s, beta);
            }
        }
    }

    private static void store(float[] c, int idx, float alpha, double sum, float beta) {
        c[idx] = beta == 0f ? (float) (alpha * sum) : (float) (alpha * sum + (double) beta * c[idx]);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
