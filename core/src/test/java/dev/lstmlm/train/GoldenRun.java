package dev.lstmlm.train;

import dev.lstmlm.data.CharAlphabet;
import dev.lstmlm.data.CharCorpus;
import dev.lstmlm.data.CharSplit;
import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.data.WordFiles;
import dev.lstmlm.model.CheckpointMetadata;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The program behind {@link GoldenBitsTest}: trains the first windows of two presets on the real
 * corpora and prints the exact bits of every window's loss and the SHA-256 of every file of the
 * checkpoint written when the run stops. The clock stands still, so that the times recorded in the
 * checkpoint are 0 and the bytes depend on the arithmetic alone.
 *
 * <p>Arguments: the data directory and an empty working directory. Run it on its own (with
 * {@code -Dlstmlm.vector.bits=256 --add-modules jdk.incubator.vector}) to print the values that the
 * test resource {@code golden-bits.txt} holds.
 */
public final class GoldenRun {
    static final int PTB_BATCHES = 50;
    static final int UDACITY_STEPS = 100;

    private GoldenRun() {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args[0]);
        Path work = Path.of(args[1]);
        List<String> lines = new ArrayList<>();
        WordCorpus ptb = WordCorpus.inMemory(WordFiles.resolve(dataDir, "ptb"));
        Texts ptbTexts = new Texts(ptb.train(), ptb.valid().orElse(null), ptb.test().orElse(null));
        for (int threads : new int[] {1, 2}) {
            TrainConfig config = Presets.get("ptb-small");
            lines.addAll(run("ptb-small x" + threads, config, ptbTexts, ptb.vocabulary().words(), threads, PTB_BATCHES,
                    work.resolve("ptb-small-" + threads)));
        }
        TrainConfig udacity = Presets.get("char-udacity").withCorpus("tinyshakespeare");
        CharCorpus chars = CharCorpus.load(CharCorpus.locate(dataDir, udacity.corpus()), CharAlphabet.Kind.LETTERS,
                CharSplit.udacity());
        lines.addAll(run("char-udacity x1", udacity, new Texts(chars.train(), chars.valid(), null),
                chars.alphabet().symbols(), 1, UDACITY_STEPS, work.resolve("char-udacity-1")));
        lines.forEach(System.out::println);
    }

    /** What TrainingRun.start does, with a recording model, a still clock and a stop after {@code windows} updates. */
    private static List<String> run(String name, TrainConfig config, Texts texts, List<String> vocabulary, int threads,
                                    int windows, Path dir) throws IOException {
        Compute compute = Compute.create(threads);
        LanguageModel model = new LanguageModel(config.modelConfig(vocabulary.size()), compute);
        if (config.init() == TrainConfig.Init.TRUNCATED_NORMAL) {
            model.initTruncatedNormal((float) config.initMean(), (float) config.initScale(), config.seed());
        } else {
            model.initUniform((float) config.initScale(), config.seed());
        }
        model.rngState(TrainingRun.dropoutSeed(config.seed()));
        CheckpointMetadata metadata = new CheckpointMetadata(model.config(), config.tokenizer(), vocabulary,
                Map.of("train_config", config.toJson().toString()));
        RunDirectory run = new RunDirectory(Files.createDirectories(dir));
        run.writeConfig(config);
        List<Double> losses = new ArrayList<>();
        TrainableModel recording = recording(TrainableModel.of(model), losses);
        int[] polls = {0};
        LoopSettings settings = LoopSettings.of(threads, compute.gemm().name());
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        LanguageModel.State carried = model.newState(config.batchSize());
        Outcome outcome = config.loop() == TrainConfig.Loop.UDACITY
                ? new UdacityTrainer(recording, config, texts, metadata, run, settings, quiet, () -> ++polls[0] >= windows, () -> 0L)
                        .run(StepState.start(model.rngState(), threads), carried)
                : new Trainer(recording, config, texts, metadata, run, settings, quiet, false, () -> ++polls[0] >= windows, () -> 0L)
                        .run(EpochState.start(model.rngState(), threads), carried);
        if (!(outcome instanceof Outcome.Interrupted stopped)) throw new IllegalStateException(name + " ended with " + outcome);
        List<String> lines = new ArrayList<>();
        StringBuilder bits = new StringBuilder(name + " loss");
        for (double loss : losses) bits.append(' ').append(HexFormat.of().toHexDigits(Double.doubleToRawLongBits(loss)));
        lines.add(bits.toString());
        try (Stream<Path> files = Files.list(stopped.checkpoint())) {
            for (Path f : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                lines.add(name + " " + f.getFileName() + " " + sha256(bytes));
                if (f.getFileName().toString().endsWith(".safetensors")) lines.addAll(parts(name + " " + f.getFileName(), bytes));
            }
        }
        return lines;
    }

    /**
     * The SHA-256 of a safetensors file's data section (the tensors' bytes) and of each metadata value,
     * so that a difference in the whole file can be told apart from a difference in the weights.
     */
    private static List<String> parts(String name, byte[] bytes) throws IOException {
        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        int dataStart = Math.toIntExact(8 + headerLength);
        List<String> lines = new ArrayList<>();
        lines.add(name + " data " + sha256(java.util.Arrays.copyOfRange(bytes, dataStart, bytes.length)));
        com.fasterxml.jackson.databind.JsonNode metadata = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new String(bytes, 8, dataStart - 8, java.nio.charset.StandardCharsets.UTF_8)).get("__metadata__");
        if (metadata != null) {
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e : metadata.properties()) {
                lines.add(name + " metadata." + e.getKey() + " "
                        + sha256(e.getValue().textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }

    private static TrainableModel recording(TrainableModel inner, List<Double> losses) {
        return new TrainableModel() {
            @Override
            public ParameterStore params() {
                return inner.params();
            }

            @Override
            public Compute compute() {
                return inner.compute();
            }

            @Override
            public LanguageModel.State newState(int batch) {
                return inner.newState(batch);
            }

            @Override
            public double trainWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state, float lossScale) {
                double loss = inner.trainWindow(x, y, steps, batch, state, lossScale);
                losses.add(loss);
                return loss;
            }

            @Override
            public double evalWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state) {
                return inner.evalWindow(x, y, steps, batch, state);
            }

            @Override
            public long rngState() {
                return inner.rngState();
            }

            @Override
            public void rngState(long state) {
                inner.rngState(state);
            }
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
