package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void versionExitsZero() {
        assertThat(Main.execute("--version")).isZero();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(Main.execute()).isEqualTo(2);
    }
}
