package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One-vs-rest ROC curve of one cell type: for every threshold on that type's probability, the
 * share of its images caught (true-positive rate) against the share of other images wrongly
 * caught (false-positive rate), and the area under it (AUROC).
 *
 * <p>Ties are handled exactly: images with equal scores cross the threshold together, so the
 * curve moves diagonally through them and the area equals the Mann-Whitney probability that a
 * random image of the type outscores a random other image, counting ties as one half.
 * When the split has no image of the type (or only images of it) the curve and the area are
 * undefined: {@link #auc()} is null and {@link #undefinedReason()} says why.
 *
 * <p>Usage: {@code RocCurve roc = RocCurve.oneVsRest(predictions, BccdClasses.LYMPHOCYTE); Double auc = roc.auc();}
 */
public final class RocCurve {
    private final CellClass type;
    private final double[] falsePositiveRates;
    private final double[] truePositiveRates;
    private final double[] thresholds;
    private final Double auc;
    private final String undefinedReason;

    private RocCurve(CellClass type, double[] fpr, double[] tpr, double[] thresholds, Double auc, String undefinedReason) {
        this.type = type;
        this.falsePositiveRates = fpr;
        this.truePositiveRates = tpr;
        this.thresholds = thresholds;
        this.auc = auc;
        this.undefinedReason = undefinedReason;
    }

    /** The curve of {@code type} against all other types. */
    public static RocCurve oneVsRest(Predictions predictions, CellClass type) {
        int[] truth = predictions.trueClassIndices();
        boolean[] positive = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            positive[i] = truth[i] == type.index();
        }
        return of(type, predictions.scores(type), positive);
    }

    /** The curve of binary labels against scores (higher score = more likely positive). */
    static RocCurve of(CellClass type, double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("Expected one score per label: " + positive.length + " labels but "
                    + scores.length + " scores");
        }
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            String reason = positives == 0
                    ? "no " + type + " image in this split, so there is nothing to find"
                    : "every image in this split is " + type + ", so there is nothing to tell apart";
            return new RocCurve(type, new double[0], new double[0], new double[0], null, reason);
        }

        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));

        // One point per distinct score, after every image with that score has crossed the threshold.
        List<long[]> counts = new ArrayList<>();   // {fp, tp}
        List<Double> cuts = new ArrayList<>();
        counts.add(new long[] {0, 0});
        cuts.add(Double.POSITIVE_INFINITY);
        long tp = 0;
        long fp = 0;
        int k = 0;
        while (k < order.length) {
            double s = scores[order[k]];
            while (k < order.length && scores[order[k]] == s) {
                if (positive[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
                k++;
            }
            counts.add(new long[] {fp, tp});
            cuts.add(s);
        }

        double area = 0;
        for (int j = 1; j < counts.size(); j++) {
            long[] a = counts.get(j - 1);
            long[] b = counts.get(j);
            area += (double) (b[0] - a[0]) * (a[1] + b[1]) / 2.0;   // trapezoid in count units
        }
        area /= (double) positives * negatives;

        // Keep only the corners: points on a straight segment add nothing to the area or the picture.
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < counts.size(); j++) {
            if (j == 0 || j == counts.size() - 1 || !collinear(counts.get(j - 1), counts.get(j), counts.get(j + 1))) {
                keep.add(j);
            }
        }
        double[] fpr = new double[keep.size()];
        double[] tpr = new double[keep.size()];
        double[] thr = new double[keep.size()];
        for (int j = 0; j < keep.size(); j++) {
            long[] c = counts.get(keep.get(j));
            fpr[j] = (double) c[0] / negatives;
            tpr[j] = (double) c[1] / positives;
            thr[j] = cuts.get(keep.get(j));
        }
        return new RocCurve(type, fpr, tpr, thr, area, null);
    }

    /**
     * One class's scores sorted once, for the area under the curve of many weighted draws of the same
     * images (the bootstrap): {@link #auc(int[])} equals {@code of(type, scores, positive).auc()} on
     * the images repeated by their weights, bit for bit, in one pass instead of a sort per draw.
     *
     * <p>Usage: {@code RocCurve.Ranking r = new RocCurve.Ranking(scores, positive); Double a = r.auc(weights);}
     */
    static final class Ranking {
        private final int[] descending;
        private final double[] scores;
        private final boolean[] positive;

        Ranking(double[] scores, boolean[] positive) {
            if (scores.length != positive.length) {
                throw new IllegalArgumentException("Expected one score per label: " + positive.length + " labels but "
                        + scores.length + " scores");
            }
            this.scores = scores.clone();
            this.positive = positive.clone();
            descending = java.util.stream.IntStream.range(0, scores.length).boxed()
                    .sorted((a, b) -> Double.compare(this.scores[b], this.scores[a])).mapToInt(Integer::intValue).toArray();
        }

        /** The area for the images weighted by {@code weights} (how often each was drawn); null if a side is empty. */
        Double auc(int[] weights) {
            long tp = 0;
            long fp = 0;
            double area = 0;
            int k = 0;
            while (k < descending.length) {
                double s = scores[descending[k]];
                long tp0 = tp;
                long fp0 = fp;
                while (k < descending.length && scores[descending[k]] == s) {
                    int i = descending[k++];
                    if (positive[i]) {
                        tp += weights[i];
                    } else {
                        fp += weights[i];
                    }
                }
                if (tp != tp0 || fp != fp0) {   // a score no drawn image has adds no point to the curve
                    area += (double) (fp - fp0) * (tp0 + tp) / 2.0;
                }
            }
            return tp == 0 || fp == 0 ? null : area / ((double) tp * fp);
        }
    }

    private static boolean collinear(long[] a, long[] b, long[] c) {
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) == 0;
    }

    public CellClass type() {
        return type;
    }

    /** False-positive rates of the curve's corners, from 0 to 1; empty when undefined. */
    public double[] falsePositiveRates() {
        return falsePositiveRates.clone();
    }

    /** True-positive rates of the curve's corners, from 0 to 1; empty when undefined. */
    public double[] truePositiveRates() {
        return truePositiveRates.clone();
    }

    /** The probability threshold of each corner ("call it this type when its probability is at least t"); the first is +infinity. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Area under the curve, or null when undefined. */
    public Double auc() {
        return auc;
    }

    public boolean isDefined() {
        return auc != null;
    }

    /** Why the curve is undefined, or null when it is defined. */
    public String undefinedReason() {
        return undefinedReason;
    }
}
