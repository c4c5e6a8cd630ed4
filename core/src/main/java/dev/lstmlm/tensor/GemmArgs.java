package dev.lstmlm.tensor;

/** Shape and bounds checks shared by the {@link Gemm} implementations. */
final class GemmArgs {
    private GemmArgs() {}

    /** Checks the three row-major operands as stored: (rows, cols) with leading dimension ld. */
    static void check(int aRows, int aCols, float[] a, int aOff, int lda, String aName,
                      int bRows, int bCols, float[] b, int bOff, int ldb, String bName,
                      int cRows, int cCols, float[] c, int cOff, int ldc) {
        matrix(aRows, aCols, a, aOff, lda, aName);
        matrix(bRows, bCols, b, bOff, ldb, bName);
        matrix(cRows, cCols, c, cOff, ldc, "C");
    }

    /** Checks one row-major operand as stored: (rows, cols) with leading dimension ld. */
    static void matrix(int rows, int cols, float[] x, int off, int ld, String name) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + " has a negative dimension: " + rows + "×" + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " is smaller than its " + cols + " columns");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException(name + " (" + rows + "×" + cols + ", offset " + off + ", leading dimension "
                    + ld + ") does not fit in an array of " + x.length);
        }
    }
}
