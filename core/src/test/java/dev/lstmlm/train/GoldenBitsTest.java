package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.TestData;
import dev.lstmlm.data.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training computes the same bits as the version that wrote {@code golden-bits.txt}: every loss of
 * the first 50 windows of ptb-small on 1 and on 2 threads and of the first 100 updates of
 * char-udacity, and every byte of the checkpoints after them. It runs {@link GoldenRun} in a JVM of
 * its own with 256-bit vectors, which every AVX2 and AVX-512 machine runs natively, so that the
 * values hold on every machine the suite runs on.
 */
class GoldenBitsTest {
    @TempDir Path dir;

    @Test
    void trainingGivesTheRecordedBits() throws IOException, InterruptedException {
        Path dataDir = TestData.require("ptb/ptb.train.txt").getParent().getParent();
        TestData.require("tinyshakespeare/input.txt");
        List<String> expected;
        try (InputStream in = GoldenBitsTest.class.getResourceAsStream("golden-bits.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }

        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-Dlstmlm.vector.bits=256"));
        String cache = System.getProperty(DataDir.CACHE_PROPERTY);
        if (cache != null) cmd.add("-D" + DataDir.CACHE_PROPERTY + "=" + cache);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GoldenRun.class.getName(), dataDir.toString(),
                dir.toString()));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();

        List<String> actual = out.lines().toList();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split(" ");
            String[] a = actual.get(i).split(" ");
            assertThat(a).as("line %d of golden-bits.txt (%s %s %s...)", i + 1, e[0], e[1], e[2]).containsExactly(e);
        }
        assertThat(line(expected, "ptb-small x1 loss ").split(" ")).hasSize(3 + GoldenRun.PTB_BATCHES);
        assertThat(line(expected, "ptb-small x2 loss ").split(" ")).hasSize(3 + GoldenRun.PTB_BATCHES);
        assertThat(line(expected, "char-udacity x1 loss ").split(" ")).hasSize(3 + GoldenRun.UDACITY_STEPS);
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }
}
