package dev.lstmlm.tensor;

/**
 * Single-precision matrix products on row-major {@code float[]} matrices with offsets and leading
 * dimensions, in the three forms backpropagation needs (BLAS sgemm semantics, {@code C = αAB + βC}):
 *
 * <ul>
 *   <li>{@link #nn}: C[m,n] = α·A[m,k]·B[k,n] + β·C (forward: Y = X·W);
 *   <li>{@link #nt}: C[m,n] = α·A[m,k]·B[n,k]ᵀ + β·C (input gradient: dX = dY·Wᵀ);
 *   <li>{@link #tn}: C[m,n] = α·A[k,m]ᵀ·B[k,n] + β·C (weight gradient: dW = Xᵀ·dY).
 * </ul>
 *
 * <p>With β = 0 the old contents of C are ignored (even NaN), as in BLAS.
 */
public interface Gemm {

    void nn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    void nt(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    void tn(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /** A short name for logs and benchmark tables, e.g. "scalar" or "vector x2". */
    String name();
}
