package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import dev.lstmlm.report.CurveChart;
import dev.lstmlm.report.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lstmlm plot}: the curves of one or several runs in one chart, as PNG or SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Draw the train and valid perplexity and the learning rate of one or more runs against their epochs"
                + " (or steps) in one chart. Reads RUN/metrics.jsonl, so it works on any run, finished or not."},
        footer = {"", "Examples:", "  lstmlm plot runs/ptb-small-20261201-101500",
                "  lstmlm plot runs/ptb-small-* -o compare.svg"})
final class PlotCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run directories (as lstmlm train wrote them).")
    List<Path> runs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.png|FILE.svg", defaultValue = "curves.png",
            description = "The image to write; its extension chooses the format (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "" + CurveChart.WIDTH, description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "" + CurveChart.HEIGHT, description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() throws IOException {
        if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
            throw new UserError("--width and --height must be between 100 and 10000 pixels, not " + width + " x " + height);
        }
        List<RunRecord> records = runs.stream().map(RunRecord::read).toList();
        CurveChart chart = CurveChart.of(records);
        chart.write(output, width, height);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s: %d curves of %d run%s%n", output, chart.curves(), records.size(), records.size() == 1 ? "" : "s");
        out.flush();
        return 0;
    }
}
