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

    @Test
    void cachePropertyWinsOverEnvironmentAndHome() {
        assertThat(DataDir.cacheRoot("/prop/c", "/env/c", "/home/u")).isEqualTo(Path.of("/prop/c"));
    }

    @Test
    void cacheEnvironmentWinsOverHome() {
        assertThat(DataDir.cacheRoot(null, "/env/c", "/home/u")).isEqualTo(Path.of("/env/c"));
        assertThat(DataDir.cacheRoot("", "/env/c", "/home/u")).isEqualTo(Path.of("/env/c"));
    }

    @Test
    void homeCacheFolderIsTheDefaultCacheRoot() {
        assertThat(DataDir.cacheRoot(null, null, "/home/u")).isEqualTo(Path.of("/home/u/.cache/lstmlm/cache"));
        assertThat(DataDir.cacheRoot(" ", " ", "/home/u")).isEqualTo(Path.of("/home/u/.cache/lstmlm/cache"));
    }

    @Test
    void relativeCacheRootBecomesAbsoluteAndNormal() {
        assertThat(DataDir.cacheRoot("c/../d", null, "/home/u")).isEqualTo(Path.of("d").toAbsolutePath());
    }

    @Test
    void testsKeepTheirCachesInTheBuildDirectory() {
        assertThat(DataDir.cacheRoot()).endsWithRaw(Path.of("target", "token-cache"));
    }
}
