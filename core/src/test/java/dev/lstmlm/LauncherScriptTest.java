package dev.lstmlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code lstmlm} script, run against a fake JDK and a fake Maven in a copy of the
 * repository's layout: what it passes through from the JVM, what it drops, and how it builds.
 */
class LauncherScriptTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir Path tmp;
    private Path repo;
    private Path bin;
    private Path jar;

    /** The launcher and wrapper settings of this checkout, an up-to-date jar, a JDK that is a script, a PATH without Maven. */
    @BeforeEach
    void layOut() throws IOException {
        Path project = Path.of(System.getProperty("lstmlm.project.dir", ".")).toAbsolutePath().getParent();
        repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("core/src/main/java"));
        Files.createDirectories(repo.resolve(".mvn/wrapper"));
        Files.copy(project.resolve("lstmlm"), repo.resolve("lstmlm"));
        Files.copy(project.resolve(".mvn/wrapper/maven-wrapper.properties"), repo.resolve(".mvn/wrapper/maven-wrapper.properties"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        Files.writeString(repo.resolve("core/pom.xml"), "<project/>\n");
        Files.writeString(repo.resolve("core/src/main/java/A.java"), "class A {}\n");
        jar = repo.resolve("core/target/lstmlm.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (String p : List.of("pom.xml", "core/pom.xml", "core/src/main/java/A.java", "core/src/main/java", "core/src/main")) {
            Files.setLastModifiedTime(repo.resolve(p), old);
        }
        script(tmp.resolve("jdk/bin/javac"), "exit 0");
        script(tmp.resolve("jdk/bin/java"), """
                case "$*" in *-XshowSettings:properties*) echo '    java.specification.version = 25' >&2; exit 0 ;; esac
                echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
                . "$FAKE_JAVA"
                """);
        bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        for (String tool : List.of("bash", "sh", "sed", "find", "cat", "dirname", "sleep", "touch", "mkdir", "printf", "kill")) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p) && !Files.exists(bin.resolve(tool))) script(bin.resolve(tool), "exec " + p + " \"$@\"\n");
            }
        }
    }

    private static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The program the fake java runs after the JVM's warning (sourced by sh, so $@ are the JVM's arguments). */
    private Path fakeJava(String body) throws IOException {
        Path p = tmp.resolve("program.sh");
        Files.writeString(p, body);
        return p;
    }

    private ProcessBuilder launcher(Path program, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash", repo.resolve("lstmlm").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", tmp.resolve("jdk").toString());
        env.put("PATH", bin.toString());
        env.put("HOME", tmp.toString());
        env.put("MAVEN_USER_HOME", tmp.resolve("m2").toString());
        env.put("FAKE_JAVA", program.toString());
        env.remove("MAVEN_OPTS");
        env.remove("LSTMLM_JAVA_OPTS");
        return pb;
    }

    private record Run(int exit, String out, String err) {}

    /** Runs the launcher with its output in files, read as soon as it exits (so nothing may come late). */
    private Run run(ProcessBuilder pb, String stdin) throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void dropsTheIncubatorWarningAndPassesEverythingElseThrough() throws Exception {
        Path program = fakeJava("""
                printf 'args:%s\\n' "$*"
                cat
                echo 'error: one sentence' >&2
                printf 'partial\\rredrawn 50%%' >&2
                echo >&2
                echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
                printf 'no line end' >&2
                exit 7
                """);

        Run r = run(launcher(program, "eval", "two words", "--json"), "from stdin\n");

        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("args:--add-modules jdk.incubator.vector -jar " + jar + " eval two words --json\n"
                + "from stdin\n");
        assertThat(r.err()).isEqualTo("error: one sentence\npartial\rredrawn 50%\n" + WARNING + "\nno line end");
    }

    @Test
    void keepsTheJavaToolOptionsNoticeBeforeTheWarning() throws Exception {
        Path program = fakeJava("exit 0\n");
        script(tmp.resolve("jdk/bin/java"), """
                case "$*" in *-XshowSettings:properties*) echo '    java.specification.version = 25' >&2; exit 0 ;; esac
                echo 'Picked up JAVA_TOOL_OPTIONS: -Xss2m' >&2
                echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
                echo 'done' >&2
                """);

        Run r = run(launcher(program, "--version"), "");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEqualTo("Picked up JAVA_TOOL_OPTIONS: -Xss2m\ndone\n");
    }

    @Test
    void passesPartialLinesOnAsTheyCome() throws Exception {
        Path program = fakeJava("""
                printf 'fetching 10%%' >&2
                read answer
                printf '\\rfetching 100%%\\n' >&2
                """);
        Process p = launcher(program, "download", "ptb").start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!err.toString(StandardCharsets.UTF_8).contains("fetching 10%") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).as("a partial line while the JVM still runs").isEqualTo("fetching 10%");
        try (OutputStream in = p.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join();
        assertThat(p.exitValue()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("fetching 10%\rfetching 100%\n");
    }

    @Test
    void terminationIsForwardedToTheJvm() throws Exception {
        Path program = fakeJava("""
                trap 'echo "stopping cleanly" >&2; exit 143' TERM
                echo started >&2
                while :; do sleep 0.05; done
                """);
        Process p = launcher(program, "train").start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!err.toString(StandardCharsets.UTF_8).contains("started") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        // SIGTERM to the launcher alone (Process.destroy would also close the streams read here).
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("started\nstopping cleanly\n");
    }

    @Test
    void withoutMavenOnThePathTheWrapperBuildsInBatchModeWithoutColour() throws Exception {
        Files.delete(jar);
        script(repo.resolve("mvnw"), """
                echo "mvnw $*" >> "$HOME/maven.log"
                echo "MAVEN_OPTS=$MAVEN_OPTS" >> "$HOME/maven.log"
                mkdir -p core/target && echo jar > core/target/lstmlm.jar
                """);

        Run r = run(launcher(fakeJava("echo ran\n"), "--version"), "");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("ran\n");
        assertThat(r.err()).isEqualTo("lstmlm: building core ...\n"
                + "lstmlm: no mvn on PATH, so ./mvnw fetches Maven 3.9.16 from Maven Central (once, 9.4 MB)\n");
        List<String> log = Files.readAllLines(tmp.resolve("maven.log"));
        assertThat(log.get(0)).isEqualTo("mvnw -B -ntp -Dstyle.color=never -q -Dmaven.test.skip=true -pl core -am package");
        assertThat(log.get(1)).contains("-Djansi.noreset=true");

        Files.createDirectories(tmp.resolve("m2/wrapper/dists/apache-maven-3.9.16"));
        Files.delete(jar);
        Run again = run(launcher(fakeJava("echo ran\n"), "--version"), "");
        assertThat(again.err()).isEqualTo("lstmlm: building core ...\nlstmlm: no mvn on PATH, so ./mvnw runs Maven 3.9.16\n");
    }

    @Test
    void anInstalledMavenIsPreferredAndAFailedBuildShowsItsOutput() throws Exception {
        Files.delete(jar);
        script(repo.resolve("mvnw"), "echo 'the wrapper must not run' >&2; exit 1\n");
        script(bin.resolve("mvn"), """
                echo "[ERROR] /repo/core/src/main/java/A.java:[1,9] ';' expected"
                exit 1
                """);

        Run r = run(launcher(fakeJava("echo ran\n"), "--version"), "");

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("lstmlm: building core ...\n"
                + "[ERROR] /repo/core/src/main/java/A.java:[1,9] ';' expected\n"
                + "lstmlm: the build failed; see the Maven output above.\n");
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try (in) {
            byte[] buf = new byte[256];
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (to) {
                    to.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
