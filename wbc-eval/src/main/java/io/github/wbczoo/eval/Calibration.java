package io.github.wbczoo.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the model's confidence can be taken at its word: the reliability diagram's bins and the
 * expected calibration error (ECE).
 *
 * <p>Binning as in Guo et al. (2017), "On calibration of modern neural networks": confidence is the
 * probability of the predicted class; it is put into {@code bins} equal-width intervals
 * (0, 1/M], (1/M, 2/M], ..., ((M-1)/M, 1] (15 by default); ECE = sum over bins of
 * (images in bin / n) * |accuracy in bin - mean confidence in bin|. 0 is perfect; a model that
 * says 99% and is right 80% of the time has an ECE near 0.19.
 *
 * <p>Usage: {@code Calibration c = Calibration.of(predictions, 15); double ece = c.expectedCalibrationError();}
 */
public final class Calibration {
    /** The bin count Guo et al. use. */
    public static final int DEFAULT_BINS = 15;

    private final List<ReliabilityBin> bins;
    private final double ece;
    private final double mce;

    private Calibration(List<ReliabilityBin> bins, double ece, double mce) {
        this.bins = List.copyOf(bins);
        this.ece = ece;
        this.mce = mce;
    }

    /** Bins the predictions' confidences into {@code binCount} equal-width bins. */
    public static Calibration of(Predictions predictions, int binCount) {
        if (binCount < 1) {
            throw new IllegalArgumentException("Need at least one calibration bin, got " + binCount);
        }
        int n = predictions.size();
        if (n == 0) {
            throw new IllegalArgumentException("Cannot measure calibration on an empty split (0 images)");
        }
        int[] count = new int[binCount];
        double[] confidenceSum = new double[binCount];
        int[] correct = new int[binCount];
        for (int i = 0; i < n; i++) {
            double conf = predictions.confidence(i);
            int b = binOf(conf, binCount);
            count[b]++;
            confidenceSum[b] += conf;
            if (predictions.predictedClass(i).equals(predictions.trueClass(i))) {
                correct[b]++;
            }
        }
        List<ReliabilityBin> bins = new ArrayList<>(binCount);
        double ece = 0;
        double mce = 0;
        for (int b = 0; b < binCount; b++) {
            double lower = (double) b / binCount;
            double upper = (double) (b + 1) / binCount;
            if (count[b] == 0) {
                bins.add(new ReliabilityBin(lower, upper, 0, null, null));
                continue;
            }
            ReliabilityBin bin = new ReliabilityBin(lower, upper, count[b], confidenceSum[b] / count[b],
                    (double) correct[b] / count[b]);
            bins.add(bin);
            ece += (double) count[b] / n * bin.gap();
            mce = Math.max(mce, bin.gap());
        }
        return new Calibration(bins, ece, mce);
    }

    /** The bin of a confidence: bin b holds (b/M, (b+1)/M]; 0 goes to the first bin. */
    static int binOf(double confidence, int binCount) {
        int b = Math.max(0, Math.min(binCount - 1, (int) Math.ceil(confidence * binCount) - 1));
        // confidence * M can round across a boundary (0.4 * 15 = 6.000000000000001): compare with the edges themselves.
        if (b > 0 && confidence <= (double) b / binCount) {
            b--;
        } else if (b < binCount - 1 && confidence > (double) (b + 1) / binCount) {
            b++;
        }
        return b;
    }

    /** All bins in order, empty ones included. */
    public List<ReliabilityBin> bins() {
        return bins;
    }

    /** Expected calibration error: the image-weighted mean gap between accuracy and confidence. */
    public double expectedCalibrationError() {
        return ece;
    }

    /** Maximum calibration error: the largest gap in any non-empty bin. */
    public double maximumCalibrationError() {
        return mce;
    }
}
