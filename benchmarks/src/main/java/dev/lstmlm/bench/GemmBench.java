package dev.lstmlm.bench;

import dev.lstmlm.tensor.Gemm;
import dev.lstmlm.tensor.Compute;
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
 * The three products of a layer with input X (m×k) and weights W (k×n), as backpropagation calls
 * them: {@code nn} Y = X·W (M=m, N=n, K=k), {@code nt} dX = dY·Wᵀ (M=m, N=k, K=n), {@code tn}
 * dW = Xᵀ·dY (M=k, N=n, K=m). Each does 2·m·k·n flops, so GFLOP/s = 2·m·k·n / (score in µs) / 1000.
 *
 * <p>Run: {@code ./lstmlm jmh GemmBench} (add {@code -p shape=20x200x800 -p threads=2} to pick).
 * The default shapes are the word-level model's: batch 20 or unrolled 20×35 = 700 rows, hidden
 * 200 or 650, vocabulary 10000, and the LSTM's step 20×(2H)×4H. The warm-up is long (10 s):
 * the Vector API code runs boxed and slow until C2 has compiled it, which on busy cores took
 * several seconds for the products that are called less often.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    /** m×k×n (JMH splits -p values at commas). */
    @Param({"400x200x10000", "20x200x800", "20x400x800", "700x650x10000", "20x650x2600", "2000x2000x2000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Gemm gemm;
    private int m, k, n;
    private float[] x, w, y;

    @Setup
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        gemm = Compute.create(threads).gemm();
        SplittableRandom rnd = new SplittableRandom(42);
        x = random(rnd, m * k);
        w = random(rnd, k * n);
        y = random(rnd, m * n);
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return a;
    }

    @Benchmark
    public float[] nn() {
        gemm.nn(m, n, k, 1f, x, 0, k, w, 0, n, 0f, y, 0, n);
        return y;
    }

    @Benchmark
    public float[] nt() {
        gemm.nt(m, k, n, 1f, y, 0, n, w, 0, n, 0f, x, 0, k);
        return x;
    }

    @Benchmark
    public float[] tn() {
        gemm.tn(k, n, m, 1f, x, 0, k, y, 0, n, 0f, w, 0, n);
        return w;
    }
}
