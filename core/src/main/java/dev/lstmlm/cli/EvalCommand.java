package dev.lstmlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.train.EvalRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm eval}: perplexity of a saved model on a text. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the perplexity of a saved model on a text (and bits per character for character models).",
                "With --batch-size 1 (the default) every token after the first is scored, as TensorFlow's test run with"
                        + " batch 1 and num_steps 1; with a larger batch the windows of its batched evaluation."},
        footer = {"", "Examples:", "  lstmlm eval --model runs/RUN/model.safetensors --corpus ptb --split test",
                "  lstmlm eval --model model.safetensors --text notes.txt --json"})
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--text", paramLabel = "FILE", description = "The text to score (UTF-8).")
        Path text;

        @Option(names = "--corpus", paramLabel = "NAME|FILE",
                description = "Score a split of a word corpus instead: ptb, or a NAME.train.txt beside NAME.valid.txt and NAME.test.txt.")
        String corpus;
    }

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test", description = "With --corpus: train, valid or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Mixin DataDirOption dataDir;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "1", description = "Rows scored in parallel (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--num-steps", paramLabel = "T", defaultValue = "" + EvalRun.DEFAULT_CHUNK,
            description = "Steps per window (default: ${DEFAULT-VALUE}).")
    int numSteps;

    @Mixin ThreadsOption threads;

    @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int threadCount = threads.resolve(spec.commandLine().getErr());
        Path text = source.text != null ? source.text : EvalRun.corpusFile(dataDir.resolve(), source.corpus, split);
        EvalRun.Result r = EvalRun.run(model.file(), text, batchSize, numSteps, ComputeLine.open(spec, threadCount));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("model", model.file().toString());
            n.put("text", text.toString());
            n.put("tokenizer", r.tokenizer().id());
            n.put("tokens", r.tokens());
            n.put("predictions", r.predictions());
            n.put("oov", r.oov());
            n.put("loss", r.loss());
            n.put("perplexity", r.perplexity());
            if (r.bitsPerCharacter() != null) n.put("bits_per_character", r.bitsPerCharacter());
            n.put("batch_size", r.batchSize());
            n.put("num_steps", r.numSteps());
            n.put("seconds", r.seconds());
            out.println(n);
        } else {
            String bpc = r.bitsPerCharacter() == null ? "" : String.format(Locale.ROOT, ", %.4f bits per character", r.bitsPerCharacter());
            String unknown = r.tokenizer().isCharacterLevel() ? "unknown characters" : "not in the vocabulary (read as <unk>)";
            out.printf(Locale.ROOT, "perplexity %.2f (loss %.4f nats per token%s) on %s: %,d tokens, %,d scored, batch %d, %.1f s; %,d %s%n",
                    r.perplexity(), r.loss(), bpc, text, r.tokens(), r.predictions(), r.batchSize(), r.seconds(), r.oov(), unknown);
        }
        out.flush();
        return 0;
    }
}
