package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.Paper;
import java.util.Locale;
import java.util.Optional;

/**
 * A model that answers (nearly) the same class for every image: the failure Chen & Zhu's myCnn
 * shows with Adam at learning rate 1e-3, where validation accuracy sits at 25% (chance for four
 * balanced classes). Accuracy alone can hide it on an imbalanced split: always answering
 * NEUTROPHIL scores 68% on TEST_SIMPLE.
 *
 * <p>Detected when one class takes at least {@code threshold} of the predictions while the
 * labels are more varied than that (its true share is below the threshold).
 *
 * <p>Usage: {@code PredictionCollapse.detect(confusion, 0.95).ifPresent(c -> System.out.println(c.message()));}
 *
 * @param dominant       the class predicted almost always
 * @param predictedShare the share of predictions that went to it
 * @param trueShare      the share of images that really are it
 */
public record PredictionCollapse(CellClass dominant, double predictedShare, double trueShare) {

    /** The collapse in {@code confusion}, if one class takes at least {@code threshold} of the predictions. */
    public static Optional<PredictionCollapse> detect(ConfusionMatrix confusion, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("Collapse threshold must be in (0, 1], got " + threshold);
        }
        double n = confusion.total();
        if (n == 0) {
            return Optional.empty();
        }
        CellClass top = confusion.classes().get(0);
        for (CellClass c : confusion.classes().classes()) {
            if (confusion.predictedCount(c) > confusion.predictedCount(top)) {
                top = c;
            }
        }
        double predictedShare = confusion.predictedCount(top) / n;
        double trueShare = confusion.support(top) / n;
        if (predictedShare >= threshold && trueShare < threshold) {
            return Optional.of(new PredictionCollapse(top, predictedShare, trueShare));
        }
        return Optional.empty();
    }

    /** One plain sentence for a report. */
    public String message() {
        return String.format(Locale.ROOT, "The model called %.1f%% of the images %s, which are only %.1f%% of the images: "
                        + "it has collapsed to (nearly) one answer and its other figures mean little. Models do this "
                        + "early in training and when the learning rate is too high (" + Paper.CHEN_ZHU.name() + "'s myCnn with Adam at 1e-3 "
                        + "stayed at 25%% validation accuracy); train longer or with a lower learning rate.",
                100 * predictedShare, dominant, 100 * trueShare);
    }
}
