package dev.lstmlm.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run's config.json as lstmlm wrote it before the options were described in one table (commit
 * 6f95556, the resources in {@code model/v1/}) still reads as the preset it was written from, so that
 * such runs can be resumed.
 */
class VersionOneConfigsTest {
    private static Path resource(String name) {
        try {
            return Path.of(VersionOneConfigsTest.class.getResource("/dev/lstmlm/model/v1/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ptb-small", "ptb-medium", "ptb-large", "ptb-test", "char-udacity", "shakespeare-char"})
    void aRunConfigOfTheFirstFormatReadsAsItsPreset(String preset) {
        assertThat(TrainConfig.read(resource("config-" + preset + ".json"))).isEqualTo(Presets.get(preset));
    }

    @Test
    void theUdacityConfigKeepsItsSchedule() {
        TrainConfig c = TrainConfig.read(resource("config-char-udacity.json"));
        assertThat(c.rates().rate(1, 4999)).isEqualTo(10.0);
        assertThat(c.rates().rate(1, 5000)).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
    }
}
