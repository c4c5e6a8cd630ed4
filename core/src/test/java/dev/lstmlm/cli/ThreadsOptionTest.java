package dev.lstmlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ThreadsOptionTest {
    private final StringWriter err = new StringWriter();

    @Test
    void allCoresByDefaultAndWhatIsAskedUpToTheCores() {
        assertThat(ThreadsOption.resolve(null, 4, new PrintWriter(err))).isEqualTo(4);
        assertThat(ThreadsOption.resolve(3, 4, new PrintWriter(err))).isEqualTo(3);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void moreThanTheCoresIsClampedWithANote() {
        assertThat(ThreadsOption.resolve(8, 2, new PrintWriter(err))).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("note: --threads 8 is more than the 2 cores of this machine; using 2" + System.lineSeparator());
    }

    @Test
    void lessThanOneIsAUserError() {
        assertThatThrownBy(() -> ThreadsOption.resolve(0, 2, new PrintWriter(err))).isInstanceOf(UserError.class)
                .hasMessage("--threads must be at least 1, not 0");
    }
}
