package dev.lstmlm.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorGemmTest {
    private static final int[] SIZES = {1, 7, 33, 1001};
    private final VectorGemm one = new VectorGemm(WorkerPool.of(1));
    private final VectorGemm two = new VectorGemm(WorkerPool.of(2));

    @Test
    void matchesTheReferenceOnOddSizesForEveryOp() {
        long seed = 1;
        for (GemmJob.Op op : GemmJob.Op.values()) {
            for (int m : SIZES) {
                for (int n : SIZES) {
                    for (int k : SIZES) {
                        if ((long) m * n * k > 40_000_000L) {
                            continue;
                        }
                        GemmCheck t = new GemmCheck(op, m, n, k, 1f, 0f, 3, seed++);
                        t.verify(t.run(one), t + " x1", 1);
                        t.verify(t.run(two), t + " x2", 1);
                    }
                }
            }
        }
    }

    @Test
    void handlesAlphaAndBetaAroundThePathThresholds() {
        int[] ms = {1, 4, 5, 8, 9, 12, 13, 20, 21, 63, 64, 65, 100, 193};
        float[][] ab = {{1f, 1f}, {-0.5f, 0f}, {2f, -1.5f}, {1f, 0.25f}};
        long seed = 100;
        for (GemmJob.Op op : GemmJob.Op.values()) {
            for (int m : ms) {
                for (float[] x : ab) {
                    GemmCheck t = new GemmCheck(op, m, 45 + m % 7, 17 + m, x[0], x[1], m % 3, seed++);
                    t.verify(t.run(one), t + " x1", 1);
                    t.verify(t.run(two), t + " x2", 1);
                }
            }
        }
    }

    @Test
    void crossesTheCacheBlocksOfTheReductionAndTheColumns() {
        GemmCheck nn = new GemmCheck(GemmJob.Op.NN, 200, 2100, 530, 1f, 0.5f, 1, 7);
        nn.verify(nn.run(two), nn.toString(), 7);
        GemmCheck nt = new GemmCheck(GemmJob.Op.NT, 130, 70, 1001, 1f, 0f, 2, 8);
        nt.verify(nt.run(two), nt.toString(), 1);
        GemmCheck tn = new GemmCheck(GemmJob.Op.TN, 70, 300, 600, 1f, 1f, 0, 9);
        tn.verify(tn.run(two), tn.toString(), 1);
    }

    @Test
    void matchesTheReferenceOnTheModelShapes() {
        // (m,k,n) of a layer: NN Y(m,n) = X(m,k)·W(k,n); NT dX(m,k) = dY·Wᵀ; TN dW(k,n) = Xᵀ·dY.
        int[][] shapes = {{400, 200, 10000}, {20, 200, 800}, {20, 400, 800}, {20, 650, 2600}, {700, 650, 10000}};
        long seed = 200;
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            GemmCheck nn = new GemmCheck(GemmJob.Op.NN, m, n, k, 1f, 0f, 0, seed++);
            nn.verify(nn.run(one), nn + " x1", 997);
            nn.verify(nn.run(two), nn + " x2", 997);
            GemmCheck nt = new GemmCheck(GemmJob.Op.NT, m, k, n, 1f, 1f, 0, seed++);
            nt.verify(nt.run(one), nt + " x1", 97);
            nt.verify(nt.run(two), nt + " x2", 97);
            GemmCheck tn = new GemmCheck(GemmJob.Op.TN, k, n, m, 1f, 1f, 0, seed++);
            tn.verify(tn.run(one), tn + " x1", 997);
            tn.verify(tn.run(two), tn + " x2", 997);
        }
    }

    @Test
    void givesTheSameBitsOnEveryCallAndOnOneOrTwoThreads() {
        int[][] shapes = {{20, 800, 200}, {20, 650, 2600}, {400, 200, 777}, {130, 1001, 33}, {1001, 33, 70}};
        long seed = 300;
        for (GemmJob.Op op : GemmJob.Op.values()) {
            for (int[] s : shapes) {
                GemmCheck t = new GemmCheck(op, s[0], s[1], s[2], 1.5f, 0.5f, 1, seed++);
                float[] first = t.run(two);
                assertThat(t.run(two)).as(t + " twice").isEqualTo(first);
                assertThat(t.run(one)).as(t + " x1 vs x2").isEqualTo(first);
            }
        }
    }

    @Test
    void packedOperandsMatchTheReferenceOnEveryPathAndThreadCount() {
        // (m, k, n): the recurrent steps of ptb-small/-medium forward (k = H, n = 4H) and backward
        // (k = 4H, n = H, a partial last panel), odd sizes, and more rows than the small-M path takes.
        int[][] shapes = {{20, 200, 800}, {20, 650, 2600}, {20, 2600, 650}, {1, 7, 33}, {13, 300, 97}, {64, 33, 1001},
                {65, 530, 70}, {200, 260, 2100}};
        float[][] ab = {{1f, 1f}, {1f, 0f}, {-0.5f, 0.25f}};
        long seed = 400;
        ScalarGemm scalar = new ScalarGemm();
        for (GemmJob.Op op : new GemmJob.Op[] {GemmJob.Op.NN, GemmJob.Op.NT}) {
            for (int[] s : shapes) {
                for (float[] x : ab) {
                    GemmCheck t = new GemmCheck(op, s[0], s[2], s[1], x[0], x[1], (int) (seed % 3), seed++);
                    float[] first = t.runPacked(one);
                    t.verify(first, t + " packed x1", 7);
                    assertThat(t.runPacked(two)).as(t + " packed x2 vs x1").isEqualTo(first);
                    t.verify(t.runPacked(scalar), t + " packed scalar", 7);
                }
            }
        }
    }

    @Test
    void aPackedOperandIsACopyAndIsRefilledInPlace() {
        GemmCheck t = new GemmCheck(GemmJob.Op.NT, 20, 2600, 650, 1f, 0f, 0, 500);
        PackedMatrix p = two.pack(true, 650, 2600, t.b, t.bOff, t.ldb, null);
        assertThat(p.rows()).isEqualTo(650);
        assertThat(p.cols()).isEqualTo(2600);
        float[] before = t.runPacked(two);
        float[] data = p.data;
        assertThat(two.pack(true, 650, 2600, t.b, t.bOff, t.ldb, p)).isSameAs(p);
        assertThat(p.data).isSameAs(data);
        PackedMatrix smaller = two.pack(false, 650, 200, new float[650 * 200], 0, 200, p);
        assertThat(smaller).as("a smaller operand").isSameAs(p);
        assertThat(smaller.cols()).isEqualTo(200);
        float[] c = t.c0.clone();
        PackedMatrix q = two.pack(true, 650, 2600, t.b, t.bOff, t.ldb, p);
        java.util.Arrays.fill(t.b, 1f); // the copy keeps the old values
        two.nn(20, 1f, t.a, t.aOff, t.lda, q, 0f, c, t.cOff, t.ldc);
        assertThat(c).isEqualTo(before);
    }

    @Test
    void rejectsAnOperandPackedByAnotherKindOfGemm() {
        PackedMatrix panels = two.pack(false, 4, 4, new float[16], 0, 4, null);
        PackedMatrix rows = new ScalarGemm().pack(false, 4, 4, new float[16], 0, 4, null);
        assertThatThrownBy(() -> new ScalarGemm().nn(1, 1f, new float[4], 0, 4, panels, 0f, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packed by another GEMM");
        assertThatThrownBy(() -> one.nn(1, 1f, new float[4], 0, 4, rows, 0f, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packed by another GEMM");
        assertThatThrownBy(() -> one.nn(2, 1f, new float[4], 0, 4, panels, 0f, new float[8], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A (2×4");
    }

    @Test
    void clearsOrScalesCWhenTheReductionIsEmpty() {
        float[] c = {Float.NaN, Float.NaN, 5f, 3f, 4f, 7f};
        one.nn(1, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertThat(c).containsExactly(0f, 0f, 5f, 3f, 4f, 7f);
        two.tn(2, 2, 0, 1f, new float[0], 0, 2, new float[0], 0, 2, 2f, c, 2, 2);
        assertThat(c).containsExactly(0f, 0f, 10f, 6f, 8f, 14f);
    }

    @Test
    void rejectsOperandsThatDoNotFitTheirArrays() {
        assertThatThrownBy(() -> one.nn(2, 2, 2, 1f, new float[3], 0, 2, new float[4], 0, 2, 0f, new float[4], 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A (2×2");
        assertThatThrownBy(() -> one.nt(2, 2, 3, 1f, new float[6], 0, 3, new float[6], 0, 2, 0f, new float[4], 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension 2");
    }

    @Test
    void namesItsKindAndThreads() {
        assertThat(one.name()).isEqualTo("vector-" + Simd.bits() + " x1");
        assertThat(two.name()).isEqualTo("vector-" + Simd.bits() + " x" + Math.min(2, Runtime.getRuntime().availableProcessors()));
    }
}
