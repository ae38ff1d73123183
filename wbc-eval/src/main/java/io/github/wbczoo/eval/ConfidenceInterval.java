package io.github.wbczoo.eval;

/**
 * A range that holds the true value of a metric with the stated probability, as far as the
 * split's own images can tell: a percentile bootstrap interval, or the exact binomial one where the
 * bootstrap cannot show any uncertainty (see {@link #allOrNone}).
 *
 * <p>Usage: {@code ConfidenceInterval ci = split.bootstrap().accuracy(); if (ci.overlaps(other)) ...}
 *
 * @param lower     lower end
 * @param upper     upper end
 * @param level     coverage, e.g. 0.95
 * @param resamples how many bootstrap resamples the interval rests on (fewer than drawn when some
 *                  resamples lacked the class a recall is about); 0 for an exact binomial interval
 * @param method    how the interval was computed
 */
public record ConfidenceInterval(double lower, double upper, double level, int resamples, Method method) {

    /** How an interval was computed. */
    public enum Method {
        /** The middle of the bootstrap distribution. */
        BOOTSTRAP_PERCENTILE,
        /** Clopper-Pearson: exact for a count of successes out of n. */
        EXACT_BINOMIAL
    }

    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("An interval needs lower <= upper, got [" + lower + ", " + upper + "]");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Confidence level must be between 0 and 1, got " + level);
        }
        java.util.Objects.requireNonNull(method, "method");
    }

    /** A bootstrap percentile interval. */
    public ConfidenceInterval(double lower, double upper, double level, int resamples) {
        this(lower, upper, level, resamples, Method.BOOTSTRAP_PERCENTILE);
    }

    /**
     * The exact (Clopper-Pearson) interval of a proportion when all {@code n} trials succeeded or
     * none did. The bootstrap fails there: every resample of 0 right out of 6 is again 0 right, so it
     * returns [0, 0] although 6 images cannot rule out a recall of 46%. The exact bounds have a closed
     * form: none right gives [0, 1 - (a/2)^(1/n)], all right [(a/2)^(1/n), 1], with a = 1 - level.
     */
    public static ConfidenceInterval allOrNone(boolean allRight, long n, double level) {
        if (n < 1) {
            throw new IllegalArgumentException("Need at least one trial, got " + n);
        }
        double bound = Math.pow((1 - level) / 2, 1.0 / n);
        return allRight ? new ConfidenceInterval(bound, 1, level, 0, Method.EXACT_BINOMIAL)
                : new ConfidenceInterval(0, 1 - bound, level, 0, Method.EXACT_BINOMIAL);
    }

    /** Whether this is the exact binomial interval rather than a bootstrap one. */
    public boolean exact() {
        return method == Method.EXACT_BINOMIAL;
    }

    /** Whether {@code value} lies within the interval (ends included). */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /** Whether the two intervals share at least one value. */
    public boolean overlaps(ConfidenceInterval other) {
        return lower <= other.upper && other.lower <= upper;
    }

    public double width() {
        return upper - lower;
    }

    /**
     * The percentile interval of bootstrap samples: the (1 - level)/2 and (1 + level)/2 quantiles,
     * linearly interpolated (NumPy's default, so the numbers match {@code np.percentile}).
     */
    public static ConfidenceInterval percentile(double[] samples, double level) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("No bootstrap samples to take an interval from");
        }
        double[] sorted = samples.clone();
        java.util.Arrays.sort(sorted);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(quantile(sorted, alpha), quantile(sorted, 1 - alpha), level, samples.length);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int below = (int) Math.floor(pos);
        int above = Math.min(below + 1, sorted.length - 1);
        double frac = pos - below;
        return sorted[below] + frac * (sorted[above] - sorted[below]);
    }
}
