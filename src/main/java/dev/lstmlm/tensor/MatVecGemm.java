package dev.lstmlm.tensor;

/**
 * A {@link Gemm} that computes one-row NT products (c = a·Bᵀ with M = 1: every product of a batch-1
 * step, as in test-set scoring and generation) with {@link MatVec} and hands every other product to
 * the GEMM it wraps. Measured with {@code lstmlm bench eval --preset ptb-small}: see BENCHMARKS.md.
 */
public final class MatVecGemm implements Gemm {
    private final Gemm inner;
    /** One caller at a time: each model wraps its GEMM in its own MatVecGemm. */
    private final float[] scratch = MatVec.newScratch();

    private MatVecGemm(Gemm inner) {
        this.inner = inner;
    }

    /**
     * {@code gemm} with the one-row path in front of it; the {@link ScalarGemm} stays as it is, so
     * that {@code -Dlstmlm.kernels=scalar} still rules every fast kernel out.
     */
    public static Gemm over(Gemm gemm) {
        return gemm instanceof ScalarGemm ? gemm : new MatVecGemm(gemm);
    }

    @Override
    public void nn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        inner.nn(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void nt(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 1 && k > 0) {
            GemmArgs.check(m, k, a, aOff, lda, "A", n, k, b, bOff, ldb, "B", m, n, c, cOff, ldc);
            MatVec.nt(0, n, k, alpha, a, aOff, b, bOff, ldb, beta, c, cOff, scratch);
        } else {
            inner.nt(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public void tn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        inner.tn(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public String name() {
        return inner.name();
    }
}
