package io.github.wbczoo.eval;

/**
 * A range that holds the true value of a metric with the stated probability, as far as the
 * split's own images can tell (a percentile bootstrap interval).
 *
 * <p>Usage: {@code ConfidenceInterval ci = split.bootstrap().accuracy(); if (ci.overlaps(other)) ...}
 *
 * @param lower     lower end
 * @param upper     upper end
 * @param level     coverage, e.g. 0.95
 * @param resamples how many bootstrap resamples the interval rests on (fewer than drawn when some
 *                  resamples lacked the class a recall is about)
 */
public record ConfidenceInterval(double lower, double upper, double level, int resamples) {

    public ConfidenceInterval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("An interval needs lower <= upper, got [" + lower + ", " + upper + "]");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Confidence level must be between 0 and 1, got " + level);
        }
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
