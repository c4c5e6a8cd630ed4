package dev.lstmlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.bench.ScoreThroughput;
import dev.lstmlm.data.Vocabulary;
import dev.lstmlm.data.WordFiles;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.TokenizerKind;
import dev.lstmlm.score.ScoreOptions;
import dev.lstmlm.score.Scorer;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.Presets;
import dev.lstmlm.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm bench score}: lines/s and tokens/s of {@code lstmlm score}'s batched scoring. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Every line of the PTB test set scored on its own, as lstmlm score does, in whole passes; lines/s and tokens/s.",
        footer = {"", "Examples:", "  lstmlm bench score --preset ptb-medium --batch-size 64 --threads 2 --json",
                "  lstmlm bench score --model model.safetensors --text lines.txt --batch-size 1"})
final class BenchScoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "ptb-small",
            description = "Random-init weights of this preset's shape, with the PTB vocabulary (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--model", paramLabel = "FILE|RUN", description = "Score with this checkpoint (or a run directory's model) instead of random weights.")
    Path model;

    @Option(names = "--text", paramLabel = "FILE", description = "The lines to score (default: the PTB test set).")
    Path text;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ScoreOptions.DEFAULT_BATCH,
            description = "Lines side by side; 1 is the batch-1 path (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "Timed duration, in whole passes (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "20", description = "Untimed passes first, for the JIT compilers (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Mixin ThreadsOption threads;

    @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
    boolean json;

    @Mixin DataDirOption dataDir;

    @Override
    public Integer call() throws IOException {
        int threadCount = threads.resolve(spec.commandLine().getErr());
        if (!(seconds > 0)) throw new UserError("--seconds must be positive, not " + seconds);
        if (!(warmupSeconds >= 0)) throw new UserError("--warmup-seconds must be 0 or more, not " + warmupSeconds);
        Compute compute = Compute.create(threadCount);
        Path lines = text;
        Scorer scorer;
        String shape;
        if (model != null) {
            scorer = Scorer.load(ModelOption.resolve(model), compute);
            shape = model.toString();
        } else {
            TrainConfig config = Presets.get(preset);
            WordFiles files = WordFiles.resolve(dataDir.resolve(), config.corpus());
            Vocabulary vocab = Vocabulary.build(files.train());
            LanguageModel m = new LanguageModel(config.modelConfig(vocab.size()), compute);
            m.initUniform((float) config.initScale(), config.seed());
            scorer = new Scorer(m, new CheckpointMetadata(m.config(), TokenizerKind.WORD, vocab.words()));
            shape = config.preset();
            if (lines == null) lines = files.test();
        }
        if (lines == null) throw new UserError("give the lines to score with --text FILE");
        if (!Files.isRegularFile(lines)) throw new UserError(lines + " does not exist; check the path");
        List<String> texts = Files.readAllLines(lines);
        ScoreOptions options = ScoreOptions.lines().withBatchSize(batchSize);
        ScoreThroughput.Result r = ScoreThroughput.run(scorer, texts, options, warmupSeconds, seconds);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("mode", "score");
            n.put("model", shape);
            n.put("text", lines.toString());
            n.put("batch_size", batchSize);
            n.put("threads", threadCount);
            n.put("kernels", compute.name());
            n.put("lines_per_second", r.linesPerSecond());
            n.put("tokens_per_second", r.tokensPerSecond());
            n.put("lines", r.lines());
            n.put("tokens", r.tokens());
            n.put("passes", r.passes());
            n.put("elapsed_seconds", r.elapsedSeconds());
            n.put("warmup_seconds", warmupSeconds);
            n.put("logprob_per_pass", r.logprob());
            n.put("load_average", load);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "%s score, batch %d: %,.0f lines/s, %,.0f tokens/s over %d passes (%.1f s) after %.0f s of warm-up, %s;"
                            + " logprob per pass %.4f; load average %.2f%n", shape, batchSize, r.linesPerSecond(), r.tokensPerSecond(),
                    r.passes(), r.elapsedSeconds(), warmupSeconds, compute.name(), r.logprob(), load);
        }
        out.flush();
        return 0;
    }
}
