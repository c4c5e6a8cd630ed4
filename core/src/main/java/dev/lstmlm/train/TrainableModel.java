package dev.lstmlm.train;

import dev.lstmlm.model.LanguageModel;
import dev.lstmlm.nn.ParameterStore;

/**
 * What the trainer needs from a model: the parameters, the windowed forward/backward of
 * {@link LanguageModel} and its dropout generator state. {@link #of} adapts a LanguageModel; the
 * trainer's tests drive the loop with a small fake instead.
 */
public interface TrainableModel {
    ParameterStore params();

    /** Kernels and threads for the optimizer's passes over the parameters; null (the process's kernels on the calling thread alone) by default. */
    default dev.lstmlm.tensor.Compute compute() {
        return null;
    }

    LanguageModel.State newState(int batch);

    /** See {@link LanguageModel#trainWindow}. */
    double trainWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state, float lossScale);

    /** See {@link LanguageModel#evalWindow}. */
    double evalWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state);

    long rngState();

    void rngState(long state);

    /**
     * The optimizer the loop updates with, given the one the config names. A model whose updates
     * happen elsewhere (workers that step on their own copies and average) wraps it; the default
     * is {@code standard} itself.
     */
    default Optimizer optimizer(Optimizer standard) {
        return standard;
    }

    static TrainableModel of(LanguageModel model) {
        return new TrainableModel() {
            @Override
            public ParameterStore params() {
                return model.params();
            }

            @Override
            public dev.lstmlm.tensor.Compute compute() {
                return model.compute();
            }

            @Override
            public LanguageModel.State newState(int batch) {
                return model.newState(batch);
            }

            @Override
            public double trainWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state, float lossScale) {
                return model.trainWindow(x, y, steps, batch, state, lossScale);
            }

            @Override
            public double evalWindow(int[] x, int[] y, int steps, int batch, LanguageModel.State state) {
                return model.evalWindow(x, y, steps, batch, state);
            }

            @Override
            public long rngState() {
                return model.rngState();
            }

            @Override
            public void rngState(long state) {
                model.rngState(state);
            }
        };
    }
}
