package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.FloatMath.S;

import jdk.incubator.vector.FloatVector;

/**
 * The fused elementwise part of an LSTM step, forward and backward, for a block of rows; gate
 * order i, f, g, o as in {@code torch.nn.LSTM}. With z the (rows, 4H) products of the input and
 * the previous output with the weights, and b one (4H) bias vector:
 *
 * <pre>
 *   i = σ(zᵢ + bᵢ)   f = σ(z_f + b_f)   g = tanh(z_g + b_g)   o = σ(z_o + b_o)
 *   c = f⊙c_prev + i⊙g                   h = o⊙tanh(c)
 * </pre>
 *
 * <p>The layer passes b = b_ih + b_hh with TensorFlow's forget bias added to its f part, so the
 * parameters keep PyTorch's meaning and no GEMM or broadcast pass has to add the bias. z is
 * overwritten by the activations, which backward needs, and backward overwrites the activations by
 * dz and adds Σ_rows dz into the bias gradient; so one (rows, 4H) buffer serves the whole step.
 *
 * <p>{@link #forwardScalar} and {@link #backwardScalar} are the reference twins: the same
 * operations one element at a time, returning the same bits (the vector path uses only exactly
 * rounded lane operations, see {@link FloatMath}).
 */
final class LstmCell {
    private LstmCell() {}

    /**
     * One step for {@code rows} rows of H units.
     *
     * @param bias (4H) added to every row of z, at {@code bOff}
     * @param gates (rows,4H) products z at {@code gOff}; overwritten by i, f, g, o
     * @param cPrev (rows,H) previous cell state at {@code cpOff}
     * @param c (rows,H) new cell state, written at {@code cOff}
     * @param tanhC (rows,H) tanh(c), kept for backward, written at {@code tcOff}
     * @param h (rows,H) output, written at {@code hOff}
     */
    static void forward(int rows, int hidden, float[] bias, int bOff, float[] gates, int gOff,
                               float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tcOff,
                               float[] h, int hOff) {
        // One transcendental per loop: with all five in one loop body C2 stops inlining
        // (NodeCountInliningCutoff), boxes the vectors and the kernel allocates 1.3 kB per vector.
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            sigmoid(gates, gi, bias, bOff, 2 * hidden);
            tanh(gates, gi + 2 * hidden, bias, bOff + 2 * hidden, hidden);
            sigmoid(gates, gi + 3 * hidden, bias, bOff + 3 * hidden, hidden);
            int s = r * hidden;
            combine(hidden, gates, gi, cPrev, cpOff + s, c, cOff + s, tanhC, tcOff + s, h, hOff + s);
        }
    }

    /** a ← σ(a + b) over n elements. */
    private static void sigmoid(float[] a, int off, float[] b, int bOff, int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, a, off + j).add(FloatVector.fromArray(S, b, bOff + j));
            FloatMath.sigmoid(z).intoArray(a, off + j);
        }
        for (; j < n; j++) a[off + j] = FloatMath.sigmoid(a[off + j] + b[bOff + j]);
    }

    /** a ← tanh(a + b) over n elements. */
    private static void tanh(float[] a, int off, float[] b, int bOff, int n) {
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, a, off + j).add(FloatVector.fromArray(S, b, bOff + j));
            FloatMath.tanh(z).intoArray(a, off + j);
        }
        for (; j < n; j++) a[off + j] = FloatMath.tanh(a[off + j] + b[bOff + j]);
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
    static void forwardScalar(int rows, int hidden, float[] bias, int bOff, float[] gates, int gOff,
                                     float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tcOff,
                                     float[] h, int hOff) {
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            int s = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = FloatMath.sigmoid(gates[gi + j] + bias[bOff + j]);
                float f = FloatMath.sigmoid(gates[gi + hidden + j] + bias[bOff + hidden + j]);
                float g = FloatMath.tanh(gates[gi + 2 * hidden + j] + bias[bOff + 2 * hidden + j]);
                float o = FloatMath.sigmoid(gates[gi + 3 * hidden + j] + bias[bOff + 3 * hidden + j]);
                float cv = Math.fma(f, cPrev[cpOff + s + j], i * g);
                float t = FloatMath.tanh(cv);
                gates[gi + j] = i;
                gates[gi + hidden + j] = f;
                gates[gi + 2 * hidden + j] = g;
                gates[gi + 3 * hidden + j] = o;
                c[cOff + s + j] = cv;
                tanhC[tcOff + s + j] = t;
                h[hOff + s + j] = o * t;
            }
        }
    }

    /**
     * Backward through one step for {@code rows} rows.
     *
     * @param gates (rows,4H) activations from {@link #forward}; overwritten by dz (the gradient of
     *     the pre-activations)
     * @param cPrev (rows,H) the step's previous cell state
     * @param tanhC (rows,H) tanh(c) kept by forward
     * @param dh (rows,H) gradient of the step's output h (read only)
     * @param dc (rows,H) in: gradient of the step's cell state from the step after it; out: the
     *     gradient of {@code cPrev}
     * @param dBias (4H) receives Σ over the rows of dz, row after row
     */
    static void backward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                float[] dBias, int dbOff) {
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
                FloatVector di = dcv.mul(g).mul(i.mul(one.sub(i)));
                FloatVector df = dcv.mul(cp).mul(f.mul(one.sub(f)));
                FloatVector dg = dcv.mul(i).mul(one.sub(g.mul(g)));
                FloatVector dOut = dhv.mul(tc).mul(o.mul(one.sub(o)));
                di.intoArray(gates, gi + j);
                df.intoArray(gates, gf + j);
                dg.intoArray(gates, gg + j);
                dOut.intoArray(gates, go + j);
                dcv.mul(f).intoArray(dc, dcOff + s + j);
                int b = dbOff + j;
                FloatVector.fromArray(S, dBias, b).add(di).intoArray(dBias, b);
                FloatVector.fromArray(S, dBias, b + hidden).add(df).intoArray(dBias, b + hidden);
                FloatVector.fromArray(S, dBias, b + 2 * hidden).add(dg).intoArray(dBias, b + 2 * hidden);
                FloatVector.fromArray(S, dBias, b + 3 * hidden).add(dOut).intoArray(dBias, b + 3 * hidden);
            }
            backwardRow(j, hidden, gates, gi, cPrev, cpOff + s, tanhC, tcOff + s, dh, dhOff + s, dc, dcOff + s, dBias, dbOff);
        }
    }

    /** The scalar twin of {@link #backward}. */
    static void backwardScalar(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                      float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                      float[] dBias, int dbOff) {
        for (int r = 0; r < rows; r++) {
            int s = r * hidden;
            backwardRow(0, hidden, gates, gOff + r * 4 * hidden, cPrev, cpOff + s, tanhC, tcOff + s,
                    dh, dhOff + s, dc, dcOff + s, dBias, dbOff);
        }
    }

    private static void backwardRow(int from, int hidden, float[] gates, int gi, float[] cPrev, int cp,
                                    float[] tanhC, int tc, float[] dh, int dho, float[] dc, int dco,
                                    float[] dBias, int db) {
        for (int j = from; j < hidden; j++) {
            float i = gates[gi + j];
            float f = gates[gi + hidden + j];
            float g = gates[gi + 2 * hidden + j];
            float o = gates[gi + 3 * hidden + j];
            float t = tanhC[tc + j];
            float dhv = dh[dho + j];
            float dcv = Math.fma(dhv * o, 1f - t * t, dc[dco + j]);
            float di = dcv * g * (i * (1f - i));
            float df = dcv * cPrev[cp + j] * (f * (1f - f));
            float dg = dcv * i * (1f - g * g);
            float dOut = dhv * t * (o * (1f - o));
            gates[gi + j] = di;
            gates[gi + hidden + j] = df;
            gates[gi + 2 * hidden + j] = dg;
            gates[gi + 3 * hidden + j] = dOut;
            dc[dco + j] = dcv * f;
            dBias[db + j] += di;
            dBias[db + hidden + j] += df;
            dBias[db + 2 * hidden + j] += dg;
            dBias[db + 3 * hidden + j] += dOut;
        }
    }
}
