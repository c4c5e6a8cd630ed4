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

    /**
     * op(B) (k×n) copied into the layout this GEMM reads fastest, for many {@link #nn(int, float,
     * float[], int, int, PackedMatrix, float, float[], int, int)} products: B itself (k×n, leading
     * dimension ldb) or, when {@code transposed}, the transpose of a stored (n×k) B. The copy is
     * taken now: later changes to {@code b} do not reach it. {@code reuse} (may be null) is refilled
     * when it has room, so that packing the same operand again allocates nothing.
     */
    default PackedMatrix pack(boolean transposed, int k, int n, float[] b, int bOff, int ldb, PackedMatrix reuse) {
        GemmArgs.matrix(transposed ? n : k, transposed ? k : n, b, bOff, ldb, "B");
        PackedMatrix p = PackedMatrix.of(PackedMatrix.Layout.ROW_MAJOR, k, n, k * n, reuse);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                p.data[i * n + j] = transposed ? b[bOff + j * ldb + i] : b[bOff + i * ldb + j];
            }
        }
        return p;
    }

    /** C[m,n] = α·A[m,k]·op(B) + β·C with op(B) (k×n) packed by {@link #pack} of this GEMM. */
    default void nn(int m, float alpha, float[] a, int aOff, int lda, PackedMatrix b, float beta, float[] c, int cOff, int ldc) {
        if (b.layout != PackedMatrix.Layout.ROW_MAJOR) {
            throw new IllegalArgumentException("this operand was packed by another GEMM (" + b.layout + ")");
        }
        nn(m, b.n, b.k, alpha, a, aOff, lda, b.data, 0, b.n, beta, c, cOff, ldc);
    }

    /** A short name for logs and benchmark tables, e.g. "scalar" or "vector x2". */
    String name();
}
