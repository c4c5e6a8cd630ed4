package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.TestData;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComputeTest {
    private static final int TWO = Math.min(2, Runtime.getRuntime().availableProcessors());

    @AfterEach
    void clearProperty() {
        System.clearProperty(Kernels.PROPERTY);
    }

    @Test
    void givesTheVectorKernelsByDefaultAndNamesThemWithTheThreads() {
        Compute one = Compute.create(1);
        assertThat(one.kernels()).isSameAs(Kernels.vector());
        assertThat(one.gemm()).isInstanceOf(VectorGemm.class);
        assertThat(one.threads()).isEqualTo(1);
        assertThat(one.name()).isEqualTo("vector-" + Simd.bits() + " x1 thread");
        assertThat(one.gemm().name()).isEqualTo("vector-" + Simd.bits() + " x1");
        Compute two = Compute.create(2);
        assertThat(two.name()).isEqualTo("vector-" + Simd.bits() + " x" + TWO + (TWO == 1 ? " thread" : " threads"));
        assertThat(two.pool().threads()).isEqualTo(TWO);
        assertThat(((VectorGemm) two.gemm()).threads()).isEqualTo(TWO);
    }

    @Test
    void givesTheScalarTwinsWhenThePropertyAsksForThemWithThePoolStillParallel() {
        System.setProperty(Kernels.PROPERTY, "scalar");
        Compute c = Compute.create(2);
        assertThat(c.kernels()).isSameAs(Kernels.scalar());
        assertThat(c.gemm()).isInstanceOf(ScalarGemm.class);
        assertThat(c.pool().threads()).isEqualTo(TWO);
        assertThat(c.name()).isEqualTo("scalar x" + TWO + (TWO == 1 ? " thread" : " threads"));
        assertThat(Kernels.chosen()).isSameAs(Kernels.scalar());
        System.setProperty(Kernels.PROPERTY, "vector");
        assertThat(Kernels.chosen()).isSameAs(Kernels.vector());
    }

    @Test
    void rejectsAnUnknownKindAndABadThreadCount() {
        System.setProperty(Kernels.PROPERTY, "fast");
        assertThatThrownBy(() -> Compute.create(1)).isInstanceOf(UserError.class)
                .hasMessage("-Dlstmlm.kernels=fast is not a kind of kernels: use vector or scalar.");
        System.clearProperty(Kernels.PROPERTY);
        assertThatThrownBy(() -> Compute.create(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Compute(Kernels.vector(), null, WorkerPool.of(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneThreadNeverStartsAWorker() throws IOException, InterruptedException {
        // A fresh JVM: in this one other tests may already have started the shared workers.
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(TestData.childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OneThreadProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(out).isEqualTo("vector-" + Simd.bits() + " x1 thread: 16 chunks, workers=0");
        assertThat(p.exitValue()).isZero();
    }

    /** Runs large products and a parallel loop on one thread and prints how many workers exist afterwards. */
    static final class OneThreadProbe {
        public static void main(String[] args) {
            Compute compute = Compute.create(1);
            Gemm g = compute.gemm();
            int m = 300, n = 500, k = 200;
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            g.nn(m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            g.nt(20, 200, 800, 1f, new float[20 * 800], 0, 800, new float[200 * 800], 0, 800, 0f, c, 0, 200);
            g.tn(m, n, k, 1f, new float[k * m], 0, m, b, 0, n, 0f, c, 0, n);
            AtomicInteger chunks = new AtomicInteger();
            compute.pool().forEachChunk(16, i -> chunks.incrementAndGet());
            long workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("lstmlm-worker")).count();
            System.out.println(compute.name() + ": " + chunks + " chunks, workers=" + workers);
        }
    }
}
