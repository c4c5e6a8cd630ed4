package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.FloatMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The fused elementwise part of an LSTM step, forward and backward, for a block of rows; gate
 * order i, f, g, o as in {@code torch.nn.LSTM}:
 *
 * <pre>
 *   i = σ(zᵢ)   f = σ(z_f + forgetBias)   g = tanh(z_g)   o = σ(z_o)
 *   c = f⊙c_prev + i⊙g                      h = o⊙tanh(c)
 * </pre>
 *
 * <p>The pre-activations z (rows, 4H) are overwritten by the activations, which backward needs, and
 * backward overwrites the activations by dz; so one (rows, 4H) buffer serves the whole step. The
 * forget bias of TensorFlow's {@code BasicLSTMCell} is added here instead of being stored in a
 * bias parameter, so the parameters keep PyTorch's meaning.
 *
 * <p>{@link #forwardScalar} and {@link #backwardScalar} are the reference twins: the same
 * operations one element at a time, returning the same bits (the vector path uses only exactly
 * rounded lane operations, see {@link FloatMath}).
 */
public final class LstmCell {
    private LstmCell() {}

    /**
     * One step for {@code rows} rows of H units.
     *
     * @param gates (rows,4H) pre-activations at {@code gOff}; overwritten by i, f, g, o
     * @param cPrev (rows,H) previous cell state at {@code cpOff}
     * @param c (rows,H) new cell state, written at {@code cOff}
     * @param tanhC (rows,H) tanh(c), kept for backward, written at {@code tcOff}
     * @param h (rows,H) output, written at {@code hOff}
     */
    public static void forward(int rows, int hidden, float forgetBias, float[] gates, int gOff,
                               float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tcOff,
                               float[] h, int hOff) {
        // One transcendental per loop: with all five in one loop body C2 stops inlining
        // (NodeCountInliningCutoff), boxes the vectors and the kernel allocates 1.3 kB per vector.
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            sigmoid(gates, gi, hidden, 0f);
            sigmoid(gates, gi + hidden, hidden, forgetBias);
            tanh(gates, gi + 2 * hidden, hidden);
            sigmoid(gates, gi + 3 * hidden, hidden, 0f);
            int s = r * hidden;
            combine(hidden, gates, gi, cPrev, cpOff + s, c, cOff + s, tanhC, tcOff + s, h, hOff + s);
        }
    }

    /** a ← σ(a + bias) over [off, off+n); adding a zero bias changes no result (σ(−0) = σ(+0)). */
    private static void sigmoid(float[] a, int off, int n, float bias) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatMath.sigmoid(FloatVector.fromArray(S, a, off + j).add(bias)).intoArray(a, off + j);
        }
        for (; j < n; j++) a[off + j] = FloatMath.sigmoid(a[off + j] + bias);
    }

    private static void tanh(float[] a, int off, int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatMath.tanh(FloatVector.fromArray(S, a, off + j)).intoArray(a, off + j);
        }
        for (; j < n; j++) a[off + j] = FloatMath.tanh(a[off + j]);
    }

    /** c = f⊙c_prev + i⊙g, tanh(c), h = o⊙tanh(c) for one row whose gates are activated. */
    private static void combine(int hidden, float[] gates, int gi, float[] cPrev, int cp, float[] c, int co,
                                float[] tanhC, int tc, float[] h, int ho) {
        int gf = gi + hidden;
        int gg = gf + hidden;
        int go = gg + hidden;
        int bound = S.loopBound(hidden);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector i = FloatVector.fromArray(S, gates, gi + j);
            FloatVector f = FloatVector.fromArray(S, gates, gf + j);
            FloatVector g = FloatVector.fromArray(S, gates, gg + j);
            FloatVector cv = f.fma(FloatVector.fromArray(S, cPrev, cp + j), i.mul(g));
            FloatVector t = FloatMath.tanh(cv);
            cv.intoArray(c, co + j);
            t.intoArray(tanhC, tc + j);
            FloatVector.fromArray(S, gates, go + j).mul(t).intoArray(h, ho + j);
        }
        for (; j < hidden; j++) {
            float cv = Math.fma(gates[gf + j], cPrev[cp + j], gates[gi + j] * gates[gg + j]);
            float t = FloatMath.tanh(cv);
            c[co + j] = cv;
            tanhC[tc + j] = t;
            h[ho + j] = gates[go + j] * t;
        }
    }

    /** The scalar twin of {@link #forward}. */
    public static void forwardScalar(int rows, int hidden, float forgetBias, float[] gates, int gOff,
                                     float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tcOff,
                                     float[] h, int hOff) {
        for (int r = 0; r < rows; r++) {
            int s = r * hidden;
            forwardRow(hidden, forgetBias, gates, gOff + r * 4 * hidden, cPrev, cpOff + s, c, cOff + s,
                    tanhC, tcOff + s, h, hOff + s);
        }
    }

    private static void forwardRow(int hidden, float forgetBias, float[] gates, int gi,
                                   float[] cPrev, int cp, float[] c, int co, float[] tanhC, int tc,
                                   float[] h, int ho) {
        for (int j = 0; j < hidden; j++) {
            float i = FloatMath.sigmoid(gates[gi + j]);
            float f = FloatMath.sigmoid(gates[gi + hidden + j] + forgetBias);
            float g = FloatMath.tanh(gates[gi + 2 * hidden + j]);
            float o = FloatMath.sigmoid(gates[gi + 3 * hidden + j]);
            float cv = Math.fma(f, cPrev[cp + j], i * g);
            float t = FloatMath.tanh(cv);
            gates[gi + j] = i;
            gates[gi + hidden + j] = f;
            gates[gi + 2 * hidden + j] = g;
            gates[gi + 3 * hidden + j] = o;
            c[co + j] = cv;
            tanhC[tc + j] = t;
            h[ho + j] = o * t;
        }
    }

    /**
     * Backward through one step for {@code rows} rows.
     *
     * @param gates (rows,4H) activations from {@link #forward}; overwritten by dz (the gradient of
     *     the pre-activations, forget bias included)
     * @param cPrev (rows,H) the step's previous cell state
     * @param tanhC (rows,H) tanh(c) kept by forward
     * @param dh (rows,H) gradient of the step's output h (read only)
     * @param dc (rows,H) in: gradient of the step's cell state from the step after it; out: the
     *     gradient of {@code cPrev}
     */
    public static void backward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            int s = r * hidden;
            int j = 0;
            for (; j < bound; j += S.length()) {
                FloatVector i = FloatVector.fromArray(S, gates, gi + j);
                FloatVector f = FloatVector.fromArray(S, gates, gf + j);
                FloatVector g = FloatVector.fromArray(S, gates, gg + j);
                FloatVector o = FloatVector.fromArray(S, gates, go + j);
                FloatVector tc = FloatVector.fromArray(S, tanhC, tcOff + s + j);
                FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + s + j);
                FloatVector one = FloatVector.broadcast(S, 1f);
                FloatVector dcv = dhv.mul(o).fma(one.sub(tc.mul(tc)), FloatVector.fromArray(S, dc, dcOff + s + j));
                FloatVector cp = FloatVector.fromArray(S, cPrev, cpOff + s + j);
                dcv.mul(g).mul(i.mul(one.sub(i))).intoArray(gates, gi + j);
                dcv.mul(cp).mul(f.mul(one.sub(f))).intoArray(gates, gf + j);
                dcv.mul(i).mul(one.sub(g.mul(g))).intoArray(gates, gg + j);
                dhv.mul(tc).mul(o.mul(one.sub(o))).intoArray(gates, go + j);
                dcv.mul(f).intoArray(dc, dcOff + s + j);
            }
            backwardTail(j, hidden, gates, gi, cPrev, cpOff + s, tanhC, tcOff + s, dh, dhOff + s, dc, dcOff + s);
        }
    }

    /** The scalar twin of {@link #backward}. */
    public static void backwardScalar(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                      float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff) {
        for (int r = 0; r < rows; r++) {
            int s = r * hidden;
            backwardTail(0, hidden, gates, gOff + r * 4 * hidden, cPrev, cpOff + s, tanhC, tcOff + s,
                    dh, dhOff + s, dc, dcOff + s);
        }
    }

    private static void backwardTail(int from, int hidden, float[] gates, int gi, float[] cPrev, int cp,
                                     float[] tanhC, int tc, float[] dh, int dho, float[] dc, int dco) {
        for (int j = from; j < hidden; j++) {
            float i = gates[gi + j];
            float f = gates[gi + hidden + j];
            float g = gates[gi + 2 * hidden + j];
            float o = gates[gi + 3 * hidden + j];
            float t = tanhC[tc + j];
            float dhv = dh[dho + j];
            float dcv = Math.fma(dhv * o, 1f - t * t, dc[dco + j]);
            gates[gi + j] = dcv * g * (i * (1f - i));
            gates[gi + hidden + j] = dcv * cPrev[cp + j] * (f * (1f - f));
            gates[gi + 2 * hidden + j] = dcv * i * (1f - g * g);
            gates[gi + 3 * hidden + j] = dhv * t * (o * (1f - o));
            dc[dco + j] = dcv * f;
        }
    }
}
