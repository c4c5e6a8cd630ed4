package dev.lstmlm.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.TokenizerKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example of README's "Scoring" section, as written there, runs and prints what it says. */
class ReadmeExampleTest {
    @TempDir Path dir;

    @Test
    void theReadmeExampleRuns() throws Exception {
        TestModels.save(dir.resolve("model.safetensors"), TestModels.random(5, 8, 0.5f, 1), TokenizerKind.WORD,
                List.of("<unk>", "<eos>", "the", "company", "said"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true);
        Path modelFile = dir.resolve("model.safetensors");
        // --- README ---
        Scorer scorer = Scorer.load(modelFile, 2);                  // load once; safe to share between threads
        List<LineScore> scores = scorer.score(List.of("the company said", "said company the"));
        for (LineScore s : scores) {
            out.printf("%.2f\t%d\t%.1f\t%s%n", s.logprob(), s.tokens(), s.perplexity(), s.text());
        }
        ScoreOptions perToken = ScoreOptions.lines().withTokens(3);  // each token, and the 3 likeliest at each position
        LineScore s = scorer.score(List.of("the company said"), perToken).getFirst();
        for (int i = 0; i < s.tokens(); i++) {
            out.printf("%s %.3f %s%n", s.pieces().get(i), s.tokenLogprobs()[i], s.alternatives().get(i));
        }
        // --- end ---
        String[] lines = bytes.toString().split("\n");
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines[0]).endsWith("\t4\t" + String.format("%.1f", scores.get(0).perplexity()) + "\tthe company said");
        assertThat(lines[5]).startsWith("<eos> ");
    }
}
