package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabCommandTest {
    @TempDir Path dir;

    @Test
    void printsThePtbVocabularyInIdOrder() {
        Path data = TestData.require("ptb/ptb.train.txt").getParent().getParent();
        CliRun run = CliRun.of("vocab", "--corpus", "ptb", "--data-dir", data.toString());

        assertThat(run.exitCode()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(10_000);
        assertThat(lines).startsWith("the", "<unk>", "<eos>", "N", "of");
        assertThat(lines[9999]).isEqualTo("wachter");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void acceptsThePathOfATrainingText() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "b a b\n");
        CliRun run = CliRun.of("vocab", "--corpus", f.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("b\n<eos>\na\n");
    }

    @Test
    void countsFollowEachWordAfterATab() throws IOException {
        Path f = Files.writeString(dir.resolve("t.txt"), "b a b\n");
        CliRun run = CliRun.of("vocab", "--corpus", f.toString(), "--counts");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("b\t2\n<eos>\t1\na\t1\n");
    }

    @Test
    void badInputsExitTwoWithOneSentence() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', ' ', (byte) 0xFE});
        String[][] cases = {
            {dir.resolve("missing.txt").toString(), "missing.txt does not exist"},
            {empty.toString(), "empty.txt is empty"},
            {dir.toString(), "is a directory, not a text file"},
            {bad.toString(), "bad.txt is not valid UTF-8: malformed byte sequence at byte offset 3"},
            {"wikitext", "unknown corpus \"wikitext\"; choose one of ptb, tinyshakespeare, text8"},
        };
        for (String[] c : cases) {
            CliRun run = CliRun.of("vocab", "--corpus", c[0], "--data-dir", dir.toString());
            assertThat(run.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(run.err()).as(c[0]).startsWith("error: ").contains(c[1]).hasLineCount(1);
            assertThat(run.out()).as(c[0]).isEmpty();
        }
    }

    @Test
    void missingRegisteredCorpusSaysHowToDownloadIt() {
        CliRun run = CliRun.of("vocab", "--corpus", "ptb", "--data-dir", dir.toString(), "--offline");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("run `lstmlm download ptb` or set LSTMLM_DATA");
    }
}
