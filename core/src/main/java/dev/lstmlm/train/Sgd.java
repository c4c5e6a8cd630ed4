package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import dev.lstmlm.tensor.Compute;
import dev.lstmlm.tensor.Kernels;
import dev.lstmlm.tensor.WorkerPool;
import java.util.function.IntConsumer;

/**
 * Plain SGD on the gradient clipped by its global norm, as ptb_word_lm.py does with
 * {@code tf.clip_by_global_norm} and {@code GradientDescentOptimizer}:
 * {@code w ← w − lr · g · maxNorm / max(‖g‖, maxNorm)}, ‖g‖ the L2 norm over all parameters at once.
 * Both the norm and the update are one vectorized pass over the whole parameter store.
 */
public final class Sgd {
    private Sgd() {}

    /**
     * One update of {@code params} from its gradients; the values stay untouched when the gradient
     * norm is not finite, so a diverging run keeps its last good weights.
     *
     * @return the global gradient norm before clipping (NaN or infinite when the run diverged)
     */
    public static double step(ParameterStore params, double lr, double maxGradNorm, Kernels kernels) {
        float[] g = params.grads();
        double norm = Math.sqrt(kernels.sumOfSquares(g.length, g, 0));
        if (Double.isFinite(norm)) {
            kernels.axpy(g.length, (float) -(lr * clipFactor(norm, maxGradNorm)), g, 0, params.values(), 0);
        }
        return norm;
    }

    /**
     * {@link Sgd#step} with its two passes (norm, update) cut into {@link #BLOCKS} fixed blocks that
     * the threads of a worker pool share ({@link WorkerPool#forEachChunk}): on two cores the other core was idle
     * during the passes over the 19.8M parameters of ptb-medium. The block sums of squares are added
     * in block order, so the result does not depend on the thread count (it differs from
     * {@link Sgd#step} in the rounding of the norm). One instance per training loop: it holds the
     * call's arguments for the blocks, so a step allocates nothing.
     */
    public static final class Parallel implements IntConsumer {
        static final int BLOCKS = 16;
        private final WorkerPool threads;
        private final Kernels kernels;
        private final double[] squares = new double[BLOCKS];
        private float[] values, grads;
        private float factor;
        private boolean update;

        public Parallel(Compute compute) {
            this.threads = compute.pool();
            this.kernels = compute.kernels();
        }

        public double step(ParameterStore params, double lr, double maxGradNorm) {
            values = params.values();
            grads = params.grads();
            try {
                update = false;
                threads.forEachChunk(BLOCKS, this);
                double sum = 0;
                for (double s : squares) sum += s;
                double norm = Math.sqrt(sum);
                if (Double.isFinite(norm)) {
                    factor = (float) -(lr * clipFactor(norm, maxGradNorm));
                    update = true;
                    threads.forEachChunk(BLOCKS, this);
                }
                return norm;
            } finally {
                values = grads = null;
            }
        }

        @Override
        public void accept(int b) {
            int n = grads.length;
            // Block edges on multiples of 16 floats, so that every block but the last runs whole vectors.
            int lo = (int) ((long) n * b / BLOCKS) & ~15;
            int hi = b == BLOCKS - 1 ? n : (int) ((long) n * (b + 1) / BLOCKS) & ~15;
            if (update) {
                kernels.axpy(hi - lo, factor, grads, lo, values, lo);
            } else {
                squares[b] = kernels.sumOfSquares(hi - lo, grads, lo);
            }
        }
    }

    /** The factor clip_by_global_norm multiplies every gradient by: maxNorm / max(norm, maxNorm). */
    static double clipFactor(double norm, double maxNorm) {
        return maxNorm / Math.max(norm, maxNorm);
    }
}
