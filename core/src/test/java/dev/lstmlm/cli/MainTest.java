package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionExitsZero() {
        assertThat(Main.execute("--version")).isZero();
    }

    @Test
    void theBuildRecordsTheCommitOfItsCheckout() throws Exception {
        java.nio.file.Path project = java.nio.file.Path.of(System.getProperty("lstmlm.project.dir", "."));
        Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").directory(project.toFile())
                .redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes()).strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(git.waitFor() == 0, "not a git checkout: " + head);
        assertThat(dev.lstmlm.BuildInfo.commit()).hasValueSatisfying(c -> assertThat(c).matches(head + "(-dirty)?"));
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(Main.execute()).isEqualTo(2);
    }
}
