package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import static io.github.wbczoo.reproduce.Measure.POOLED_TEST;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.models.DepthwiseSeparable;
import io.github.wbczoo.reproduce.Measure.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Rao, Sai & Rao, "Deep Categorization of Blood Cells using Depthwise Convolutions":
 * the depthwise-separable network on the paper's pooled random split, with its per-class table.
 *
 * <p>Usage: {@code ./wbc reproduce rao --epochs 4 --limit-per-class 300 --out runs/rao}
 */
final class RaoPaper {
    private RaoPaper() {
    }

    static PaperReproduction reproduction() {
        String table = "Table I";
        List<PaperFigure> figures = new ArrayList<>();
        // Abstract: "the presented model attained an accuracy of 97%".
        figures.add(PaperFigure.reported(Measure.accuracy(POOLED_TEST), "97%", 0.97, "Abstract"));
        // Table I: Metric Evaluation of the Proposed System, columns F1-Score, Precision, Recall, Support,
        // copied as printed (its Eosinophil and Neutrophil F1 do not follow from their precision and recall).
        perClass(figures, BccdClasses.EOSINOPHIL, "0.95", "0.96", "0.96", 314, table);
        perClass(figures, BccdClasses.LYMPHOCYTE, "1.00", "1.00", "1.00", 288, table);
        perClass(figures, BccdClasses.MONOCYTE, "1.00", "1.00", "1.00", 322, table);
        perClass(figures, BccdClasses.NEUTROPHIL, "0.97", "0.95", "0.96", 320, table);
        // Training section: the model "stall[s] between epochs 15 and 20 ... yielding a 98 percent accuracy at the end"
        // (read from its train/validation cycle plots: the validation accuracy the kept weights reached).
        figures.add(PaperFigure.reported(Measure.validationAccuracy(), "98%", 0.98, "Training, Figures 4-5"));
        // Conclusion: "an F1-Score of 98% on all the target classes" (Table I's four F1s average 0.98).
        figures.add(PaperFigure.reported(Measure.macroF1(POOLED_TEST), "98%", 0.98, "Conclusion"));
        return new PaperReproduction(Paper.RAO,
                List.of(Experiment.of("Depthwise separable CNN, pooled split", DepthwiseSeparable.NAME, figures)),
                List.of("LEAKY: the paper pools all 12,515 images and splits them at random (the recipe: 80:10:10)."
                                + " BCCD's images are augmented (rotated, shifted, flipped) copies of far fewer original"
                                + " cells, so copies of one cell are in training and in the test part: these figures"
                                + " overstate how well the model recognises new cells. TEST_SIMPLE is pooled too, so it is"
                                + " no honest check for this model either.",
                        "The paper says the train set received 80% \"and Validation and Test Sets receiving 20% each\";"
                                + " its Table I supports (1,244 images) match a 10% test part.",
                        "Table I prints Eosinophil F1 0.95 with precision and recall 0.96, and Neutrophil F1 0.97 with"
                                + " precision 0.95 and recall 0.96; the figures are copied as printed."));
    }

    private static void perClass(List<PaperFigure> out, CellClass c, String f1, String precision, String recall, int support,
                                 String source) {
        out.add(PaperFigure.reported(Measure.of(Kind.PRECISION, POOLED_TEST, c), precision, Double.parseDouble(precision), source));
        out.add(PaperFigure.reported(Measure.of(Kind.RECALL, POOLED_TEST, c), recall, Double.parseDouble(recall), source));
        out.add(PaperFigure.reported(Measure.of(Kind.F1, POOLED_TEST, c), f1, Double.parseDouble(f1), source));
        out.add(PaperFigure.reported(Measure.of(Kind.SUPPORT, POOLED_TEST, c), Integer.toString(support), support, source));
    }
}
