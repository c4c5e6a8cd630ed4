package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock a trainer holds on its run, and the choice of the run that {@code --resume --preset P [--corpus C]} makes. */
class RunLockTest {
    @TempDir Path root;

    @Test
    void aSecondTrainerOfTheSameRunIsRefusedAndTheListingSaysRunning() throws IOException {
        RunDirectory run = new RunDirectory(Files.createDirectories(root.resolve("r")));
        run.writeConfig(Presets.get("ptb-test"));
        assertThat(RunListing.entry(run.dir()).status()).isEqualTo("stopped");
        try (RunLock lock = RunLock.acquire(run)) {
            assertThat(RunLock.held(run.dir())).isTrue();
            assertThat(RunListing.entry(run.dir()).status()).isEqualTo("running");
            assertThatThrownBy(() -> RunLock.acquire(run)).isInstanceOf(UserError.class)
                    .hasMessage(run.dir() + " is being trained by another lstmlm process (pid " + ProcessHandle.current().pid()
                            + "); wait for it to end, or stop it with Ctrl-C (or kill " + ProcessHandle.current().pid() + ") first");
        }
        assertThat(RunLock.held(run.dir())).isFalse();
        assertThat(RunListing.entry(run.dir()).status()).isEqualTo("stopped");
    }

    /** A run of {@code preset} on {@code corpus} with a checkpoint pointer. */
    private void run(String name, String preset, String corpus) throws IOException {
        RunDirectory r = new RunDirectory(Files.createDirectories(root.resolve(name)));
        r.writeConfig(Presets.get(preset).withCorpus(corpus));
        Files.writeString(r.dir().resolve("latest"), "ckpt-1-0\n");
    }

    @Test
    void resumeByPresetPicksTheLatestRunOnTheCorpusAndSaysWhich() throws IOException {
        run("ptb-test-20260101-000000", "ptb-test", "ptb");
        run("ptb-test-20260102-000000", "ptb-test", "novel.txt");
        run("ptb-test-20260103-000000", "ptb-test", "ptb");
        run("ptb-test-20260104-000000", "ptb-test", "novel.txt");
        StringWriter out = new StringWriter();
        RunDirectory r = RunLocation.forResume(null, "ptb-test", "ptb", root, new PrintWriter(out, true));
        assertThat(r.dir()).isEqualTo(root.resolve("ptb-test-20260103-000000").toAbsolutePath());
        assertThat(out.toString()).isEqualTo("resuming ptb-test-20260103-000000, the latest ptb-test run on ptb (of 2 with a"
                + " checkpoint); --run-dir DIR picks another\n");

        StringWriter any = new StringWriter();
        assertThat(RunLocation.forResume(null, "ptb-test", null, root, new PrintWriter(any, true)).dir())
                .isEqualTo(root.resolve("ptb-test-20260104-000000").toAbsolutePath());
        assertThat(any.toString()).isEqualTo("resuming ptb-test-20260104-000000, the latest ptb-test run on novel.txt (of 4 with a"
                + " checkpoint; --corpus NAME chooses among their corpora); --run-dir DIR picks another\n");

        assertThatThrownBy(() -> RunLocation.forResume(null, "ptb-test", "text8", root, new PrintWriter(new StringWriter())))
                .isInstanceOf(UserError.class).hasMessage("there is no run of ptb-test on text8 with a checkpoint under " + root
                        + "; drop --corpus to resume the latest ptb-test run, or give the run with --run-dir");
    }
}
