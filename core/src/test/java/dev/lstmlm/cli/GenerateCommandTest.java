package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CodePointAlphabet;
import dev.lstmlm.generate.TestModels;
import dev.lstmlm.model.TokenizerKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    @TempDir Path dir;
    Path words;
    Path letters;
    Path codePoints;

    @BeforeEach
    void checkpoints() throws IOException {
        // unk → the, eos → the, the → cat, cat → sat, sat → eos
        words = TestModels.save(dir.resolve("words.safetensors"), TestModels.cycle(new int[] {2, 2, 3, 4, 1}),
                TokenizerKind.WORD, List.of("<unk>", "<eos>", "the", "cat", "sat"));
        letters = TestModels.save(dir.resolve("letters.safetensors"), TestModels.random(27, 16, 0.5f, 5),
                TokenizerKind.CHAR_UDACITY, CharAlphabet.letters().symbols());
        CodePointAlphabet alphabet = CodePointAlphabet.of("abc \n".codePoints().toArray());
        codePoints = TestModels.save(dir.resolve("cp.safetensors"), TestModels.random(alphabet.size(), 8, 0.5f, 6),
                TokenizerKind.CHAR_CODEPOINT, alphabet.symbols());
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnother() {
        CliRun a = CliRun.of("generate", "--model", letters.toString(), "--prime", "the ", "--length", "80", "--seed", "7");
        CliRun b = CliRun.of("generate", "--model", letters.toString(), "--prime", "the ", "--length", "80", "--seed", "7");
        CliRun c = CliRun.of("generate", "--model", letters.toString(), "--prime", "the ", "--length", "80", "--seed", "8");
        assertThat(a.exitCode()).isZero();
        assertThat(a.out()).startsWith("the ").hasSize(4 + 80 + 1).endsWith("\n").isEqualTo(b.out()).isNotEqualTo(c.out());
        assertThat(a.out().strip()).matches("[a-z ]+");
        assertThat(a.err()).isEqualTo(CliRun.kernelsLine(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void withoutASeedTheSeedIsPrintedAndRepeatsTheText() {
        CliRun a = CliRun.of("generate", "--model", codePoints.toString(), "--length", "40");
        assertThat(a.messages()).matches("seed (-?\\d+) \\(pass --seed \\1 to get the same text again\\)\\n");
        String seed = a.messages().split(" ")[1];
        CliRun b = CliRun.of("generate", "--model", codePoints.toString(), "--length", "40", "--seed", seed);
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(a.out().codePointCount(0, a.out().length())).isBetween(40, 41);
    }

    @Test
    void greedyOutputIsDeterministicWithoutASeed() {
        CliRun a = CliRun.of("generate", "--model", letters.toString(), "--prime", "anna", "--greedy", "--length", "50");
        CliRun b = CliRun.of("generate", "--model", letters.toString(), "--prime", "anna", "--greedy", "--length", "50", "--threads", "2");
        assertThat(a.exitCode()).isZero();
        assertThat(a.out()).hasSize(4 + 50 + 1).isEqualTo(b.out());
        assertThat(a.err()).isEqualTo(CliRun.kernelsLine(Runtime.getRuntime().availableProcessors()));
        assertThat(b.err()).isEqualTo(CliRun.kernelsLine(2));
    }

    @Test
    void aWordModelPrintsWordsSeparatedBySpacesAndEosAsALineBreak() {
        CliRun r = CliRun.of("generate", "--model", words.toString(), "--greedy", "--length", "7");
        assertThat(r.out()).isEqualTo("the cat sat\nthe cat sat\n");
        CliRun primed = CliRun.of("generate", "--model", words.toString(), "--prime", "the  cat", "--greedy", "--length", "3");
        assertThat(primed.out()).isEqualTo("the cat sat\nthe\n");
    }

    @Test
    void countGivesThatManySamplesEachFromTheFreshPrime() {
        CliRun r = CliRun.of("generate", "--model", words.toString(), "--prime", "cat", "--greedy", "--length", "2", "--count", "3");
        assertThat(r.out()).isEqualTo("--- sample 1 of 3 ---\ncat sat\n--- sample 2 of 3 ---\ncat sat\n--- sample 3 of 3 ---\ncat sat\n");
        CliRun sampled = CliRun.of("generate", "--model", letters.toString(), "--length", "30", "--count", "4", "--seed", "1");
        String[] parts = sampled.out().split("--- sample \\d of 4 ---\\n", -1);
        assertThat(parts).hasSize(5);
        assertThat(parts[0]).isEmpty();
        for (int i = 1; i <= 4; i++) assertThat(parts[i]).hasSize(31);
        assertThat(parts[1]).isNotEqualTo(parts[2]);
    }

    @Test
    void unknownPrimeWordsBecomeUnkWithAOneLineWarning() {
        CliRun r = CliRun.of("generate", "--model", words.toString(), "--prime", "the dog ate", "--greedy", "--length", "2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.messages()).isEqualTo("warning: not in the vocabulary, read as <unk>: dog ate\n");
        assertThat(r.out()).isEqualTo("the dog ate the cat\n");
    }

    @Test
    void eachTokenIsFlushedAsItIsProduced() {
        List<String> flushed = new ArrayList<>();
        StringWriter text = new StringWriter();
        Writer recording = new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                text.write(c, off, len);
            }

            @Override
            public void flush() {
                String now = text.toString();
                if (flushed.isEmpty() || !flushed.getLast().equals(now)) flushed.add(now);
            }

            @Override
            public void close() {}
        };
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(recording));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("generate", "--model", words.toString(), "--prime", "the", "--greedy", "--length", "4")).isZero();
        assertThat(flushed).containsExactly("the", "the cat", "the cat sat", "the cat sat\n", "the cat sat\nthe", "the cat sat\nthe\n");
    }

    @Test
    void badOptionsStopWithOneSentenceAndExitCode2() throws IOException {
        String m = words.toString();
        assertError("temperature must be a positive number, got 0.0: use --greedy for deterministic output",
                "--model", m, "--temperature", "0");
        assertError("temperature must be a positive number, got -1.0: use --greedy for deterministic output",
                "--model", m, "--temperature", "-1");
        assertError("top-p must be in (0, 1], got 0.0: use for example 0.9, or 1 to keep every token", "--model", m, "--top-p", "0");
        assertError("top-p must be in (0, 1], got 1.5: use for example 0.9, or 1 to keep every token", "--model", m, "--top-p", "1.5");
        assertError("top-k must be at least 1, got 0: use for example 40, or leave it out to keep every token", "--model", m, "--top-k", "0");
        assertError("--length must be at least 1, got 0", "--model", m, "--length", "0");
        assertError("--count must be at least 1, got 0", "--model", m, "--count", "0");
        Path missing = dir.resolve("missing.safetensors");
        assertError("checkpoint file " + missing + " does not exist; check the path (a training run writes RUN_DIR/model.safetensors)",
                "--model", missing.toString());
        Path empty = Files.createFile(dir.resolve("empty.safetensors"));
        assertError(empty + " is not a valid safetensors file: it is 0 bytes long, too short to hold a header; it is damaged,"
                + " so use another copy or save it again", "--model", empty.toString());
        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), "not a checkpoint at all".getBytes());
        assertThat(run("--model", corrupt.toString()).messages()).startsWith("error: " + corrupt + " is not a valid safetensors file:");
    }

    @Test
    void aCodePointModelReadsAPrimeCharacterItLacksAsTheUnknownSymbolWithAWarning() {
        CliRun r = run("--model", codePoints.toString(), "--prime", "abé", "--length", "5", "--seed", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.messages()).isEqualTo("warning: the model's alphabet of 5 characters (6 symbols with the unknown one) has no"
                + " 'é' (U+00E9); read as the unknown symbol\n");
        assertThat(r.out()).startsWith("abé");
    }

    @Test
    void theLetterAlphabetWarnsAboutPrimeCharactersReadAsSpaces() {
        CliRun r = run("--model", letters.toString(), "--prime", "it's 9", "--length", "5", "--seed", "1");
        assertThat(r.exitCode()).isZero();
        assertThat(r.messages()).isEqualTo("warning: the 27-symbol alphabet (space, a-z) has no ''' (U+0027), '9' (U+0039); read as spaces\n");
        assertThat(r.out()).startsWith("it's 9").hasSize(6 + 5 + 1);
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    private void assertError(String message, String... args) {
        CliRun r = run(args);
        assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.messages()).isEqualTo("error: " + message + "\n");
        assertThat(r.out()).isEmpty();
    }
}
