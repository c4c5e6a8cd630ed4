package dev.lstmlm.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The masks of the regularizers: a locked mask is the same at every step of a window and new in
 * the next window, embedding dropout drops whole words, weight drop draws one W_hh mask per window,
 * evaluation uses none of them, and with every option off a training window draws nothing.
 */
class RegularizationMasksTest {
    static final int V = 40, E = 16, H = 16, L = 2, T = 6, B = 5;

    private static LanguageModel model(Regularization r) {
        LanguageModel m = new LanguageModel(new ModelConfig(V, ModelConfig.Input.EMBEDDING, E, H, L, 1f, 0f, 0, false, r), Compute.of(Kernels.scalar(), 1));
        m.initUniform(0.3f, 1);
        m.rngState(5);
        return m;
    }

    private static int[] tokens(int shift) {
        int[] x = new int[T * B];
        for (int i = 0; i < x.length; i++) x[i] = (i * 7 + shift) % 12; // 12 distinct words, each seen several times
        return x;
    }

    @Test
    void lockedMasksAreConstantWithinAWindowAndFreshAcrossWindows() {
        LanguageModel m = model(new Regularization(0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f, 0f));
        int[] x = tokens(0);
        LanguageModel.State s = m.newState(B);
        m.trainWindow(x, tokens(1), T, B, s, 1f);
        float[][] first = new float[L + 1][];
        for (int site = 0; site <= L; site++) {
            float[] mask = m.workspace.masks[site];
            assertThat(mask).as("site %d holds one (B,W) mask", site).hasSize(B * 16);
            long kept = 0;
            for (float v : mask) {
                assertThat(v).isIn(0f, 2f);
                if (v != 0) kept++;
            }
            assertThat(kept).isBetween(10L, 70L);
            // Every step of the window shows the same zero pattern in the dropped activation.
            float[] dropped = m.workspace.dropped[site];
            for (int t = 1; t < T; t++) {
                for (int i = 0; i < B * 16; i++) {
                    boolean zeroHere = dropped[t * B * 16 + i] == 0f;
                    assertThat(zeroHere || mask[i] != 0f).isTrue();
                    if (mask[i] == 0f) assertThat(dropped[t * B * 16 + i]).isZero();
                }
            }
            first[site] = mask.clone();
        }
        assertThat(first[1]).isNotEqualTo(first[2]);
        m.trainWindow(x, tokens(1), T, B, s, 1f);
        for (int site = 0; site <= L; site++) assertThat(m.workspace.masks[site]).as("site %d in the next window", site).isNotEqualTo(first[site]);
    }

    @Test
    void embeddingDropoutDropsEveryOccurrenceOfAWord() {
        LanguageModel m = model(new Regularization(0f, 0f, 0f, 0f, 0.5f, 0f, 0f, 0f));
        int[] x = tokens(0);
        m.trainWindow(x, tokens(1), T, B, m.newState(B), 1f);
        float[] words = m.workspace.wordMask.clone();
        assertThat(words).hasSize(V);
        int droppedSeen = 0, keptSeen = 0;
        for (int r = 0; r < x.length; r++) {
            float[] row = Arrays.copyOfRange(m.workspace.embedded, r * E, (r + 1) * E);
            if (words[x[r]] == 0f) {
                for (float q : row) assertThat(q).as("a dropped word's row").isZero(); // 0 or -0
                droppedSeen++;
            } else {
                assertThat(words[x[r]]).isEqualTo(2f);
                int off = m.params().view("encoder.weight").offset() + x[r] * E;
                for (int j = 0; j < E; j++) assertThat(row[j]).isEqualTo(2f * m.params().values()[off + j]);
                keptSeen++;
            }
        }
        assertThat(droppedSeen).isPositive();
        assertThat(keptSeen).isPositive();
        m.trainWindow(x, tokens(1), T, B, m.newState(B), 1f);
        assertThat(m.workspace.wordMask).isNotEqualTo(words);
    }

    @Test
    void weightDropDrawsOneMaskPerWindowAndHiddenDropoutOneMaskPerSequence() {
        LanguageModel m = model(new Regularization(0f, 0f, 0f, 0.3f, 0f, 0.5f, 0f, 0f));
        int[] x = tokens(0);
        m.trainWindow(x, tokens(1), T, B, m.newState(B), 1f);
        float[] w0 = m.workspace.recurrent[0].weightMask().clone();
        float[] w1 = m.workspace.recurrent[1].weightMask().clone();
        float[] h0 = m.workspace.recurrent[0].hiddenMask().clone();
        assertThat(w0).hasSize(4 * H * H).containsOnly(0f, 2f);
        assertThat(h0).hasSize(B * H);
        assertThat(w0).isNotEqualTo(w1);
        m.trainWindow(x, tokens(1), T, B, m.newState(B), 1f);
        assertThat(m.workspace.recurrent[0].weightMask()).isNotEqualTo(w0);
        assertThat(m.workspace.recurrent[0].hiddenMask()).isNotEqualTo(h0);
    }

    @Test
    void evaluationUsesNoMaskAndDrawsNothing() {
        Regularization all = new Regularization(0.4f, 0.3f, 0.4f, 0.2f, 0.1f, 0.5f, 2f, 1f);
        LanguageModel m = model(all);
        LanguageModel plain = model(Regularization.NONE);
        System.arraycopy(m.params().values(), 0, plain.params().values(), 0, m.params().size());
        m.trainWindow(tokens(0), tokens(1), T, B, m.newState(B), 1f);
        System.arraycopy(m.params().values(), 0, plain.params().values(), 0, m.params().size());
        long rng = m.rngState();
        assertThat(m.evalWindow(tokens(2), tokens(3), T, B, m.newState(B)))
                .isEqualTo(plain.evalWindow(tokens(2), tokens(3), T, B, plain.newState(B)));
        assertThat(m.rngState()).isEqualTo(rng);
    }

    @Test
    void withEveryOptionOffATrainingWindowDrawsNothingAndAllocatesNoMask() {
        LanguageModel m = model(Regularization.NONE);
        long rng = m.rngState();
        m.trainWindow(tokens(0), tokens(1), T, B, m.newState(B), 1f);
        assertThat(m.rngState()).isEqualTo(rng);
        assertThat(m.workspace.wordMask).isNull();
        assertThat(m.workspace.recurrent).isNull();
        for (float[] mask : m.workspace.masks) assertThat(mask).isNull();
        assertThat(m.params().has("decoder.weight")).isTrue();
    }
}
