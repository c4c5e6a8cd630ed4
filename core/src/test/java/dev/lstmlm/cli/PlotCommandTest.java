package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lstmlm plot} on run directories written before reports existed (the report package's test resources). */
class PlotCommandTest {
    @TempDir Path dir;

    private Path run(String resource, String name) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        for (String file : List.of("config.json", "metrics.jsonl", "summary.json")) {
            try (InputStream in = getClass().getResourceAsStream("/dev/lstmlm/report/" + resource + "/" + file)) {
                Files.copy(in, run.resolve(file));
            }
        }
        return run;
    }

    @Test
    void overlaysTwoRunsInOneSvg() throws Exception {
        Path a = run("ptb-run", "run-a");
        Path b = run("ptb-run", "run-b");
        Path out = dir.resolve("both.svg");
        CliRun r = CliRun.of("plot", a.toString(), b.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + out + ": 6 curves of 2 runs\n");
        String svg = Files.readString(out);
        for (int i = 0; i < 6; i++) assertThat(svg).contains("id='curve-" + i + "'");
        assertThat(svg).doesNotContain("id='curve-6'").contains(">run-a train ppl<").contains(">run-b valid ppl<")
                .contains(">run-b lr<");
    }

    @Test
    void writesAPngOfTheAskedSize() throws Exception {
        Path out = dir.resolve("one.png");
        CliRun r = CliRun.of("plot", run("udacity-run", "u").toString(), "-o", out.toString(), "--width", "640", "--height", "360");
        assertThat(r.exitCode()).as(r.err()).isZero();
        BufferedImage png = ImageIO.read(out.toFile());
        assertThat(png.getWidth()).isEqualTo(640);
        assertThat(png.getHeight()).isEqualTo(360);
    }

    @Test
    void runsByEpochsAndBySteps_cannotShareAnAxis() throws Exception {
        CliRun r = CliRun.of("plot", run("ptb-run", "p").toString(), run("udacity-run", "u").toString(), "-o",
                dir.resolve("x.png").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot overlay p (by epochs) and u (by steps) on one axis; plot them apart\n");
    }

    @Test
    void anUnknownImageFormatIsNamed() throws Exception {
        Path out = dir.resolve("x.jpg");
        CliRun r = CliRun.of("plot", run("ptb-run", "p").toString(), "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot tell the image format of " + out + "; name it FILE.png or FILE.svg\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNoRunIsNamed() {
        CliRun r = CliRun.of("plot", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: " + dir + " is not a training run");
    }
}
