package dev.lstmlm.report;

import dev.lstmlm.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run's {@code curves.svg}, {@code curves.png} and {@code report.html} from what its
 * directory holds. Training calls {@link #update} after each metrics line and after the summary;
 * it works as well on a run from before reports existed, or on one still running.
 */
public final class RunReport {
    public static final String PNG = "curves.png";
    public static final String SVG = "curves.svg";
    public static final String HTML = "report.html";

    private RunReport() {}

    /** (Re)writes the three files of the run in {@code dir}, each atomically. */
    public static void write(Path dir) throws IOException {
        RunRecord run = RunRecord.read(dir);
        CurveChart chart = CurveChart.of(List.of(run));
        chart.writeSvg(run.dir().resolve(SVG), CurveChart.WIDTH, CurveChart.HEIGHT);
        chart.writePng(run.dir().resolve(PNG), CurveChart.WIDTH, CurveChart.HEIGHT);
        AtomicFiles.writeString(run.dir().resolve(HTML), HtmlReport.render(run, chart.svgElement(CurveChart.WIDTH, CurveChart.HEIGHT)));
    }

    /**
     * As {@link #write}, for a training run: a report that cannot be written costs the run nothing but
     * a warning on stderr (the metrics and checkpoints are already saved).
     */
    public static void update(Path dir) {
        update(dir, System.err);
    }

    static void update(Path dir, PrintStream warnings) {
        try {
            write(dir);
        } catch (IOException | RuntimeException | LinkageError e) {
            warnings.println("warning: the report of " + dir + " was not updated (" + e + "); `lstmlm plot " + dir
                    + "` draws the curves later");
        }
    }
}
