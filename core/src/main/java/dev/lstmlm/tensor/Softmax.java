package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.FloatMath.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Numerically stable softmax cross-entropy of one row of logits, fused with its gradient and,
 * optionally, with the bias of the layer that produced the logits.
 *
 * <pre>
 *   z    ← z + bias                                   (when a bias is given)
 *   loss = log Σⱼ exp(zⱼ − m) + m − z_target           (m = maxⱼ zⱼ)
 *   dz   = scale · (softmax(z) − onehot(target));  dBias += dz
 * </pre>
 *
 * <p>Three passes over the row (bias-and-max, exp-and-sum, normalize), vectorized, the gradient
 * written in place over the logits: the decoder's (N,V) logits are the largest activation of a word
 * model (400 × 10,000 for PTB small), so there is no second buffer, and the bias is added and its
 * gradient summed inside passes that read the row anyway instead of in passes of their own (a
 * separate broadcast of the bias and column sum of the gradient were a third of the non-GEMM time
 * of a PTB small window). The sum of exponentials is accumulated in float lanes (each term is at
 * most 1) and the lanes are added in a fixed order, so the result does not depend on how the JIT
 * reduces a vector.
 *
 * <p>The scalar twins accumulate the sum in double; they differ from the vector kernels only by
 * the rounding of that float accumulation (bounded in SoftmaxTest).
 */
final class Softmax {
    private Softmax() {}

    /** Cross-entropy of the row z[off, off+n) against {@code target}; z is left unchanged. */
    static double crossEntropy(float[] z, int off, int n, int target) {
        return crossEntropy(z, off, n, target, null, 0);
    }

    /**
     * Cross-entropy of the row z + bias against {@code target}; adds the bias into z first (so that
     * z holds the logits afterwards). A null bias adds nothing and leaves z unchanged.
     */
    static double crossEntropy(float[] z, int off, int n, int target, float[] bias, int bOff) {
        float max = bias == null ? max(z, off, n) : addAndMax(z, off, n, bias, bOff);
        double sum = expSum(z, off, n, max, false);
        return Math.log(sum) + max - z[off + target];
    }

    /**
     * Cross-entropy of the row against {@code target}; overwrites the row with
     * {@code scale · (softmax − onehot)}, the gradient of {@code scale · loss}.
     */
    static double crossEntropyWithGradient(float[] z, int off, int n, int target, float scale) {
        return crossEntropyWithGradient(z, off, n, target, scale, null, 0, null, 0);
    }

    /**
     * Cross-entropy of the row z + bias against {@code target}; overwrites the row with the gradient
     * {@code scale · (softmax − onehot)} and adds that gradient into dBias. A null bias adds
     * nothing; a null dBias receives nothing.
     */
    static double crossEntropyWithGradient(float[] z, int off, int n, int target, float scale,
                                                  float[] bias, int bOff, float[] dBias, int dbOff) {
        float max = bias == null ? max(z, off, n) : addAndMax(z, off, n, bias, bOff);
        float zt = z[off + target];
        double sum = expSum(z, off, n, max, true);
        float k = (float) (scale / sum);
        int bound = S.loopBound(n);
        int j = 0;
        if (dBias == null) {
            for (; j < bound; j += S.length()) {
                FloatVector.fromArray(S, z, off + j).mul(k).intoArray(z, off + j);
            }
            for (; j < n; j++) z[off + j] *= k;
        } else {
            for (; j < bound; j += S.length()) {
                FloatVector g = FloatVector.fromArray(S, z, off + j).mul(k);
                g.intoArray(z, off + j);
                FloatVector.fromArray(S, dBias, dbOff + j).add(g).intoArray(dBias, dbOff + j);
            }
            for (; j < n; j++) {
                z[off + j] *= k;
                dBias[dbOff + j] += z[off + j];
            }
            dBias[dbOff + target] -= scale;
        }
        z[off + target] -= scale;
        return Math.log(sum) + max - zt;
    }

    private static float max(float[] z, int off, int n) {
        int bound = S.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(S, z, off);
            for (j = S.length(); j < bound; j += S.length()) {
                acc = acc.max(FloatVector.fromArray(S, z, off + j));
            }
            // max is exact and order-free, so the lane reduction order cannot change the result.
            max = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) max = Math.max(max, z[off + j]);
        return max;
    }

    /** z ← z + bias; returns the max of the result. */
    private static float addAndMax(float[] z, int off, int n, float[] bias, int bOff) {
        int bound = S.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; j < bound; j += S.length()) {
                FloatVector v = FloatVector.fromArray(S, z, off + j).add(FloatVector.fromArray(S, bias, bOff + j));
                v.intoArray(z, off + j);
                acc = acc.max(v);
            }
            max = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) {
            z[off + j] += bias[bOff + j];
            max = Math.max(max, z[off + j]);
        }
        return max;
    }

    /** Σ exp(zⱼ − max); with {@code store} the exponentials replace the logits. */
    private static double expSum(float[] z, int off, int n, float max, boolean store) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector e = FloatMath.exp(FloatVector.fromArray(S, z, off + j).sub(max));
            if (store) e.intoArray(z, off + j);
            acc = acc.add(e);
        }
        double sum = 0;
        for (int lane = 0; lane < S.length(); lane++) sum += acc.lane(lane);
        for (; j < n; j++) {
            float e = FloatMath.exp(z[off + j] - max);
            if (store) z[off + j] = e;
            sum += e;
        }
        return sum;
    }

    /** The scalar twin of {@link #crossEntropy(float[], int, int, int, float[], int)}. */
    static double crossEntropyScalar(float[] z, int off, int n, int target, float[] bias, int bOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (bias != null) z[off + j] += bias[bOff + j];
            max = Math.max(max, z[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) sum += FloatMath.exp(z[off + j] - max);
        return Math.log(sum) + max - z[off + target];
    }

    /** The scalar twin of {@link #crossEntropyWithGradient(float[], int, int, int, float, float[], int, float[], int)}. */
    static double crossEntropyWithGradientScalar(float[] z, int off, int n, int target, float scale,
                                                        float[] bias, int bOff, float[] dBias, int dbOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (bias != null) z[off + j] += bias[bOff + j];
            max = Math.max(max, z[off + j]);
        }
        float zt = z[off + target];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float e = FloatMath.exp(z[off + j] - max);
            z[off + j] = e;
            sum += e;
        }
        float k = (float) (scale / sum);
        for (int j = 0; j < n; j++) {
            z[off + j] *= k;
            if (dBias != null) dBias[dbOff + j] += z[off + j];
        }
        if (dBias != null) dBias[dbOff + target] -= scale;
        z[off + target] -= scale;
        return Math.log(sum) + max - zt;
    }
}
