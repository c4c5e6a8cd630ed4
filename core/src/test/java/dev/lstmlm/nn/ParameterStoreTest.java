package dev.lstmlm.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterStoreTest {
    @Test
    void viewsAreLaidOutContiguouslyInDeclarationOrder() {
        ParameterStore p = ParameterStore.builder().add("a", 3, 4).add("b", 5).build();
        assertThat(p.size()).isEqualTo(17);
        assertThat(p.view("a").offset()).isZero();
        assertThat(p.view("b").offset()).isEqualTo(12);
        assertThat(p.view("b").size()).isEqualTo(5);
        assertThat(p.views()).extracting(ParameterStore.View::name).containsExactly("a", "b");
        assertThat(p.grads()).hasSize(17);
    }

    @Test
    void duplicateNamesAreRejected() {
        assertThatThrownBy(() -> ParameterStore.builder().add("a", 1).add("a", 2))
                .hasMessageContaining("duplicate parameter a");
    }
}
