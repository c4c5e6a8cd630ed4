package dev.lstmlm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lstmlm.UserError;
import org.junit.jupiter.api.Test;

class SamplerOptionsTest {

    @Test
    void defaultsDrawFromThePlainSoftmax() {
        SamplerOptions o = SamplerOptions.sampling();
        assertThat(o.greedy()).isFalse();
        assertThat(o.temperature()).isEqualTo(1.0);
        assertThat(o.topK()).isEqualTo(SamplerOptions.ALL);
        assertThat(o.topP()).isEqualTo(1.0);
        assertThat(o.cuts(10_000)).isFalse();
        assertThat(SamplerOptions.argmax().greedy()).isTrue();
    }

    @Test
    void withersChangeOneFieldEach() {
        SamplerOptions o = SamplerOptions.sampling().withTemperature(0.7).withTopK(40).withTopP(0.9);
        assertThat(o).isEqualTo(new SamplerOptions(false, 0.7, 40, 0.9));
        assertThat(o.cuts(10_000)).isTrue();
        assertThat(SamplerOptions.sampling().withTopK(50).cuts(50)).isFalse();
        assertThat(SamplerOptions.sampling().withTopP(0.99).cuts(50)).isTrue();
    }

    @Test
    void nonPositiveTemperatureSaysToUseGreedy() {
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SamplerOptions.sampling().withTemperature(t))
                    .isInstanceOf(UserError.class)
                    .hasMessage("temperature must be a positive number, got " + t
                            + ": use --greedy for deterministic output");
        }
    }

    @Test
    void topPOutsideZeroOneIsRejected() {
        for (double p : new double[] {0, -0.1, 1.0001, Double.NaN}) {
            assertThatThrownBy(() -> SamplerOptions.sampling().withTopP(p))
                    .isInstanceOf(UserError.class)
                    .hasMessage("top-p must be in (0, 1], got " + p + ": use for example 0.9, or 1 to keep every token");
        }
        assertThat(SamplerOptions.sampling().withTopP(1).topP()).isEqualTo(1.0);
        assertThat(SamplerOptions.sampling().withTopP(1e-9).topP()).isEqualTo(1e-9);
    }

    @Test
    void topKBelowOneIsRejected() {
        for (int k : new int[] {0, -5}) {
            assertThatThrownBy(() -> SamplerOptions.sampling().withTopK(k))
                    .isInstanceOf(UserError.class)
                    .hasMessage("top-k must be at least 1, got " + k
                            + ": use for example 40, or leave it out to keep every token");
        }
        assertThat(SamplerOptions.sampling().withTopK(1).topK()).isEqualTo(1);
    }
}
