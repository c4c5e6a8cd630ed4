package dev.lstmlm.spark;

import java.io.Serializable;

/**
 * What a worker sends back from a round.
 *
 * @param cost its window's cost over its own rows (the sum over steps of the mean over its rows), 0 for an averaging round
 * @param values the gradient of a synchronous round, the parameters of an averaging round, else null
 * @param h the carried state its rows ended the window with (null for an averaging round)
 * @param c the same for c
 * @param rng its dropout generator's state after the window
 * @param norm the global norm of its own gradient, for a local step (NaN otherwise)
 * @param computeNanos the time its forward and backward (or local step) took, for the cost of the rounds
 */
record WorkerResult(int worker, double cost, float[] values, float[] h, float[] c, long rng, double norm, long computeNanos)
        implements Serializable {}
