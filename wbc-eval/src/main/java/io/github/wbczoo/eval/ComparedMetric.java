package io.github.wbczoo.eval;

/**
 * One metric on two splits side by side, with their difference.
 *
 * <p>Usage: {@code ComparedMetric acc = comparison.accuracy(); boolean chance = acc.intervalsOverlap();}
 *
 * @param metric           the metric's name, e.g. {@code accuracy}
 * @param first            value on the first split; null when undefined there
 * @param second           value on the second split; null when undefined there
 * @param firstInterval    bootstrap interval on the first split, or null when the metric has none
 * @param secondInterval   bootstrap interval on the second split, or null
 * @param differenceInterval bootstrap interval of first - second (independent resamples of each split), or null
 */
public record ComparedMetric(String metric, Double first, Double second, ConfidenceInterval firstInterval,
                             ConfidenceInterval secondInterval, ConfidenceInterval differenceInterval) {

    /** first - second, or null when either is undefined. */
    public Double difference() {
        return first == null || second == null ? null : first - second;
    }

    /** Whether the two splits' intervals overlap; null when the metric has no intervals. */
    public Boolean intervalsOverlap() {
        return firstInterval == null || secondInterval == null ? null : firstInterval.overlaps(secondInterval);
    }
}
