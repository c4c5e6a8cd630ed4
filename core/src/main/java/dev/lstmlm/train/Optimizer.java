package dev.lstmlm.train;

import dev.lstmlm.nn.ParameterStore;
import java.util.Map;

/**
 * One update of all parameters from their gradients, clipped by global norm first: plain
 * {@link Sgd} (the TensorFlow tutorials) or {@link Adam}. An optimizer with state (Adam's moments)
 * exposes it as named arrays so that a checkpoint can hold it and a resumed run continue exactly.
 */
public interface Optimizer {
    /**
     * Updates {@code params} from its gradients, clipped to global norm {@code maxGradNorm}; leaves
     * everything untouched when the norm is not finite.
     *
     * @param update this update's number over the whole run, from 1
     * @return the global gradient norm before clipping
     */
    double step(ParameterStore params, double lr, double maxGradNorm, long update);

    /** The arrays to save with a checkpoint and to fill again on resume, by name; empty for SGD. */
    Map<String, float[]> state();

    /**
     * Plain SGD with its two passes over the parameters split into blocks that the pool of
     * {@code compute} shares ({@link Sgd.Parallel}); null: {@link Sgd#step} on the process's kernels.
     */
    static Optimizer sgd(dev.lstmlm.tensor.Compute compute) {
        Sgd.Parallel parallel = compute == null ? null : new Sgd.Parallel(compute);
        dev.lstmlm.tensor.Kernels kernels = dev.lstmlm.tensor.Kernels.chosen();
        return new Optimizer() {
            @Override
            public double step(ParameterStore params, double lr, double maxGradNorm, long update) {
                return parallel == null ? Sgd.step(params, lr, maxGradNorm, kernels) : parallel.step(params, lr, maxGradNorm);
            }

            @Override
            public Map<String, float[]> state() {
                return Map.of();
            }
        };
    }
}
