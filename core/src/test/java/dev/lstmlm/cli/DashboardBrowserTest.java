package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.dashboard.DashboardServer;
import dev.lstmlm.web.Browser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The training dashboard in a real (headless) Chromium: runs on disk, and a live training with its stop button. */
class DashboardBrowserTest {
    private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+)/");

    @TempDir Path dir;

    private Path run(String resource, String name) throws IOException {
        Path run = dir.resolve("runs").resolve(name);
        Files.createDirectories(run);
        for (String file : List.of("config.json", "metrics.jsonl", "summary.json")) {
            try (InputStream in = getClass().getResourceAsStream("/dev/lstmlm/report/" + resource + "/" + file)) {
                Files.copy(in, run.resolve(file));
            }
        }
        return run;
    }

    private static int points(Browser b, String chart) {
        return Integer.parseInt(b.driver().findElement(By.id(chart)).getAttribute("data-points"));
    }

    /** The text of a live stat, read again if a redraw replaced the element between finding and reading it. */
    private static String stat(Browser b, String name) throws InterruptedException {
        return b.await(10, d -> d.findElement(By.cssSelector("[data-stat='" + name + "']")).getText());
    }

    @Test
    void overlaysTheRunsOnDisk() throws Exception {
        run("ptb-run", "run-a");
        run("ptb-run", "run-b");
        try (DashboardServer server = new DashboardServer(dir.resolve("runs"), null, "127.0.0.1", 0, new PrintWriter(new StringWriter()));
             Browser b = Browser.start(1000, 900)) {
            String origin = "http://127.0.0.1:" + server.port();
            b.open(origin + "/");
            b.await(20, d -> points(b, "epoch-chart") == 12);
            assertThat(b.driver().findElement(By.id("epoch-chart")).getAttribute("data-runs")).isEqualTo("2");
            assertThat(b.driver().findElements(By.cssSelector("#runs tbody tr"))).hasSize(2);
            assertThat(b.driver().findElement(By.id("epoch-chart")).getText()).contains("run-a valid ppl").contains("run-b train ppl");
            assertThat(b.driver().findElement(By.id("live")).isDisplayed()).isFalse();

            // a third run appears while the page is open
            run("ptb-run", "run-c");
            b.await(20, d -> b.driver().findElements(By.cssSelector("#runs tbody tr")).size() == 3);
            b.await(20, d -> points(b, "epoch-chart") == 18);
            // unticking a run takes it off the chart
            b.driver().findElement(By.cssSelector("input[aria-label='show run-a']")).click();
            b.await(10, d -> points(b, "epoch-chart") == 12);

            assertThat(b.consoleErrors()).isEmpty();
            assertThat(b.requestsOutside(origin)).isEmpty();
        }
    }

    @Test
    void aLiveTrainingGainsAPointPerEpochAndTheStopButtonStopsItAsCtrlCDoes() throws Exception {
        Path corpus = SmallCorpus.create(dir.resolve("corpus"), 1500, 100);
        Path runDir = dir.resolve("run");
        ChildCli child = ChildCli.start(dir.resolve("out.txt"), "train", "--preset", "ptb-small", "--hidden-size", "8",
                "--layers", "1", "--num-steps", "10", "--batch-size", "4", "--epochs", "40", "--corpus", corpus.toString(),
                "--data-dir", dir.resolve("data").toString(), "--run-dir", runDir.toString(), "--save-every-minutes", "0",
                "--threads", "1", "--ui", "0");
        try (Browser b = Browser.start(1000, 1000)) {
            String origin = null;
            for (int i = 0; i < 600 && origin == null; i++) {
                Matcher m = URL.matcher(child.output());
                if (m.find()) origin = m.group(1);
                else Thread.sleep(100);
                assertThat(child.process.isAlive()).as(child.output()).isTrue();
            }
            assertThat(origin).as(child.output()).isNotNull();
            b.open(origin + "/");
            b.await(30, d -> b.driver().findElement(By.id("live")).isDisplayed());
            b.await(60, d -> points(b, "batch-chart") > 0);
            int before = points(b, "epoch-chart");
            b.await(120, d -> points(b, "epoch-chart") == before + 1);
            // the live stats are redrawn every update, so each is read (and re-found) until a redraw does not get between
            assertThat(stat(b, "words/s")).matches("\\d+");
            assertThat(stat(b, "batch")).matches("\\d+ / \\d+");

            b.driver().findElement(By.id("stop")).click();
            assertThat(child.waitFor(120)).as(child.output()).isEqualTo(130);
            assertThat(child.output()).contains("stopping: the dashboard asked").contains("Resume with:");
            assertThat(runDir.resolve("latest")).exists();
            assertThat(b.consoleErrors()).isEmpty();
            assertThat(b.requestsOutside(origin)).isEmpty();
        } finally {
            if (child.process.isAlive()) child.process.destroyForcibly().waitFor();
        }
    }
}
