package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lstmlm generate --beam N}. */
class GenerateBeamTest {
    @TempDir Path dir;

    @Test
    void printsTheNBestContinuationsBestFirstWithTheirLogprobs() throws IOException {
        // unk → the, eos → the, the → cat, cat → sat, sat → eos
        Path words = TestModels.save(dir.resolve("words.safetensors"), TestModels.cycle(new int[] {2, 2, 3, 4, 1}),
                TokenizerKind.WORD, List.of("<unk>", "<eos>", "the", "cat", "sat"));
        CliRun r = CliRun.of("generate", "--model", words.toString(), "--prime", "the", "--beam", "2", "--length", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).matches("--- 1 of 2, logprob -0\\.0\\d{3} ---");
        assertThat(lines[1]).isEqualTo("the cat sat");
        assertThat(lines[2]).matches("--- 2 of 2, logprob -\\d+\\.\\d{4} ---");
        assertThat(Double.parseDouble(lines[2].split(" ")[5])).isLessThan(-10);

        CliRun bad = CliRun.of("generate", "--model", words.toString(), "--beam", "0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("error: --beam must be at least 1, got 0\n");
    }
}
