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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmsTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(Gemms.PROPERTY);
    }

    @Test
    void givesTheVectorKernelsByDefaultAndNamesThem() {
        Gemm g = Gemms.create(1);
        assertThat(g).isInstanceOf(VectorGemm.class);
        assertThat(g.name()).isEqualTo("vector-" + Simd.bits() + " x1");
        assertThat(Gemms.create().name()).startsWith("vector-" + Simd.bits() + " x");
    }

    @Test
    void givesTheScalarKernelsWhenThePropertyAsksForThem() {
        System.setProperty(Gemms.PROPERTY, "scalar");
        assertThat(Gemms.create(2)).isInstanceOf(ScalarGemm.class);
        assertThat(Gemms.create(2).name()).isEqualTo("scalar");
    }

    @Test
    void rejectsAnUnknownKindAndABadThreadCount() {
        System.setProperty(Gemms.PROPERTY, "fast");
        assertThatThrownBy(() -> Gemms.create(1)).isInstanceOf(UserError.class)
                .hasMessage("-Dlstmlm.kernels=fast is not a kind of kernels: use vector or scalar.");
        System.clearProperty(Gemms.PROPERTY);
        assertThatThrownBy(() -> Gemms.create(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneThreadNeverStartsAWorker() throws IOException, InterruptedException {
        // A fresh JVM: in this one other tests may already have started the shared pool.
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(TestData.childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OneThreadProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(out).isEqualTo("vector-" + Simd.bits() + " x1 workers=0");
        assertThat(p.exitValue()).isZero();
    }

    /** Runs large products on one thread and prints how many pool workers exist afterwards. */
    static final class OneThreadProbe {
        public static void main(String[] args) {
            Gemm g = Gemms.create(1);
            int m = 300, n = 500, k = 200;
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            g.nn(m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            g.nt(20, 200, 800, 1f, new float[20 * 800], 0, 800, new float[200 * 800], 0, 800, 0f, c, 0, 200);
            g.tn(m, n, k, 1f, new float[k * m], 0, m, b, 0, n, 0f, c, 0, n);
            long workers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("lstmlm-gemm")).count();
            System.out.println(g.name() + " workers=" + workers);
        }
    }
}
