package io.github.wbczoo.eval;

/**
 * The images whose confidence fell in one interval {@code (lower, upper]}: how confident the model
 * was on average and how often it was right. A calibrated model is right as often as it is
 * confident.
 *
 * <p>Usage: {@code for (ReliabilityBin b : calibration.bins()) if (b.count() > 0) gap = b.confidence() - b.accuracy();}
 *
 * @param lower      lower end of the confidence interval (excluded; the first bin includes 0)
 * @param upper      upper end (included)
 * @param count      images in the bin
 * @param confidence mean confidence of those images; null when the bin is empty
 * @param accuracy   share of those images predicted correctly; null when the bin is empty
 */
public record ReliabilityBin(double lower, double upper, int count, Double confidence, Double accuracy) {

    /** |accuracy - confidence|, or 0 for an empty bin. */
    public double gap() {
        return count == 0 ? 0 : Math.abs(accuracy - confidence);
    }
}
