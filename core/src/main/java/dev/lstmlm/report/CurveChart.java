package dev.lstmlm.report;

import dev.lstmlm.AtomicFiles;
import dev.lstmlm.UserError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * The chart of one or several runs, drawn by JFreeChart: perplexities on a logarithmic left axis,
 * the learning rate on its own axis on the right, against epochs or steps. One series per
 * {@link Curve}; in the SVG each series is one path with the id {@code curve-N}, so that a reader of
 * the file can find them. PNG through ImageIO, SVG through JFreeSVG.
 */
public final class CurveChart {
    static {
        // The report is written by training and command-line runs that have no display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 500;
    /** Colours of the Tableau 10 palette: distinct on screen and in print. */
    private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
        new Color(0xE15759), new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)};
    private static final Color LR_GREY = new Color(0x777777);

    private final JFreeChart chart;
    private final int curves;

    private CurveChart(JFreeChart chart, int curves) {
        this.chart = chart;
        this.curves = curves;
    }

    /** The chart of {@code runs}; runs by epochs and runs by steps cannot share an x axis. */
    public static CurveChart of(List<RunRecord> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs");
        RunRecord.Progress progress = runs.getFirst().progress();
        for (RunRecord r : runs) {
            if (r.progress() != progress) {
                throw new UserError("cannot overlay " + runs.getFirst().name() + " (by " + progress.key + "s) and " + r.name()
                        + " (by " + r.progress().key + "s) on one axis; plot them apart");
            }
        }
        boolean several = runs.size() > 1;
        XYSeriesCollection ppl = new XYSeriesCollection();
        XYSeriesCollection lr = new XYSeriesCollection();
        List<List<Curve>> curves = runs.stream().map(Curve::of).toList();
        long pplCount = curves.stream().flatMap(List::stream).filter(c -> c.kind() != Curve.Kind.LR).count();
        XYLineAndShapeRenderer pplRenderer = renderer(0);
        XYLineAndShapeRenderer lrRenderer = renderer((int) pplCount);
        int count = 0;
        for (int r = 0; r < runs.size(); r++) {
            for (Curve c : curves.get(r)) {
                XYSeries s = new XYSeries(c.label(several), false, true);
                for (int i = 0; i < c.x().length; i++) s.add(c.x()[i], c.y()[i]);
                count++;
                if (c.kind() == Curve.Kind.LR) {
                    int i = lr.getSeriesCount();
                    lr.addSeries(s);
                    lrRenderer.setSeriesPaint(i, several ? PALETTE[r % PALETTE.length] : LR_GREY);
                    lrRenderer.setSeriesStroke(i, dashed(1.2f, 2f, 3f));
                    lrRenderer.setSeriesShapesVisible(i, false);
                } else {
                    int i = ppl.getSeriesCount();
                    ppl.addSeries(s);
                    Color color = several ? PALETTE[r % PALETTE.length] : PALETTE[c.kind() == Curve.Kind.TRAIN ? 0 : 1];
                    pplRenderer.setSeriesPaint(i, color);
                    pplRenderer.setSeriesStroke(i, several && c.kind() == Curve.Kind.TRAIN ? dashed(1.6f, 6f, 4f)
                            : new BasicStroke(2f));
                }
            }
        }
        NumberAxis x = new NumberAxis(progress.key);
        x.setAutoRangeIncludesZero(false);
        if (progress == RunRecord.Progress.EPOCHS) x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ValueAxis y = perplexityAxis(ppl);
        NumberAxis lrAxis = new NumberAxis("learning rate");
        lrAxis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(ppl, x, y, pplRenderer);
        plot.setDataset(1, lr);
        plot.setRangeAxis(1, lrAxis);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, lrRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setNoDataMessage("no finished epoch yet");
        String title = several ? runs.size() + " runs" : runs.getFirst().name();
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return new CurveChart(chart, count);
    }

    /** How many series (curves) the chart holds. */
    public int curves() {
        return curves;
    }

    public void writePng(Path file, int width, int height) throws IOException {
        AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    public void writeSvg(Path file, int width, int height) throws IOException {
        AtomicFiles.writeString(file, svgDocument(width, height));
    }

    /** A whole SVG file. */
    public String svgDocument(int width, int height) {
        return draw(width, height).getSVGDocument();
    }

    /** The {@code <svg>} element alone, to inline in an HTML page. */
    public String svgElement(int width, int height) {
        return draw(width, height).getSVGElement();
    }

    /** Writes {@code file} as PNG or SVG after its extension. */
    public void write(Path file, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) writePng(file, width, height);
        else if (name.endsWith(".svg")) writeSvg(file, width, height);
        else throw new UserError("cannot tell the image format of " + file + "; name it FILE.png or FILE.svg");
    }

    private SVGGraphics2D draw(int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(width, height));
        return g2;
    }

    /**
     * Linear while the perplexities stay within a factor of 10 (the ticks of a log axis over less than
     * a decade are unreadable), logarithmic with a tick per decade beyond.
     */
    private static ValueAxis perplexityAxis(XYSeriesCollection ppl) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < ppl.getSeriesCount(); i++) {
            min = Math.min(min, ppl.getSeries(i).getMinY());
            max = Math.max(max, ppl.getSeries(i).getMaxY());
        }
        if (max > 10 * min) {
            LogAxis log = new LogAxis("perplexity (log scale)");
            log.setBase(10);
            log.setSmallestValue(1e-3);
            log.setTickUnit(new NumberTickUnit(1));
            log.setMinorTickCount(9);
            log.setMinorTickMarksVisible(true);
            log.setNumberFormatOverride(new DecimalFormat("0.###"));
            return log;
        }
        NumberAxis linear = new NumberAxis("perplexity");
        linear.setAutoRangeIncludesZero(false);
        if (max == 0) linear.setRange(1, 1000);
        return linear;
    }

    /**
     * Series drawn each as one path; in an SVG the path gets the id {@code curve-N} (N counting all
     * series of the chart), so that a reader of the file finds each curve.
     */
    private static XYLineAndShapeRenderer renderer(int firstId) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true) {
            @Override
            protected void drawFirstPassShape(Graphics2D g2, int pass, int series, int item, Shape shape) {
                if (g2 instanceof SVGGraphics2D) g2.setRenderingHint(SVGHints.KEY_ELEMENT_ID, "curve-" + (firstId + series));
                super.drawFirstPassShape(g2, pass, series, item, shape);
            }
        };
        r.setDrawSeriesLineAsPath(true);
        r.setAutoPopulateSeriesShape(false);
        r.setDefaultShape(new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        return r;
    }

    private static Stroke dashed(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {on, off}, 0f);
    }
}
