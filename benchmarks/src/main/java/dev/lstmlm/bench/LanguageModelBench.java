package dev.lstmlm.bench;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Gemm;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.WorkerPool;
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
 * One training window (forward, backward, no optimizer step) and one evaluation window of the
 * Zaremba et al. PTB models: small (H = 200, T = 20, keep 1) and medium (H = 650, T = 35, keep
 * 0.5), B = 20, V = 10,000, two layers. Words per second = T·B / time.
 *
 * <p>{@code gemm=none} swaps in a GEMM that does nothing, which leaves exactly the model's own
 * work (embedding, LSTM cells, dropout, softmax cross-entropy, copies): the part this project
 * writes outside the GEMM kernels. Run: {@code ./lstmlm jmh LanguageModelBench -p gemm=vector,none}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class LanguageModelBench {
    @Param({"small", "medium"})
    public String preset;

    @Param({"vector", "none"})
    public String gemm;

    @Param({"2"})
    public int threads;

    private LanguageModel model;
    private LanguageModel.State state;
    private int[] x;
    private int[] y;
    private int steps;

    static final int BATCH = 20;
    static final int VOCAB = 10_000;

    @Setup
    public void setUp() {
        int hidden = preset.equals("small") ? 200 : 650;
        float keep = preset.equals("small") ? 1f : 0.5f;
        steps = preset.equals("small") ? 20 : 35;
        Compute compute = gemm.equals("none")
                ? new Compute(Kernels.vector(), new NoGemm(), WorkerPool.of(threads))
                : Compute.of(Kernels.vector(), threads);
        model = new LanguageModel(new ModelConfig(VOCAB, ModelConfig.Input.EMBEDDING, hidden, hidden, 2, keep, 0f), compute);
        model.initUniform(0.05f, 1);
        SplittableRandom r = new SplittableRandom(2);
        x = new int[steps * BATCH];
        y = new int[steps * BATCH];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(VOCAB);
            y[i] = r.nextInt(VOCAB);
        }
        state = model.newState(BATCH);
    }

    @Benchmark
    public double trainWindow() {
        return model.trainWindow(x, y, steps, BATCH, state, 1f);
    }

    @Benchmark
    public double evalWindow() {
        return model.evalWindow(x, y, steps, BATCH, state);
    }

    /** Leaves C as it is: measures everything around the products. */
    static final class NoGemm implements Gemm {
        @Override
        public void nn(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {}

        @Override
        public void nt(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {}

        @Override
        public void tn(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {}

        @Override
        public String name() {
            return "none";
        }
    }
}
