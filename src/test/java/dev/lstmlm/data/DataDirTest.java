package dev.lstmlm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDirTest {
    @Test
    void optionWinsOverEnvironmentAndHome() {
        assertThat(DataDir.resolve(Path.of("/opt/d"), "/env/d", "/home/u")).isEqualTo(Path.of("/opt/d"));
    }

    @Test
    void environmentWinsOverHome() {
        assertThat(DataDir.resolve(null, "/env/d", "/home/u")).isEqualTo(Path.of("/env/d"));
    }

    @Test
    void homeCacheIsTheDefault() {
        assertThat(DataDir.resolve(null, null, "/home/u")).isEqualTo(Path.of("/home/u/.cache/lstmlm"));
        assertThat(DataDir.resolve(null, " ", "/home/u")).isEqualTo(Path.of("/home/u/.cache/lstmlm"));
    }

    @Test
    void relativeOptionBecomesAbsolute() {
        assertThat(DataDir.resolve(Path.of("d"), null, "/home/u")).isEqualTo(Path.of("d").toAbsolutePath());
    }
}
