package dev.lstmlm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finite-difference gradient checks against a double-precision reference function.
 *
 * <p>The reference is evaluated in double with central differences and step 1e-5: for the smooth,
 * O(10)-valued costs of the tests the truncation error (h²·f‴/6) and the rounding error
 * (1e-16·|f|/h) are both near 1e-10, so the numeric gradient is exact to far below float
 * precision, and the comparison measures only the float rounding of the code under test.
 *
 * <p>With the environment variable GRADCHECK_VERBOSE set, each check prints its worst error: the
 * figures quoted where the tests choose their tolerances.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double STEP = 1e-5;

    public interface Fn {
        double apply(double[] theta);
    }

    /** ∂f/∂θᵢ for every i by central differences; θ is restored. */
    public static double[] centralDifferences(Fn f, double[] theta) {
        double[] g = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + STEP;
            double plus = f.apply(theta);
            theta[i] = keep - STEP;
            double minus = f.apply(theta);
            theta[i] = keep;
            g[i] = (plus - minus) / (2 * STEP);
        }
        return g;
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /**
     * Asserts |analytic − numeric| ≤ rtol·(|numeric| + scale) for every element, where scale is
     * the largest |numeric| of the slice: relative for the large entries, and measured against the
     * slice's magnitude for the entries that are nearly zero (which float rounding cannot resolve
     * relatively). Returns the largest ratio error / (|numeric| + scale) seen.
     */
    public static double assertClose(String what, float[] analytic, int aOff, double[] numeric, int nOff, int len, double rtol) {
        double scale = 0;
        for (int i = 0; i < len; i++) scale = Math.max(scale, Math.abs(numeric[nOff + i]));
        assertThat(scale).as("%s: the numeric gradient is identically zero, so the check would be vacuous", what).isGreaterThan(0);
        double worst = 0;
        for (int i = 0; i < len; i++) {
            double n = numeric[nOff + i];
            double err = Math.abs(analytic[aOff + i] - n) / (Math.abs(n) + scale);
            worst = Math.max(worst, err);
            assertThat(err).as("%s[%d]: analytic %s, numeric %s", what, i, analytic[aOff + i], n).isLessThanOrEqualTo(rtol);
        }
        if (System.getenv("GRADCHECK_VERBOSE") != null) System.out.printf("%s worst %.3g%n", what, worst);
        return worst;
    }
}
