package dev.lstmlm.tensor;

/**
 * The scalar twins of {@link VectorKernels}, one element at a time, with {@link ScalarGemm} (one
 * thread, double accumulation) for the products: {@code -Dlstmlm.kernels=scalar}. Slow; for ruling
 * the fast kernels out and for the tests' references. The worker pool still shares the softmax rows
 * and the optimizer's blocks, which do not change the bits.
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Gemm gemm(WorkerPool pool) {
        return new ScalarGemm();
    }

    @Override
    public void lstmForward(int rows, int hidden, float[] bias, int bOff, float[] gates, int gOff,
                            float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff) {
        LstmCell.forwardScalar(rows, hidden, bias, bOff, gates, gOff, cPrev, cpOff, c, cOff, tanhC, tcOff, h, hOff);
    }

    @Override
    public void lstmBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                             float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dBias, int dbOff) {
        LstmCell.backwardScalar(rows, hidden, gates, gOff, cPrev, cpOff, tanhC, tcOff, dh, dhOff, dc, dcOff, dBias, dbOff);
    }

    @Override
    public double crossEntropy(float[] z, int off, int n, int target, float[] bias, int bOff) {
        return Softmax.crossEntropyScalar(z, off, n, target, bias, bOff);
    }

    @Override
    public double crossEntropyWithGradient(float[] z, int off, int n, int target, float scale,
                                           float[] bias, int bOff, float[] dBias, int dbOff) {
        return Softmax.crossEntropyWithGradientScalar(z, off, n, target, scale, bias, bOff, dBias, dbOff);
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Elementwise.mulScalar(n, a, aOff, b, bOff, out, outOff);
    }

    @Override
    public void addTo(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        Elementwise.addToScalar(n, src, srcOff, dst, dstOff);
    }

    @Override
    public void dropoutMask(float[] mask, int off, int n, float keep, SplitMix64 rng) {
        DropoutMask.fillScalar(mask, off, n, keep, rng);
    }

    @Override
    public void scale(int n, float a, float[] x, int off) {
        ScalarOps.scale(n, a, x, off);
    }

    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        ScalarOps.axpy(n, a, x, xOff, y, yOff);
    }

    @Override
    public double sumOfSquares(int n, float[] x, int off) {
        return ScalarOps.sumOfSquares(n, x, off);
    }

    @Override
    public void adam(int n, float[] w, float[] g, float[] m, float[] v, float clip, float beta1, float beta2,
                     float stepSize, float c2, float epsilon) {
        ScalarOps.adam(n, w, g, m, v, clip, beta1, beta2, stepSize, c2, epsilon);
    }

    @Override
    public float max(float[] x, int n) {
        return SamplerKernels.maxScalar(x, n);
    }

    @Override
    public double expShifted(float[] x, float max, float invTemperature, float[] w, int n) {
        return SamplerKernels.expShiftedScalar(x, max, invTemperature, w, n);
    }

    @Override
    public int draw(float[] w, int n, double u) {
        return SamplerKernels.drawScalar(w, n, u);
    }

    @Override
    public int countAtLeast(float[] x, int n, float threshold) {
        return SamplerKernels.countAtLeastScalar(x, n, threshold);
    }

    @Override
    public double weightAtLeast(float[] x, float[] w, int n, float threshold) {
        return SamplerKernels.weightAtLeastScalar(x, w, n, threshold);
    }

    @Override
    public int collectAtLeast(float[] x, int n, float threshold, long[] out) {
        return SamplerKernels.collectAtLeastScalar(x, n, threshold, out);
    }
}
