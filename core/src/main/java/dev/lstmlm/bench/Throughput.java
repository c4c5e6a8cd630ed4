package dev.lstmlm.bench;

import dev.lstmlm.data.PtbBatcher;
import dev.lstmlm.data.TokenSequence;
import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.generate.Sampler;
import dev.lstmlm.generate.SamplerOptions;
import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.model.ModelConfig;
import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Gemm;
import dev.lstmlm.train.Sgd;
import dev.lstmlm.train.TrainConfig;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Words (or tokens) per second of the three workloads of a training preset on the real corpus, with
 * random-init weights, timed after a warm-up: the lstmlm side of {@code bench/compare-pytorch.sh},
 * whose PyTorch twin ({@code bench/pytorch_lm.py}) runs the same three loops.
 *
 * <ul>
 *   <li>train: the {@code Trainer}'s inner loop (zero the gradients, forward and backward over a
 *       T×B window, clip and SGD), B·T words per window;
 *   <li>eval: the test set scored with batch 1, one step per call (TensorFlow's test run), one word
 *       per call, wrapping around at the end;
 *   <li>generate: one token at a time sampled from the full softmax by the {@link Sampler} and fed
 *       back in.
 * </ul>
 *
 * <p>Also reports the share of the machine's limit the rate reaches: the preset's multiply-add work
 * per word (the three products of every weight matrix in training, one in the other two workloads)
 * at the measured rate, over the peak of the same GEMM on a large square product.
 */
public final class Throughput {
    public enum Workload { TRAIN, EVAL, GENERATE }

    /**
     * @param units words (train, eval) or tokens (generate) in the timed part
     * @param calls windows or steps in the timed part
     * @param allocatedBytesPerCall heap bytes the timed loop allocated per call on the calling thread
     */
    public record Result(Workload workload, long units, long calls, double elapsedSeconds, double cpuSeconds,
                         double flopsPerUnit, long allocatedBytesPerCall) {
        public double unitsPerSecond() {
            return units / elapsedSeconds;
        }

        public double unitsPerCpuSecond() {
            return units / cpuSeconds;
        }

        public double gflops() {
            return flopsPerUnit * unitsPerSecond() / 1e9;
        }
    }

    private final Compute compute;
    private final double warmupSeconds;
    private final double seconds;

    public Throughput(Compute compute, double warmupSeconds, double seconds) {
        this.compute = compute;
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
    }

    /** Runs {@code workload} of {@code config} on {@code corpus} (its train split for training, else its test split). */
    public Result run(Workload workload, TrainConfig config, WordCorpus corpus) {
        ModelConfig modelConfig = config.modelConfig(corpus.vocabulary().size());
        LanguageModel model = new LanguageModel(modelConfig, compute);
        model.initUniform((float) config.initScale(), config.seed());
        model.rngState(config.seed());
        return switch (workload) {
            case TRAIN -> train(model, config, corpus.train());
            case EVAL -> eval(model, corpus.test().orElse(corpus.train()));
            case GENERATE -> generate(model, config.seed());
        };
    }

    private Result train(LanguageModel model, TrainConfig config, TokenSequence text) {
        int b = config.batchSize();
        int t = config.numSteps();
        PtbBatcher batcher = new PtbBatcher(text, b, t);
        int[] x = new int[t * b]; // (T,B)
        int[] y = new int[t * b]; // (T,B)
        LanguageModel.State state = model.newState(b);
        ParameterStore params = model.params();
        float lossScale = config.loss().scale(t);
        Sgd.Parallel sgd = new Sgd.Parallel(compute);
        int[] next = {0};
        Runnable window = () -> {
            if (next[0] == batcher.epochSize()) {
                next[0] = 0;
                state.zero();
            }
            batcher.window(next[0]++, x, y);
            params.zeroGrads();
            model.trainWindow(x, y, t, b, state, lossScale);
            sgd.step(params, config.lr(), config.maxGradNorm());
        };
        return time(Workload.TRAIN, window, (long) t * b, 3 * modelFlopsPerWord(model.config()));
    }

    private Result eval(LanguageModel model, TokenSequence text) {
        int[] x = new int[1];
        int[] y = new int[1];
        LanguageModel.State state = model.newState(1);
        int[] next = {0};
        Runnable step = () -> {
            if (next[0] + 1 >= text.size()) {
                next[0] = 0;
                state.zero();
            }
            x[0] = text.get(next[0]);
            y[0] = text.get(next[0] + 1);
            next[0]++;
            model.evalWindow(x, y, 1, 1, state);
        };
        return time(Workload.EVAL, step, 1, modelFlopsPerWord(model.config()));
    }

    private Result generate(LanguageModel model, long seed) {
        int vocab = model.config().vocabSize();
        Sampler sampler = new Sampler(vocab, SamplerOptions.sampling(), seed, compute.kernels());
        float[] logits = new float[vocab];
        LanguageModel.State state = model.newState(1);
        int[] token = {0};
        Runnable step = () -> {
            model.step(token[0], state, logits);
            token[0] = sampler.next(logits);
        };
        return time(Workload.GENERATE, step, 1, modelFlopsPerWord(model.config()));
    }

    /**
     * Floating-point operations of one forward pass per word: two per multiply-add of every weight
     * matrix (the LSTM's input and recurrent products and the decoder); a training step does three
     * times as many (forward, input gradient, weight gradient). Element-wise work is left out.
     */
    public static double modelFlopsPerWord(ModelConfig c) {
        double madds = (double) c.hiddenSize() * c.vocabSize();
        for (int k = 0; k < c.numLayers(); k++) {
            madds += (double) (c.layerInputSize(k) + c.hiddenSize()) * 4 * c.hiddenSize();
        }
        return 2 * madds;
    }

    /** GFLOP/s of {@code gemm} on an n×n×n NN product, the best of {@code reps} after as many warm-up calls. */
    public static double peakGflops(Gemm gemm, int n, int reps) {
        float[] a = random(n * n, 1);
        float[] b = random(n * n, 2);
        float[] c = new float[n * n];
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 2 * reps; i++) {
            long t0 = System.nanoTime();
            gemm.nn(n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            long dt = System.nanoTime() - t0;
            if (i >= reps) best = Math.min(best, dt);
        }
        return 2.0 * n * n * n / best;
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (r.nextDouble() - 0.5);
        return a;
    }

    private Result time(Workload workload, Runnable call, long unitsPerCall, double flopsPerUnit) {
        runFor(call, warmupSeconds);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        long allocated0 = threads.getThreadAllocatedBytes(self);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long calls = runFor(call, seconds);
        long elapsed = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        long allocated = threads.getThreadAllocatedBytes(self) - allocated0;
        return new Result(workload, calls * unitsPerCall, calls, elapsed / 1e9, cpu / 1e9, flopsPerUnit,
                allocated / Math.max(1, calls));
    }

    /** Calls {@code call} until {@code seconds} have passed (at least once when seconds > 0); returns the calls. */
    private static long runFor(Runnable call, double seconds) {
        if (seconds <= 0) return 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() < end);
        return calls;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
