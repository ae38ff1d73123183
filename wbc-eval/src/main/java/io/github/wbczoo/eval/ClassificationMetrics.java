package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The counting metrics of one split, all computed from its {@link ConfusionMatrix}: accuracy,
 * balanced accuracy, Cohen's kappa, per-class precision/recall/F1/support, and their macro and
 * weighted averages.
 *
 * <p>Undefined cases follow scikit-learn's defaults, so figures can be compared with Python:
 * <ul>
 *   <li>A per-class value that cannot be computed is null (see {@link ClassMetrics}).</li>
 *   <li>Macro averages are taken over the classes that occur among the labels or the predictions;
 *       within those an undefined precision or recall counts as 0 (a model that never calls
 *       monocytes scores 0 for monocyte precision instead of being excused). Classes that occur
 *       in neither are left out.</li>
 *   <li>Weighted averages weight each class by its support; an undefined precision counts as 0.</li>
 *   <li>Balanced accuracy is the mean recall over the classes present in the labels.</li>
 *   <li>Kappa is null when chance agreement is 1 (labels and predictions are all one class).</li>
 * </ul>
 *
 * <p>Usage: {@code ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(predictions)); m.macro().f1();}
 */
public final class ClassificationMetrics {
    private final ConfusionMatrix confusion;
    private final List<ClassMetrics> perClass;

    private ClassificationMetrics(ConfusionMatrix confusion) {
        if (confusion.total() == 0) {
            throw new IllegalArgumentException("Cannot compute metrics of an empty split (0 images)");
        }
        this.confusion = confusion;
        List<ClassMetrics> rows = new ArrayList<>();
        for (CellClass c : confusion.classes().classes()) {
            rows.add(ClassMetrics.of(confusion, c));
        }
        this.perClass = List.copyOf(rows);
    }

    /** Metrics of a non-empty confusion matrix. */
    public static ClassificationMetrics of(ConfusionMatrix confusion) {
        return new ClassificationMetrics(confusion);
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    /** Images in the split. */
    public long n() {
        return confusion.total();
    }

    /** Share of images whose top-ranked class is right. */
    public double accuracy() {
        return (double) confusion.correct() / confusion.total();
    }

    /** Mean recall over the classes present in the labels: accuracy as if every class had as many images. */
    public double balancedAccuracy() {
        double sum = 0;
        int classes = 0;
        for (ClassMetrics m : perClass) {
            if (m.recall() != null) {
                sum += m.recall();
                classes++;
            }
        }
        return sum / classes;
    }

    /**
     * Cohen's kappa: agreement beyond what chance would give with these label and prediction
     * frequencies, (p_o - p_e) / (1 - p_e). Null when p_e = 1.
     */
    public Double kappa() {
        double n = confusion.total();
        double observed = confusion.correct() / n;
        double chance = 0;
        for (CellClass c : confusion.classes().classes()) {
            chance += (confusion.support(c) / n) * (confusion.predictedCount(c) / n);
        }
        if (chance >= 1.0) {
            return null;
        }
        return (observed - chance) / (1 - chance);
    }

    /** Rows in {@link CellClass} order. */
    public List<ClassMetrics> perClass() {
        return perClass;
    }

    /** The row of one class. */
    public ClassMetrics of(CellClass c) {
        return perClass.get(c.index());
    }

    /** Unweighted mean over the classes that occur (see the class comment for undefined values). */
    public AveragedMetrics macro() {
        double p = 0;
        double r = 0;
        double f = 0;
        int classes = 0;
        for (ClassMetrics m : perClass) {
            if (m.occurs()) {
                p += orZero(m.precision());
                r += orZero(m.recall());
                f += orZero(m.f1());
                classes++;
            }
        }
        return new AveragedMetrics(p / classes, r / classes, f / classes);
    }

    /** Mean weighted by support: the average a randomly drawn image's class would see. */
    public AveragedMetrics weighted() {
        double p = 0;
        double r = 0;
        double f = 0;
        double n = confusion.total();
        for (ClassMetrics m : perClass) {
            double w = m.support() / n;
            p += w * orZero(m.precision());
            r += w * orZero(m.recall());
            f += w * orZero(m.f1());
        }
        return new AveragedMetrics(p, r, f);
    }

    private static double orZero(Double v) {
        return v == null ? 0.0 : v;
    }
}
