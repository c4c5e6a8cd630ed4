package dev.lstmlm.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a chart: a quantity of one run against its epochs or steps.
 *
 * @param run   the run's name
 * @param kind  what the values are
 * @param x     epochs or steps, ascending
 * @param y     the values, as many as x
 */
public record Curve(String run, Kind kind, double[] x, double[] y) {
    /** The quantities a run's chart shows; perplexities share the left (log) axis, the rate has its own. */
    public enum Kind {
        TRAIN("train ppl"), VALID("valid ppl"), LR("lr");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public Curve {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
    }

    /** The label in a chart's legend: the quantity, after the run's name when several runs share a chart. */
    public String label(boolean withRun) {
        return withRun ? run + " " + kind.label : kind.label;
    }

    /** The curves of a run that has at least one point: train and valid perplexity, learning rate. */
    public static List<Curve> of(RunRecord run) {
        String xKey = run.progress().key;
        List<Curve> curves = new ArrayList<>();
        add(curves, run, Kind.TRAIN, xKey, run.trainKey());
        add(curves, run, Kind.VALID, xKey, "valid_ppl");
        add(curves, run, Kind.LR, xKey, "lr");
        return curves;
    }

    private static void add(List<Curve> curves, RunRecord run, Kind kind, String xKey, String yKey) {
        double[] x = new double[run.metrics().size()];
        double[] y = new double[x.length];
        int n = 0;
        for (JsonNode line : run.metrics()) {
            JsonNode xv = line.get(xKey);
            JsonNode yv = line.get(yKey);
            if (xv == null || !xv.isNumber() || yv == null || !yv.isNumber()) continue;
            double value = yv.asDouble();
            if (!Double.isFinite(value) || (kind != Kind.LR && value <= 0)) continue; // NaN: no validation yet
            x[n] = xv.asDouble();
            y[n] = value;
            n++;
        }
        if (n > 0) curves.add(new Curve(run.name(), kind, java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n)));
    }
}
