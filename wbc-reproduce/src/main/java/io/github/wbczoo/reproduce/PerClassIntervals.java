package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.eval.BootstrapIntervals;
import io.github.wbczoo.eval.ClassMetrics;
import io.github.wbczoo.eval.ConfidenceInterval;
import io.github.wbczoo.eval.ConfusionMatrix;
import io.github.wbczoo.eval.Predictions;
import java.util.Arrays;

/**
 * Bootstrap intervals of each class's precision and F1, for Rao et al.'s per-class table (the
 * evaluation module's {@code BootstrapIntervals} covers accuracy, macro-F1 and recall). Same method
 * and the same resamples ({@link BootstrapIntervals#resample}):
 * resample the images with replacement, recompute, keep the middle {@code level} (percentile);
 * a resample where a figure is undefined (no image called the class) is skipped for that figure.
 * Where every resample gives 0 or 1 (e.g. a class never confused), the bootstrap shows no
 * uncertainty, so the exact binomial interval of "all right" or "none right" is given instead,
 * over the images called the class (precision) or the images that are or were called it (F1).
 *
 * <p>Usage: {@code PerClassIntervals ci = PerClassIntervals.of(split.predictions(), 1000, 42, 0.95); ci.precision(BccdClasses.MONOCYTE);}
 */
public final class PerClassIntervals {
    private final ConfidenceInterval[] precision = new ConfidenceInterval[ClassSet.BCCD.size()];
    private final ConfidenceInterval[] f1 = new ConfidenceInterval[ClassSet.BCCD.size()];

    private PerClassIntervals() {
    }

    public static PerClassIntervals of(Predictions predictions, int resamples, long seed, double level) {
        int n = predictions.size();
        if (n == 0 || resamples < 2) {
            throw new IllegalArgumentException("Need images and at least 2 resamples, got " + n + " and " + resamples);
        }
        double[][] precisionSamples = new double[ClassSet.BCCD.size()][resamples];
        double[][] f1Samples = new double[ClassSet.BCCD.size()][resamples];
        int[] precisionUsed = new int[ClassSet.BCCD.size()];
        int[] f1Used = new int[ClassSet.BCCD.size()];
        BootstrapIntervals.resample(predictions, resamples, seed, m -> {
            for (CellClass c : ClassSet.BCCD.classes()) {
                ClassMetrics cm = ClassMetrics.of(m, c);
                int k = c.index();
                if (cm.precision() != null) {
                    precisionSamples[k][precisionUsed[k]++] = cm.precision();
                }
                if (cm.f1() != null) {
                    f1Samples[k][f1Used[k]++] = cm.f1();
                }
            }
        });
        ConfusionMatrix whole = ConfusionMatrix.of(predictions);
        PerClassIntervals out = new PerClassIntervals();
        for (CellClass c : ClassSet.BCCD.classes()) {
            ClassMetrics m = ClassMetrics.of(whole, c);
            int k = c.index();
            long involved = m.support() + m.predicted() - whole.truePositives(c); // TP + FP + FN
            out.precision[k] = interval(precisionSamples[k], precisionUsed[k], m.precision(), m.predicted(), level);
            out.f1[k] = interval(f1Samples[k], f1Used[k], m.f1(), involved, level);
        }
        return out;
    }

    /** The percentile interval, or the exact one over {@code images} where the bootstrap collapsed to 0 or 1. */
    private static ConfidenceInterval interval(double[] samples, int used, Double whole, long images, double level) {
        if (whole == null || used == 0) {
            return null;
        }
        ConfidenceInterval ci = ConfidenceInterval.percentile(Arrays.copyOf(samples, used), level);
        if (ci.width() == 0 && (whole == 0 || whole == 1) && images > 0) {
            return ConfidenceInterval.allOrNone(whole == 1, images, level);
        }
        return ci;
    }

    /** The interval of a class's precision, or null when the model never called that class. */
    public ConfidenceInterval precision(CellClass c) {
        return precision[c.index()];
    }

    /** The interval of a class's F1, or null when the class neither occurs nor was predicted. */
    public ConfidenceInterval f1(CellClass c) {
        return f1[c.index()];
    }
}
