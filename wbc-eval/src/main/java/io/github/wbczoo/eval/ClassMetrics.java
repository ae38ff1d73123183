package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;

/**
 * One row of Rao et al.'s Table 1: how well one cell type was recognised. A value that cannot be
 * computed is null, never a made-up 0: precision when the model never called the class, recall
 * when the split has no image of it, F1 when both.
 *
 * <p>Usage: {@code ClassMetrics m = metrics.of(BccdClasses.MONOCYTE); Double r = m.recall();}
 *
 * @param type      the cell type
 * @param support   images of this type in the split
 * @param predicted images the model called this type
 * @param precision of the images called this type, the share that were: TP / (TP + FP); null when none were called it
 * @param recall    of the images of this type, the share found: TP / (TP + FN); null when the split has none
 * @param f1        harmonic mean of precision and recall, 2TP / (2TP + FP + FN) (Rao's formula); null when TP + FP + FN = 0
 */
public record ClassMetrics(CellClass type, long support, long predicted, Double precision, Double recall, Double f1) {

    /** The class's row computed from a confusion matrix. */
    public static ClassMetrics of(ConfusionMatrix m, CellClass c) {
        long tp = m.truePositives(c);
        long support = m.support(c);
        long predicted = m.predictedCount(c);
        long fp = predicted - tp;
        long fn = support - tp;
        Double precision = predicted == 0 ? null : (double) tp / predicted;
        Double recall = support == 0 ? null : (double) tp / support;
        Double f1 = 2 * tp + fp + fn == 0 ? null : 2.0 * tp / (2 * tp + fp + fn);
        return new ClassMetrics(c, support, predicted, precision, recall, f1);
    }

    /** Whether the class occurs among the labels or the predictions (scikit-learn's default label set). */
    public boolean occurs() {
        return support > 0 || predicted > 0;
    }
}
