package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScalarGemmTest {
    private final Gemm g = new ScalarGemm();

    @Test
    void threeFormsAgreeOnAHandComputedProduct() {
        float[] a = {1, 2, 3, 4, 5, 6};      // A (2,3)
        float[] at = {1, 4, 2, 5, 3, 6};     // Aᵀ stored (3,2)
        float[] b = {7, 8, 9, 10, 11, 12};   // B (3,2)
        float[] bt = {7, 9, 11, 8, 10, 12};  // Bᵀ stored (2,3)
        float[] want = {58, 64, 139, 154};
        float[] c = new float[4];
        g.nn(2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertThat(c).containsExactly(want);
        g.nt(2, 2, 3, 1f, a, 0, 3, bt, 0, 3, 0f, c, 0, 2);
        assertThat(c).containsExactly(want);
        g.tn(2, 2, 3, 1f, at, 0, 2, b, 0, 2, 0f, c, 0, 2);
        assertThat(c).containsExactly(want);
        g.nn(2, 2, 3, 2f, a, 0, 3, b, 0, 2, 1f, c, 0, 2);
        assertThat(c).containsExactly(3 * 58, 3 * 64, 3 * 139, 3 * 154);
    }
}
