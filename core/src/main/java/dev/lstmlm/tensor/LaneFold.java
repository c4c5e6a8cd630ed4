package dev.lstmlm.tensor;

import static dev.lstmlm.tensor.MicroKernels.L;
import static dev.lstmlm.tensor.MicroKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * The fixed tree that turns 16 vectors of lane-wise partial sums into 16 totals, shared by the
 * dot-product kernels ({@link DotKernels}, {@link MatVec}). Each total is the pairwise halving
 * tree over its vector's lanes (lanes l and l + L/2 first, then l and l + L/4, …), the order
 * {@link MatVec#ntScalar} follows one lane at a time; unlike {@code reduceLanes}, whose order is
 * unspecified, it gives the same bits interpreted and compiled.
 *
 * <p>The 16 partial-sum vectors sit in slots of L floats, total e in slot {@link #slot}(e): with 16
 * lanes one tree of 15 folds (two blends, one permute, one add each) leaves total e in lane e of one
 * vector; with 8 (or 4) lanes, 2 (or 4) trees of 7 (or 3) folds each fill 8 (or 4) lanes at a time.
 * One fold per loop body: with the folds written out, C2 hit its inlining node budget and boxed
 * the vectors.
 */
final class LaneFold {
    // Separate constants rather than arrays: C2 folds static finals, not array elements. Blocks
    // of 8 lanes exist only in 16-lane vectors.
    private static final VectorMask<Float> ODD8 = L > 8 ? oddBlocks(8) : null, ODD4 = L > 4 ? oddBlocks(4) : null;
    private static final VectorMask<Float> ODD2 = oddBlocks(2), ODD1 = oddBlocks(1);
    private static final VectorShuffle<Float> SWAP8 = L > 8 ? swap(8) : null, SWAP4 = L > 4 ? swap(4) : null;
    private static final VectorShuffle<Float> SWAP2 = swap(2), SWAP1 = swap(1);
    /** log2(L): the bits of a lane index. */
    private static final int LANE_BITS = Integer.numberOfTrailingZeros(L);

    /** Floats of scratch the folds need beyond the 16 slots of partial sums. */
    static final int EXTRA_SLOTS = 8;

    private LaneFold() {}

    /**
     * The slot that holds the partial sums of total e (0 ≤ e < 16): bit-reversed within its group of
     * L totals, which is where the tree leaves total e in lane e.
     */
    static int slot(int e) {
        int group = e / L, lane = e % L;
        return group * L + (Integer.reverse(lane) >>> (32 - LANE_BITS));
    }

    /** Floats of acc at which total e's partial sums start: L · slot(e). */
    static int offset(int e) {
        return L * slot(e);
    }

    /**
     * Folds the 16 slots acc[0 .. 16·L) into out[outOff .. outOff + 16); slots 16 to 23 are
     * scratch, the first 16 are overwritten.
     */
    static void fold16(float[] acc, float[] out, int outOff) {
        if (L == 16) {
            for (int t = 0; t < 8; t++) {
                fold(v(acc, 2 * t), v(acc, 2 * t + 1), ODD8, SWAP8).intoArray(acc, L * (16 + t));
            }
            for (int t = 0; t < 4; t++) {
                fold(v(acc, 16 + 2 * t), v(acc, 17 + 2 * t), ODD4, SWAP4).intoArray(acc, L * t);
            }
            for (int t = 0; t < 2; t++) {
                fold(v(acc, 2 * t), v(acc, 2 * t + 1), ODD2, SWAP2).intoArray(acc, L * (4 + t));
            }
            fold(v(acc, 4), v(acc, 5), ODD1, SWAP1).intoArray(out, outOff);
        } else if (L == 8) {
            for (int g = 0; g < 2; g++) {
                int base = 8 * g;
                for (int t = 0; t < 4; t++) {
                    fold(v(acc, base + 2 * t), v(acc, base + 2 * t + 1), ODD4, SWAP4).intoArray(acc, L * (16 + t));
                }
                for (int t = 0; t < 2; t++) {
                    fold(v(acc, 16 + 2 * t), v(acc, 17 + 2 * t), ODD2, SWAP2).intoArray(acc, L * (20 + t));
                }
                fold(v(acc, 20), v(acc, 21), ODD1, SWAP1).intoArray(out, outOff + 8 * g);
            }
        } else {
            for (int g = 0; g < 16 / L; g++) {
                int base = L * g;
                for (int t = 0; t < 2; t++) {
                    fold(v(acc, base + 2 * t), v(acc, base + 2 * t + 1), ODD2, SWAP2).intoArray(acc, L * (16 + t));
                }
                fold(v(acc, 16), v(acc, 17), ODD1, SWAP1).intoArray(out, outOff + L * g);
            }
        }
    }

    private static FloatVector v(float[] acc, int slot) {
        return FloatVector.fromArray(S, acc, L * slot);
    }

    /**
     * With w the block size of {@code odd} and {@code swap}: lanes of even w-blocks get x[l] + x[l + w],
     * lanes of odd w-blocks get y[l] + y[l - w].
     */
    private static FloatVector fold(FloatVector x, FloatVector y, VectorMask<Float> odd, VectorShuffle<Float> swap) {
        return x.blend(y, odd).add(y.blend(x, odd).rearrange(swap));
    }

    /** Lanes whose block of w lanes has an odd index. */
    private static VectorMask<Float> oddBlocks(int w) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l / w) % 2 == 1;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /** Lane l takes lane l xor w: neighbouring blocks of w lanes trade places. */
    private static VectorShuffle<Float> swap(int w) {
        return VectorShuffle.fromOp(S, l -> l ^ w);
    }
}
