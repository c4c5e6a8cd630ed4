package dev.lstmlm.tensor;

import dev.lstmlm.UserError;

/**
 * Chooses the {@link Gemm} of the process: {@link VectorGemm} on the given number of threads, or
 * {@link ScalarGemm} when the system property {@code lstmlm.kernels=scalar} is set (to rule the fast
 * kernels out when chasing a numerical problem). Logs nothing; callers log {@link Gemm#name()}.
 */
public final class Gemms {
    /** System property that selects the kernels: {@code vector} (default) or {@code scalar}. */
    public static final String PROPERTY = "lstmlm.kernels";

    private Gemms() {}

    /** The default kernels on one thread per available processor. */
    public static Gemm create() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The kernels on {@code threads} threads (the caller counted; capped at the available
     * processors); 1 never starts a thread.
     */
    public static Gemm create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        String kind = System.getProperty(PROPERTY, "vector");
        return switch (kind) {
            case "scalar" -> new ScalarGemm();
            case "vector" -> new VectorGemm(threads);
            default -> throw new UserError(
                    "-D" + PROPERTY + "=" + kind + " is not a kind of kernels: use vector or scalar.");
        };
    }
}
