package dev.lstmlm.cli;

import dev.lstmlm.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The command line in a child JVM of the same Java and class path, for tests that kill or signal it. */
final class ChildCli {
    final Process process;
    final Path out;

    private ChildCli(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts {@code lstmlm args...}; stdout and stderr go to {@code out}. */
    static ChildCli start(Path out, String... args) throws IOException {
        return start(out, Map.of(), args);
    }

    /** Starts {@code lstmlm args...} with {@code env} added to the environment; stdout and stderr go to {@code out}. */
    static ChildCli start(Path out, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g"));
        cmd.addAll(TestData.childJvmFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        return new ChildCli(p, out);
    }

    /** Waits for the exit code (fails the test after {@code seconds}). */
    int waitFor(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("lstmlm did not finish within " + seconds + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(out);
    }

    /** Whether the signal is ignored by the child (a shell starts background jobs with SIGINT ignored). */
    boolean ignores(int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    /** Sends {@code kill -SIGNAL pid}. */
    void signal(String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }
}
