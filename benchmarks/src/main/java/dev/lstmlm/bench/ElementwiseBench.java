package dev.lstmlm.bench;

import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.SplitMix64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The elementwise work of one PTB training window (B = 20, T = 20, V = 10,000): softmax
 * cross-entropy of the (T·B,V) logits with and without the gradient, one LSTM step of the cell
 * (forward + backward, B rows of H units), and drawing plus applying a dropout mask of one site.
 * Run: {@code ./lstmlm jmh ElementwiseBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBench {
    private static final Kernels VECTOR = Kernels.vector();
    private static final Kernels SCALAR = Kernels.scalar();

    @Param({"200", "650"})
    int hidden;

    static final int BATCH = 20;
    static final int STEPS = 20;
    static final int VOCAB = 10_000;

    float[] logits;
    int[] targets;
    float[] pre;
    float[] gates;
    float[] cPrev;
    float[] c;
    float[] tanhC;
    float[] h;
    float[] dh;
    float[] dc;
    float[] bias;
    float[] dBias;
    float[] activations;
    float[] dropped;
    float[] mask;
    SplitMix64 rng;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        logits = new float[STEPS * BATCH * VOCAB];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (3 * r.nextGaussian());
        targets = new int[STEPS * BATCH];
        for (int i = 0; i < targets.length; i++) targets[i] = r.nextInt(VOCAB);
        int n = BATCH * hidden;
        pre = new float[4 * n];
        for (int i = 0; i < pre.length; i++) pre[i] = (float) (2 * r.nextGaussian());
        gates = new float[4 * n];
        cPrev = new float[n];
        for (int i = 0; i < n; i++) cPrev[i] = (float) r.nextGaussian();
        c = new float[n];
        tanhC = new float[n];
        h = new float[n];
        dh = new float[n];
        for (int i = 0; i < n; i++) dh[i] = (float) (0.1 * r.nextGaussian());
        dc = new float[n];
        bias = new float[4 * hidden];
        for (int i = 0; i < bias.length; i++) bias[i] = (float) (0.1 * r.nextGaussian());
        dBias = new float[4 * hidden];
        activations = new float[STEPS * n];
        for (int i = 0; i < activations.length; i++) activations[i] = (float) r.nextGaussian();
        dropped = new float[STEPS * n];
        mask = new float[STEPS * n];
        rng = new SplitMix64(7);
    }

    /** Softmax-CE and its gradient over the (T·B,V) logits, in place (the gradient is rewritten each time). */
    @Benchmark
    public double softmaxWithGradient() {
        double sum = 0;
        for (int row = 0; row < STEPS * BATCH; row++) {
            sum += VECTOR.crossEntropyWithGradient(logits, row * VOCAB, VOCAB, targets[row], 0.05f, null, 0, null, 0);
        }
        return sum;
    }

    /** Evaluation's softmax-CE over the (T·B,V) logits. */
    @Benchmark
    public double softmaxLossOnly() {
        double sum = 0;
        for (int row = 0; row < STEPS * BATCH; row++) {
            sum += VECTOR.crossEntropy(logits, row * VOCAB, VOCAB, targets[row], null, 0);
        }
        return sum;
    }

    /** One step's cell, forward then backward (plus the copy of its B·4H pre-activations). */
    @Benchmark
    public float[] lstmCellStep() {
        System.arraycopy(pre, 0, gates, 0, pre.length);
        VECTOR.lstmForward(BATCH, hidden, bias, 0, gates, 0, cPrev, 0, c, 0, tanhC, 0, h, 0);
        System.arraycopy(cPrev, 0, dc, 0, dc.length);
        VECTOR.lstmBackward(BATCH, hidden, gates, 0, cPrev, 0, tanhC, 0, dh, 0, dc, 0, dBias, 0);
        return gates;
    }

    /** The scalar twin of {@link #lstmCellStep}. */
    @Benchmark
    public float[] lstmCellStepScalar() {
        System.arraycopy(pre, 0, gates, 0, pre.length);
        SCALAR.lstmForward(BATCH, hidden, bias, 0, gates, 0, cPrev, 0, c, 0, tanhC, 0, h, 0);
        System.arraycopy(cPrev, 0, dc, 0, dc.length);
        SCALAR.lstmBackward(BATCH, hidden, gates, 0, cPrev, 0, tanhC, 0, dh, 0, dc, 0, dBias, 0);
        return gates;
    }

    /** One dropout site of a window: draw the (T,B,H) mask and apply it. */
    @Benchmark
    public float[] dropoutSite() {
        int n = activations.length;
        VECTOR.dropoutMask(mask, 0, n, 0.5f, rng);
        VECTOR.mul(n, activations, 0, mask, 0, dropped, 0);
        return dropped;
    }
}
