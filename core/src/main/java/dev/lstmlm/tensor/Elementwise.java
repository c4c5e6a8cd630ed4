package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.FloatMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The small elementwise loops of the layers (applying dropout masks, accumulating gradients),
 * vectorized, each with a scalar twin; both give the same bits since every lane operation is a
 * single rounded add or multiply.
 */
final class Elementwise {
    private Elementwise() {}

    /** out[i] = a[i]·b[i] for i in [0, n); out may be a or b. */
    static void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    static void mulScalar(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i] * b[bOff + i];
    }

    /** dst[i] += src[i] for i in [0, n). */
    static void addTo(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, dst, dstOff + i).add(FloatVector.fromArray(S, src, srcOff + i)).intoArray(dst, dstOff + i);
        }
        for (; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }

    static void addToScalar(int n, float[] src, int srcOff, float[] dst, int dstOff) {
        for (int i = 0; i < n; i++) dst[dstOff + i] += src[srcOff + i];
    }
}
