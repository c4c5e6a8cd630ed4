package dev.lstmlm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lstmlm.UserError;
import dev.lstmlm.bench.Throughput;
import dev.lstmlm.data.WordCorpus;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.train.Presets;
import dev.lstmlm.train.TrainConfig;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lstmlm bench train|eval|generate}: throughput of a preset's workloads on the real corpus. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure words (or tokens) per second of a training preset with random-init weights.",
        subcommands = {BenchCommand.Train.class, BenchCommand.Eval.class, BenchCommand.Generate.class, BenchScoreCommand.class})
final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing workload: choose train, eval or generate.");
    }

    /** The options every workload takes. */
    static final class Options {
        @Option(names = "--preset", paramLabel = "NAME", defaultValue = "ptb-small",
                description = "A training preset: ptb-small, ptb-medium, ptb-large or ptb-test (default: ${DEFAULT-VALUE}).")
        String preset;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "Timed duration (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "20",
                description = "Untimed run first, for the JIT compilers; on a busy machine ptb-medium still allocated (interpreted vector code) after 15 s (default: ${DEFAULT-VALUE}).")
        double warmupSeconds;

        @Mixin ThreadsOption threads;

        @Option(names = "--peak", paramLabel = "GFLOPS",
                description = "The machine's sgemm peak to report the share of; default: measured on a 2000x2000x2000 product.")
        Double peak;

        @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
        boolean json;

        @Mixin DataDirOption dataDir;
    }

    /** A workload's command: the options every workload takes, measured by {@link #measure}. */
    abstract static class WorkloadCommand implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Options options;
        private final Throughput.Workload workload;

        WorkloadCommand(Throughput.Workload workload) {
            this.workload = workload;
        }

        @Override
        public Integer call() {
            return measure(spec, options, workload);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training windows (forward, backward, clip, SGD) on the corpus's training text; words/s.",
            footer = {"", "Example:", "  lstmlm bench train --preset ptb-small --seconds 30 --threads 2 --json"})
    static final class Train extends WorkloadCommand {
        Train() { super(Throughput.Workload.TRAIN); }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "The test set scored with batch 1, one step per call (TensorFlow's test run); words/s.",
            footer = {"", "Example:", "  lstmlm bench eval --preset ptb-medium --seconds 30"})
    static final class Eval extends WorkloadCommand {
        Eval() { super(Throughput.Workload.EVAL); }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Tokens sampled one at a time (batch 1) from the full softmax and fed back in; tokens/s.",
            footer = {"", "Example:", "  lstmlm bench generate --preset ptb-small --seconds 30"})
    static final class Generate extends WorkloadCommand {
        Generate() { super(Throughput.Workload.GENERATE); }
    }

    /** Side of the square product the peak is measured on. */
    private static final int PEAK_SIZE = 2000;

    private static int measure(CommandSpec spec, Options o, Throughput.Workload workload) {
        int threads = o.threads.resolve(spec.commandLine().getErr());
        if (!(o.seconds > 0)) throw new UserError("--seconds must be positive, not " + o.seconds);
        if (!(o.warmupSeconds >= 0)) throw new UserError("--warmup-seconds must be 0 or more, not " + o.warmupSeconds);
        if (o.peak != null && !(o.peak > 0)) throw new UserError("--peak must be a positive number of GFLOP/s, not " + o.peak);
        TrainConfig config = Presets.get(o.preset);
        WordCorpus corpus = WordCorpus.load(o.dataDir.resolve(), config.corpus());
        Compute compute = ComputeLine.open(spec, threads);
        Throughput.Result r = new Throughput(compute, o.warmupSeconds, o.seconds).run(workload, config, corpus);
        // After the workload, whose warm-up has compiled the kernels the peak product runs on.
        double peak = o.peak != null ? o.peak : Throughput.peakGflops(compute.gemm(), PEAK_SIZE, 3);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        String unit = workload == Throughput.Workload.GENERATE ? "tokens" : "words";
        PrintWriter out = spec.commandLine().getOut();
        if (o.json) {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("mode", workload.name().toLowerCase(Locale.ROOT));
            n.put("preset", config.preset());
            n.put("threads", threads);
            n.put("gemm", compute.gemm().name());
            n.put(unit + "_per_second", r.unitsPerSecond());
            n.put(unit + "_per_cpu_second", r.unitsPerCpuSecond());
            n.put(unit, r.units());
            n.put("calls", r.calls());
            n.put("elapsed_seconds", r.elapsedSeconds());
            n.put("cpu_seconds", r.cpuSeconds());
            n.put("warmup_seconds", o.warmupSeconds);
            n.put("flops_per_" + unit.substring(0, unit.length() - 1), r.flopsPerUnit());
            n.put("gflops", r.gflops());
            n.put("peak_gflops", peak);
            n.put("share_of_peak", r.gflops() / peak);
            n.put("allocated_bytes_per_call", r.allocatedBytesPerCall());
            n.put("load_average", load);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "%s %s: %,.0f %s/s (%,.0f per CPU-second) over %.1f s after %.0f s of warm-up, %s%n",
                    config.preset(), workload.name().toLowerCase(Locale.ROOT), r.unitsPerSecond(), unit,
                    r.unitsPerCpuSecond(), r.elapsedSeconds(), o.warmupSeconds, compute.gemm().name());
            out.printf(Locale.ROOT, "%.1f GFLOP/s of matrix products = %.0f%% of the %.0f GFLOP/s sgemm peak (%s); %,d bytes allocated"
                            + " per call; load average %.2f%n", r.gflops(), 100 * r.gflops() / peak, peak,
                    o.peak != null ? "given" : PEAK_SIZE + "^3 measured", r.allocatedBytesPerCall(), load);
        }
        out.flush();
        return 0;
    }
}
