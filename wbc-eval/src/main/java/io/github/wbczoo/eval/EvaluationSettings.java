package io.github.wbczoo.eval;

/**
 * How an evaluation is run: bootstrap resamples, seed and confidence level, calibration bins,
 * when to call predictions collapsed, and how many mistakes reports show.
 *
 * <p>Usage: {@code new Evaluator(EvaluationSettings.defaults().withResamples(200).withSeed(7))}
 *
 * @param bootstrapResamples resamples per interval (1,000 by default)
 * @param seed               seed of the bootstrap generator
 * @param confidenceLevel    coverage of every interval (0.95)
 * @param calibrationBins    equal-width confidence bins for ECE and the reliability diagram (15, as Guo et al.)
 * @param collapseThreshold  share of predictions one class must take to be called a collapse (0.95)
 * @param mistakesShown      misclassified images shown in Markdown and HTML (JSON lists them all)
 */
public record EvaluationSettings(int bootstrapResamples, long seed, double confidenceLevel, int calibrationBins,
                                 double collapseThreshold, int mistakesShown) {

    public EvaluationSettings {
        if (bootstrapResamples < 2) {
            throw new IllegalArgumentException("bootstrapResamples must be at least 2, got " + bootstrapResamples);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must be between 0 and 1, got " + confidenceLevel);
        }
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("calibrationBins must be at least 1, got " + calibrationBins);
        }
        if (!(collapseThreshold > 0 && collapseThreshold <= 1)) {
            throw new IllegalArgumentException("collapseThreshold must be in (0, 1], got " + collapseThreshold);
        }
        if (mistakesShown < 0) {
            throw new IllegalArgumentException("mistakesShown cannot be negative, got " + mistakesShown);
        }
    }

    /** 1,000 resamples, seed 42, 95% intervals, 15 bins, collapse at 95%, 20 mistakes shown. */
    public static EvaluationSettings defaults() {
        // Collapse: the same threshold training warns at.
        return new EvaluationSettings(1000, 42L, 0.95, Calibration.DEFAULT_BINS, io.github.wbczoo.core.EpochRecord.COLLAPSE_SHARE, 20);
    }

    public EvaluationSettings withResamples(int resamples) {
        return new EvaluationSettings(resamples, seed, confidenceLevel, calibrationBins, collapseThreshold, mistakesShown);
    }

    public EvaluationSettings withSeed(long newSeed) {
        return new EvaluationSettings(bootstrapResamples, newSeed, confidenceLevel, calibrationBins, collapseThreshold, mistakesShown);
    }

    public EvaluationSettings withConfidenceLevel(double level) {
        return new EvaluationSettings(bootstrapResamples, seed, level, calibrationBins, collapseThreshold, mistakesShown);
    }

    public EvaluationSettings withCalibrationBins(int bins) {
        return new EvaluationSettings(bootstrapResamples, seed, confidenceLevel, bins, collapseThreshold, mistakesShown);
    }

    public EvaluationSettings withCollapseThreshold(double threshold) {
        return new EvaluationSettings(bootstrapResamples, seed, confidenceLevel, calibrationBins, threshold, mistakesShown);
    }

    public EvaluationSettings withMistakesShown(int shown) {
        return new EvaluationSettings(bootstrapResamples, seed, confidenceLevel, calibrationBins, collapseThreshold, shown);
    }
}
