package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.generate.Beam;
import dev.lstmlm.generate.Generator;
import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.SamplerOptions;
import dev.lstmlm.generate.Tokenizer;
import dev.lstmlm.model.Checkpoint;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm generate}: text from a saved model, printed as it is produced. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Generate text from a saved word or character model, printing each token as it is drawn.",
                "The LSTM state is warmed on --prime, which is printed first, and the sample continues it; without a"
                        + " prime a word model starts as after a line end and a character model from a random character."},
        footer = {"", "Examples:", "  lstmlm generate --model runs/RUN/model.safetensors --prime 'the company said' --length 50",
                "  lstmlm generate --model shakespeare.safetensors --prime 'ROMEO:' --temperature 0.8 --top-p 0.95 --seed 7",
                "  lstmlm generate --model model.safetensors --greedy --count 3"})
final class GenerateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOption model;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Text to continue (default: none).")
    String prime;

    @Option(names = "--length", paramLabel = "N",
            description = "Tokens to generate after the prime: words (a line end counts as one) or characters"
                    + " (default: " + SamplerOptions.DEFAULT_WORDS + " words, " + SamplerOptions.DEFAULT_CHARACTERS + " characters).")
    Integer length;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "" + SamplerOptions.DEFAULT_TEMPERATURE,
            description = "Divide the logits by T: below 1 is more conservative, above 1 more varied (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", description = "Draw only from the K most likely tokens (default: all).")
    Integer topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "" + SamplerOptions.DEFAULT_TOP_P,
            description = "Draw only from the most likely tokens that together reach probability P (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--greedy", description = "Always take the most likely token (ignores temperature, top-k and top-p).")
    boolean greedy;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed: the same seed gives the same text (default: a new one, printed on stderr).")
    Long seed;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "Samples to generate, each from a fresh state and the prime (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--beam", paramLabel = "N",
            description = "Print the N most likely continuations of --length tokens (beam search) with their log-probabilities,"
                    + " best first, instead of sampling; the sampling options do not apply.")
    Integer beam;

    @Mixin ThreadsOption threads;

    @Override
    public Integer call() {
        SamplerOptions options = SamplerOptions.of(greedy, temperature, topK, topP);
        if (length != null && length < 1) throw new UserError("--length must be at least 1, got " + length);
        if (count < 1) throw new UserError("--count must be at least 1, got " + count);
        int threadCount = threads.resolve(spec.commandLine().getErr());

        if (beam != null) return beamSearch(threadCount);
        Generator generator = Generator.load(model.file(), ComputeLine.open(spec, threadCount));
        Tokenizer tokenizer = generator.tokenizer();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Tokenizer.Encoded primed = tokenizer.encode(prime == null ? "" : prime);
        if (primed.warning() != null) {
            err.println("warning: " + primed.warning());
            err.flush();
        }
        int[] ids = primed.ids();
        boolean random = !greedy || (ids.length == 0 && tokenizer.startContext() < 0);
        long s = seed != null ? seed : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        if (seed == null && random) {
            err.println("seed " + s + " (pass --seed " + s + " to get the same text again)");
            err.flush();
        }
        int n = length != null ? length : SamplerOptions.defaultLength(tokenizer.words());
        Sampler sampler = new Sampler(tokenizer.vocabSize(), options, s);
        try {
            for (int i = 1; i <= count; i++) {
                if (count > 1) out.println("--- sample " + i + " of " + count + " ---");
                out.print(primed.echo());
                flush(out);
                String text = generator.generate(ids, n, sampler, (id, piece) -> {
                    out.print(piece);
                    flush(out);
                });
                String whole = primed.echo() + text;
                if (!whole.endsWith("\n")) out.println();
                flush(out);
            }
        } catch (OutputClosed e) {
            return 0; // the reader has all it wanted (`generate ... | head -c 100`)
        }
        return 0;
    }

    /**
     * Flushes {@code out}; throws {@link OutputClosed} once it can no longer be written (a closed pipe).
     * The writer over System.out passes its bytes to a PrintStream, which keeps write errors to itself:
     * both are asked.
     */
    private static void flush(PrintWriter out) {
        if (out.checkError() || System.out.checkError()) throw new OutputClosed();
    }

    /** Standard output was closed by its reader: generating more would only burn CPU. */
    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super(null, null, false, false);
        }
    }

    /** {@code --beam N}: each continuation under a header with its rank and natural-log probability. */
    private int beamSearch(int threadCount) {
        if (beam < 1) throw new UserError("--beam must be at least 1, got " + beam);
        if (count != 1) throw new UserError("--beam prints the N best continuations, so --count does not apply; leave it out");
        Checkpoint.Loaded loaded = Checkpoint.load(model.file(), ComputeLine.open(spec, threadCount));
        Tokenizer tokenizer = Tokenizer.of(loaded.metadata());
        PrintWriter out = spec.commandLine().getOut();
        Tokenizer.Encoded primed = tokenizer.encode(prime == null ? "" : prime);
        if (primed.warning() != null) spec.commandLine().getErr().println("warning: " + primed.warning());
        int n = length != null ? length : tokenizer.words() ? SamplerOptions.DEFAULT_WORDS : SamplerOptions.DEFAULT_CHARACTERS;
        List<Beam.Result> results = new Beam(loaded.model(), tokenizer).search(primed.ids(), beam, n);
        for (int i = 0; i < results.size(); i++) {
            out.printf(Locale.ROOT, "--- %d of %d, logprob %.4f ---%n", i + 1, results.size(), results.get(i).logprob());
            String whole = primed.echo() + results.get(i).text();
            out.print(whole);
            if (!whole.endsWith("\n")) out.println();
        }
        out.flush();
        return 0;
    }
}
