package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {
    private static byte[] drain(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void linesSayEachTenthOnceWhateverTheReadSizes() throws IOException {
        byte[] body = new byte[2_500_000];
        body[123] = 7;
        List<String> log = new ArrayList<>();

        byte[] read = drain(DownloadProgress.lines(log::add).track(new ByteArrayInputStream(body), "f.tgz", body.length), 65_536);

        assertThat(read).isEqualTo(body);
        assertThat(log).containsExactly(
                "  f.tgz: 10% (0.3 of 2.5 MB)", "  f.tgz: 20% (0.5 of 2.5 MB)", "  f.tgz: 30% (0.8 of 2.5 MB)",
                "  f.tgz: 40% (1.0 of 2.5 MB)", "  f.tgz: 50% (1.3 of 2.5 MB)", "  f.tgz: 60% (1.5 of 2.5 MB)",
                "  f.tgz: 70% (1.8 of 2.5 MB)", "  f.tgz: 80% (2.0 of 2.5 MB)", "  f.tgz: 90% (2.3 of 2.5 MB)",
                "  f.tgz: 100% (2.5 of 2.5 MB)");
    }

    @Test
    void oneBigReadStillEndsAtOneHundredPercent() throws IOException {
        List<String> log = new ArrayList<>();
        drain(DownloadProgress.lines(log::add).track(new ByteArrayInputStream(new byte[1000]), "x", 1000), 4096);
        assertThat(log).containsExactly("  x: 100% (0.0 of 0.0 MB)");
    }

    @Test
    void unknownLengthGivesOneLinePerTenMegabytes() throws IOException {
        List<String> log = new ArrayList<>();
        drain(DownloadProgress.lines(log::add).track(new ByteArrayInputStream(new byte[25_000_000]), "t.zip", -1), 1 << 20);
        assertThat(log).containsExactly("  t.zip: 10.5 MB", "  t.zip: 21.0 MB");
    }

    @Test
    void barIsDrawnInPlaceAndFinishedAtTheEndOfTheBody() throws IOException {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        byte[] body = new byte[3_000_000];

        byte[] read = drain(DownloadProgress.bar(new PrintStream(terminal, true, StandardCharsets.UTF_8))
                .track(new ByteArrayInputStream(body), "input.txt", body.length), 8192);

        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertThat(read).isEqualTo(body);
        assertThat(shown).startsWith("\r").contains("input.txt 100%").contains("3000/3000 kB").endsWith("\n");
    }
}
