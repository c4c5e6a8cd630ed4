package dev.lstmlm.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (no script, no external file) with a run's summary,
 * its curves as inline SVG, the per-epoch (or per-report) table of metrics.jsonl, the samples that
 * the log printed, and the config.
 */
final class HtmlReport {
    /** Metrics keys that are not table columns. */
    private static final Set<String> NOT_COLUMNS = Set.of("sample", "samples");
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1em;color:#222}
            h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-variant-numeric:tabular-nums}
            td,th{padding:.2em .7em;border-bottom:1px solid #eee;text-align:right}th{background:#f6f6f6}
            table.kv td:first-child{text-align:left;color:#555}table.kv td{text-align:left}
            pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap;word-break:break-word}
            svg{max-width:100%;height:auto}.muted{color:#777}
            """;

    private HtmlReport() {}

    static String render(RunRecord run, String svgElement) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(run.name())).append(" · lstmlm</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(run.name())).append("</h1>\n<p class=\"muted\">").append(esc(run.status())).append("</p>\n");
        if (run.summary() != null) {
            h.append("<h2>Summary</h2>\n");
            keyValues(h, run.summary(), "config");
        }
        h.append("<h2>Curves</h2>\n").append(svgElement).append('\n');
        h.append("<h2>").append(run.progress() == RunRecord.Progress.EPOCHS ? "Epochs" : "Reports").append("</h2>\n");
        table(h, run.metrics());
        List<String[]> samples = samples(run);
        if (!samples.isEmpty()) {
            h.append("<h2>Samples</h2>\n");
            for (String[] s : samples) {
                h.append("<p class=\"muted\">").append(esc(s[0])).append("</p><pre>").append(esc(s[1])).append("</pre>\n");
            }
        }
        h.append("<h2>Config</h2>\n");
        keyValues(h, run.config(), null);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The columns of the metrics table: every key in order of first appearance. */
    static List<String> columns(List<JsonNode> metrics) {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode line : metrics) {
            for (Map.Entry<String, JsonNode> e : line.properties()) {
                if (!NOT_COLUMNS.contains(e.getKey()) && !e.getValue().isContainerNode()) keys.add(e.getKey());
            }
        }
        return new ArrayList<>(keys);
    }

    /** One table cell: counts as integers, rates with 4 significant digits, times as h:mm:ss, the rest with 2 or 4 decimals. */
    static String cell(String key, JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) return "";
        if (!v.isNumber()) return v.asText();
        if (v.isIntegralNumber()) return v.asText();
        double d = v.asDouble();
        if (!Double.isFinite(d)) return Double.toString(d);
        if (key.equals("lr")) return String.format(Locale.ROOT, "%.4g", d);
        if (key.endsWith("seconds")) return duration(d);
        if (key.startsWith("words") || key.endsWith("per_second")) return String.format(Locale.ROOT, "%.0f", d);
        if (key.endsWith("loss")) return String.format(Locale.ROOT, "%.4f", d);
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static void table(StringBuilder h, List<JsonNode> metrics) {
        if (metrics.isEmpty()) {
            h.append("<p class=\"muted\">metrics.jsonl has no line yet.</p>\n");
            return;
        }
        List<String> cols = columns(metrics);
        h.append("<div style=\"overflow-x:auto\"><table id=\"metrics\"><thead><tr>");
        for (String c : cols) h.append("<th>").append(esc(c)).append("</th>");
        h.append("</tr></thead><tbody>\n");
        for (JsonNode line : metrics) {
            h.append("<tr>");
            for (String c : cols) h.append("<td>").append(esc(cell(c, line.get(c)))).append("</td>");
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    /** Samples kept in the metrics lines ("sample": text, or "samples": [texts]), titled by their epoch or step. */
    static List<String[]> samples(RunRecord run) {
        List<String[]> out = new ArrayList<>();
        String unit = run.progress().key;
        for (JsonNode line : run.metrics()) {
            String title = "after " + unit + " " + line.path(unit).asText("?");
            if (line.path("sample").isTextual()) out.add(new String[] {title, line.get("sample").asText()});
            if (line.path("samples").isArray()) {
                StringBuilder all = new StringBuilder();
                for (JsonNode s : line.get("samples")) all.append(s.asText()).append('\n');
                out.add(new String[] {title, all.toString().stripTrailing()});
            }
        }
        return out;
    }

    private static void keyValues(StringBuilder h, JsonNode object, String skip) {
        h.append("<table class=\"kv\">");
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equals(skip)) continue;
            String value = e.getValue().isContainerNode() ? e.getValue().toString() : cell(e.getKey(), e.getValue());
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(value)).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
