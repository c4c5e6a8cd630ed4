package dev.lstmlm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lstmlm.UserError;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The report of run directories written by lstmlm before reports existed (test resources: the
 * config.json, metrics.jsonl and summary.json of a 6-epoch ptb-loop run and a 500-step udacity-loop
 * run, as the trainer of that time wrote them).
 */
class RunReportTest {
    @TempDir Path dir;

    /** Copies the resource run {@code name} (ptb-run or udacity-run) into the temporary directory. */
    static Path runFromBefore(Path dir, String name) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        for (String file : List.of(RunRecord.CONFIG, RunRecord.METRICS, RunRecord.SUMMARY)) {
            try (InputStream in = RunReportTest.class.getResourceAsStream(name + "/" + file)) {
                Files.copy(in, run.resolve(file));
            }
        }
        return run;
    }

    @Test
    void writesCurvesAndAReportForARunByEpochs() throws Exception {
        Path run = runFromBefore(dir, "ptb-run");
        RunReport.write(run);

        BufferedImage png = ImageIO.read(run.resolve(RunReport.PNG).toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(CurveChart.WIDTH);
        assertThat(png.getHeight()).isEqualTo(CurveChart.HEIGHT);
        assertThat(distinctColours(png)).as("a drawn chart, not a blank image").isGreaterThan(20);

        Document svg = parseXml(Files.readString(run.resolve(RunReport.SVG)));
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        // train ppl, valid ppl and lr: three series, each one path with its six points
        assertThat(curveIds(svg)).containsExactlyInAnyOrder("curve-0", "curve-1", "curve-2");
        assertThat(svgText(svg)).contains("train ppl", "valid ppl", "lr", "epoch");

        String html = Files.readString(run.resolve(RunReport.HTML));
        List<JsonNode> metrics = RunRecord.read(run).metrics();
        assertThat(metrics).hasSize(6);
        List<String> columns = HtmlReport.columns(metrics);
        assertThat(columns).startsWith("epoch", "lr", "train_ppl", "valid_ppl");
        for (JsonNode line : metrics) {
            StringBuilder row = new StringBuilder("<tr>");
            for (String c : columns) row.append("<td>").append(HtmlReport.cell(c, line.get(c))).append("</td>");
            assertThat(html).contains(row.append("</tr>"));
        }
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "%.2f", metrics.get(5).get("valid_ppl").asDouble()));
        assertThat(html).contains("<svg").contains("curve-0").contains("test_ppl").contains("hidden_size")
                .contains("finished: test ppl 249.81");
        assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    @Test
    void writesCurvesForARunBySteps() throws Exception {
        Path run = runFromBefore(dir, "udacity-run");
        RunReport.write(run);
        Document svg = parseXml(Files.readString(run.resolve(RunReport.SVG)));
        assertThat(curveIds(svg)).hasSize(3);
        assertThat(svgText(svg)).contains("step");
        assertThat(Files.readString(run.resolve(RunReport.HTML))).contains("<h2>Reports</h2>").contains("<td>400</td>");
    }

    @Test
    void aRunStillWithoutMetricsGetsAnEmptyChartAndReport() throws Exception {
        Path run = runFromBefore(dir, "ptb-run");
        Files.delete(run.resolve(RunRecord.METRICS));
        Files.delete(run.resolve(RunRecord.SUMMARY));
        RunReport.write(run);
        assertThat(curveIds(parseXml(Files.readString(run.resolve(RunReport.SVG))))).isEmpty();
        assertThat(Files.readString(run.resolve(RunReport.HTML))).contains("metrics.jsonl has no line yet")
                .contains("not finished: epoch 0 of 6 reported");
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        Path run = runFromBefore(dir, "ptb-run");
        Files.writeString(run.resolve(RunRecord.METRICS), "{\"epoch\":7,\"lr\":0.0", java.nio.file.StandardOpenOption.APPEND);
        assertThat(RunRecord.read(run).metrics()).hasSize(6);
    }

    @Test
    void aDirectoryThatIsNoRunIsAUserError() {
        assertThatThrownBy(() -> RunRecord.read(dir)).isInstanceOf(UserError.class)
                .hasMessage(dir.toAbsolutePath() + " is not a training run (it has neither config.json nor metrics.jsonl);"
                        .replace(dir.toAbsolutePath().toString(), dir.toString()) + " give a run directory that lstmlm train wrote");
    }

    @Test
    void updateOnlyWarnsWhenTheReportCannotBeWritten() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunReport.update(dir.resolve("missing"), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("warning: the report of " + dir.resolve("missing") + " was not updated");
    }

    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // the SVG DOCTYPE names the W3C DTD
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** The ids of the elements the chart marked as curves. */
    static List<String> curveIds(Document svg) {
        List<String> ids = new ArrayList<>();
        NodeList all = svg.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            if (id.startsWith("curve-")) ids.add(id);
        }
        return ids;
    }

    static String svgText(Document svg) {
        StringBuilder b = new StringBuilder();
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) b.append(texts.item(i).getTextContent()).append('\n');
        return b.toString();
    }

    private static long distinctColours(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        return colours.size();
    }
}
