package dev.lstmlm.train;

import dev.lstmlm.tensor.SplitMix64;

/**
 * AWD-LSTM's variable-length backpropagation through time (Merity, Keskar and Socher 2017,
 * section 4.1; salesforce/awd-lstm-lm main.py {@code train}): each window's length is drawn as
 *
 * <pre>
 * base = bptt with probability 0.95, else bptt / 2
 * len  = max(5, ⌊N(base, 5²)⌋)     (truncated toward zero, as Python's int())
 * len  = min(len, bptt + 40, rowLength − 1 − start)
 * </pre>
 *
 * (AWD-LSTM has no bptt + 40 bound; a longer window needs a draw 8 standard deviations out, about
 * once in 10^15 windows, and the bound lets the buffers be sized once.)
 *
 * and windows follow one another until {@code start ≥ rowLength − 2}, so that over the epochs
 * every token starts a window at some point. The learning rate of a window is scaled by len / bptt
 * ({@link #rateScale}).
 *
 * <p>The lengths of an epoch are a function of (seed, epoch) alone, drawn at its start: a run
 * resumed at window i of an epoch draws the same epoch and continues at window i, and the start
 * of window i is the sum of the lengths before it.
 */
public final class VariableBptt {
    /** AWD-LSTM's probability of the full base length, standard deviation and shortest window. */
    static final double FULL = 0.95, SD = 5;
    static final int SHORTEST = 5, LONGEST_OVER = 40;
    private final int bptt;

    public VariableBptt(int bptt) {
        if (bptt < 2) throw new IllegalArgumentException("variable-length BPTT needs a base length of at least 2, got " + bptt);
        this.bptt = bptt;
    }

    public int bptt() {
        return bptt;
    }

    /** The longest window: bptt + 40. */
    public int longest() {
        return bptt + LONGEST_OVER;
    }

    /** The factor a window of {@code length} steps multiplies the learning rate by. */
    public double rateScale(int length) {
        return (double) length / bptt;
    }

    /** The window lengths of one epoch over rows of {@code rowLength} tokens (the targets reach one token further). */
    public int[] epoch(long seed, int epoch, int rowLength) {
        if (rowLength < 3) throw new IllegalArgumentException("rows of " + rowLength + " tokens are too short for a window");
        SplitMix64 rng = new SplitMix64(mix(seed, epoch));
        int[] lengths = new int[rowLength / SHORTEST + 1];
        int count = 0;
        for (int start = 0; start < rowLength - 2; ) {
            int len = Math.min(draw(rng), rowLength - 1 - start);
            lengths[count++] = len;
            start += len;
        }
        return java.util.Arrays.copyOf(lengths, count);
    }

    /** One length before the cut at the end of the rows. */
    int draw(SplitMix64 rng) {
        double base = rng.nextDouble() < FULL ? bptt : bptt / 2.0;
        return Math.min(longest(), Math.max(SHORTEST, (int) (base + SD * gaussian(rng))));
    }

    /** A standard normal draw (Box–Muller with StrictMath, so the same on every machine). */
    private static double gaussian(SplitMix64 rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** A generator seed for (seed, epoch) that differs from the model's dropout and init seeds. */
    private static long mix(long seed, int epoch) {
        return new SplitMix64(seed ^ 0x62707474L).nextLong() + epoch * 0x9e3779b97f4a7c15L;
    }
}
