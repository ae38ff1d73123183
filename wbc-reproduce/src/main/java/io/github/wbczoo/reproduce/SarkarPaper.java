package io.github.wbczoo.reproduce;

import static io.github.wbczoo.reproduce.Measure.TEST;
import static io.github.wbczoo.reproduce.Measure.TEST_SIMPLE;
import static io.github.wbczoo.reproduce.Measure.accuracy;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.models.UnetEncoder;
import java.util.List;

/**
 * Sarkar, Tapp-Hughes & Zhang Solis, "Using Neural Networks to Classify White Blood Cell Images"
 * : the U-net encoder trained with each of three losses. The paper gives its figures
 * in words, read off its Figures 1-3 (Section 3): validation accuracy converging around 70% for
 * cross-entropy and around 25% for MSE and Huber, training accuracy 100% and about 25%.
 *
 * <p>Usage: {@code ./wbc reproduce sarkar --epochs 5 --limit-per-class 200 --out runs/sarkar}
 */
final class SarkarPaper {
    private SarkarPaper() {
    }

    static PaperReproduction reproduction() {
        String source = "Sec. 3 (Figs. 1-3)";
        return new PaperReproduction(Paper.SARKAR,
                List.of(
                        // "the validation accuracy for sparse categorical cross-entropy converges around 70%
                        // accuracy ... the training accuracy for sparse categorical cross-entropy converged to
                        // 1.0, or 100% accuracy."
                        loss("Sparse categorical cross-entropy", UnetEncoder.Loss.SPARSE_CATEGORICAL_CROSSENTROPY,
                                "~70%", 0.70, "100%", 1.0, source),
                        // "mean squared error and Huber loss respectively both converge around 25%. ... the
                        // training accuracy for both models also converged around 25%."
                        loss("Mean squared error", UnetEncoder.Loss.MEAN_SQUARED_ERROR, "~25%", 0.25, "~25%", 0.25, source),
                        loss("Huber", UnetEncoder.Loss.HUBER, "~25%", 0.25, "~25%", 0.25, source)),
                List.of("The paper's protocol, used here: train on all of TRAIN (about 10,000 images), validate on BCCD's"
                                + " TEST folder (about 2,500). There is no separate test set: our TEST figures are validation"
                                + " figures, and the kept weights were chosen on them, so they are optimistic.",
                        "Its figures are approximate, read from its learning curves (\"converges around 70%\").",
                        "The paper gives no TEST_SIMPLE figures."));
    }

    private static Experiment loss(String label, UnetEncoder.Loss loss, String test, double testValue, String train,
                                   double trainValue, String source) {
        return Experiment.of(label, UnetEncoder.NAME, UnetEncoder.class, "loss=" + loss.kerasName(), b -> b.loss(loss),
                List.of(PaperFigure.reported(accuracy(TEST), test, testValue, source),
                        PaperFigure.notReported(accuracy(TEST_SIMPLE), "not evaluated in the paper"),
                        PaperFigure.reported(Measure.trainAccuracy(), train, trainValue, source)))
                .withSplit(SplitPolicy.validationOnTest(), "validation on TEST");
    }
}
