package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import static io.github.wbczoo.reproduce.Measure.TEST;
import static io.github.wbczoo.reproduce.Measure.TEST_SIMPLE;
import static io.github.wbczoo.reproduce.Measure.accuracy;

import io.github.wbczoo.core.Paper;
import io.github.wbczoo.models.MyCnn;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Chen & Zhu, "Deep Learning Classification of Blood Cell Images": every model and run
 * whose TEST and TEST_SIMPLE accuracies the paper prints (Tables 2 and 3, Section 3.0.1 with Figure 2,
 * the autoencoder of Section 3.0.3 with its confusion matrix, each row of Figure 4's changelog), and
 * the two Inception models its missing Table 4 was meant to report.
 *
 * <p>Usage: {@code ./wbc reproduce chen-zhu --epochs 2 --limit-per-class 100 --out runs/chen-zhu}
 */
final class ChenZhuPaper {
    private ChenZhuPaper() {
    }

    static PaperReproduction reproduction() {
        return new PaperReproduction(Paper.CHEN_ZHU,
                List.of(
                        // Section 3.0.1 and Appendix A, Figure 2: "Accuracy: 85.7%. Simple Accuracy: 25.4%."
                        both("ResNet-18", "resNet18", "85.7%", 0.857, "25.4%", 0.254, "Sec. 3.0.1, Fig. 2"),
                        // Table 2: Accuracies of MyCNN Versions v4, v9, and v11 (test / test_simple).
                        // Figure 4's changelog prints v4's TEST_SIMPLE as 74.7%; Table 2's 74.6% is used.
                        both("MyCNN v4", "myCnn.v4", "85.4%", 0.854, "74.6%", 0.746, "Table 2"),
                        both("MyCNN v9", "myCnn.v9", "86.5%", 0.865, "84.5%", 0.845, "Table 2"),
                        both("MyCNN v11", "myCnn.v11", "88.2%", 0.882, "78.9%", 0.789, "Table 2"),
                        // Table 3: Accuracies of Models with Bottleneck/Factorized Layers Only
                        // (3x3, 5x5, 7x7 effective size = a 1x1 conv then 1, 2, 3 3x3 convs).
                        // Sec. 3.0.2: "most of them reached at least 80% accuracy on the validation set over the
                        // course of 15 epochs", except "one that featured a 1x1 conv2d layer followed by a single
                        // 3x3 conv2d layer" (the 3x3 effective bottleneck) and the five-tower model.
                        withValidation(both("Bottleneck 3x3 effective", "inceptionBottleneck3", "73%", 0.73, "63.4%", 0.634,
                                "Table 3"), "< 80%"),
                        withValidation(both("Bottleneck 5x5 effective", "inceptionBottleneck5", "87%", 0.87, "78.9%", 0.789,
                                "Table 3"), "≥ 80%"),
                        withValidation(both("Bottleneck 7x7 effective", "inceptionBottleneck7", "88%", 0.88, "85.9%", 0.859,
                                "Table 3"), "≥ 80%"),
                        // Section 3.0.2 says "The performance of the two best models featuring parallelization
                        // are listed in Table 4 below", but the paper has no Table 4.
                        withValidation(missing("ParaA", "inceptionParaA"), "≥ 80%"),
                        withValidation(missing("ParaB", "inceptionParaB"), "≥ 80%"),
                        // Sec. 3.0.3 and Figure 1: "25.1% and 18.3%, respectively. The confusion matrix shown in
                        // Figure 1 shows that every input is being predicted as a neutrophil."
                        autoencoder(),
                        // Figure 4: MyCNN Changelog and Performance, every row that prints accuracies ("Accuracy:
                        // X. Simple Accuracy: Y."), in its order; rows already above (v4, v9, v11 from Table 2) are
                        // not repeated except where the changelog ran them with other settings.
                        changelog("Original (v0)", "myCnn.v0", "86.2%", "76.1%"),
                        changelogRun("Original + third conv per residual block", "myCnn.v0", "variant=v0-conv3",
                                b -> b.variant(MyCnn.V0_CONV3), "81.0%", "77.5%"),
                        changelog("MyCNN v1", "myCnn.v1", "73.4%", "30.1%"),
                        changelog("MyCNN v2", "myCnn.v2", "81.7%", "36.6%"),
                        changelog("MyCNN v3", "myCnn.v3", "86.6%", "70.4%"),
                        changelogRun("MyCNN v4, batch 16", "myCnn.v4", "batch=16", b -> b.batchSize(16), "84.7%", "67.6%"),
                        changelogRun("MyCNN v4, batch 1", "myCnn.v4", "batch=1", b -> b.batchSize(1), "59.1%", "32.4%"),
                        changelog("MyCNN v5", "myCnn.v5", "80.7%", "31.0%"),
                        changelog("MyCNN v6", "myCnn.v6", "80.2%", "78.9%"),
                        changelog("MyCNN v7", "myCnn.v7", "82.1%", "31.0%"),
                        changelog("MyCNN v8", "myCnn.v8", "80.5%", "60.6%"),
                        changelog("MyCNN v10 (1x3, 3x1 block)", "myCnn.v10", "82.5%", "64.8%"),
                        // v12 is the asymmetric convolution block (ACNet): "For the ACNet, the test accuracy was 85.9%
                        // while the test_simple accuracy was 66.2%" (Sec. 3.0.2).
                        changelog("MyCNN v12 (ACNet block)", "myCnn.v12", "85.9%", "66.2%"),
                        changelog("MyCNN v13 (parallel ACB)", "myCnn.v13", "80.7%", "50.7%"),
                        changelog("MyCNN v14 (BN in stage convs)", "myCnn.v14", "84.6%", "75.8%"),
                        changelog("MyCNN v15 (BN everywhere)", "myCnn.v15", "81.5%", "73.2%"),
                        // "the greatest difference in accuracies being 64.1% in MyCNN_v16" (Sec. 3.0.1): 82.4 - 18.3.
                        changelog("MyCNN v16 (BN in residual blocks; the largest gap, 64.1 points)", "myCnn.v16",
                                "82.4%", "18.3%"),
                        dropoutRun("MyCNN v17, dropout 0.5", "myCnn.v17", 0.5, "70.6%", "50.7%"),
                        dropoutRun("MyCNN v17, dropout 0.2", "myCnn.v17", 0.2, "84.5%", "36.6%"),
                        changelogRun("MyCNN v17, batch 16", "myCnn.v17", "batch=16", b -> b.batchSize(16), "75.0%", "62.0%"),
                        changelogRun("MyCNN v17, batch 1", "myCnn.v17", "batch=1", b -> b.batchSize(1), "73.2%", "67.6%"),
                        dropoutRun("MyCNN v18, dropout 0.5", "myCnn.v18", 0.5, "86.5%", "84.5%"),
                        dropoutRun("MyCNN v18, dropout 0.2", "myCnn.v18", 0.2, "86.5%", "84.5%"),
                        changelogRun("MyCNN v18, batch 16", "myCnn.v18", "batch=16", b -> b.batchSize(16), "85.4%", "80.3%"),
                        changelogRun("MyCNN v18, batch 1", "myCnn.v18", "batch=1", b -> b.batchSize(1), "82.5%", "69.0%"),
                        dropoutRun("MyCNN v19, dropout 0.5", "myCnn.v19", 0.5, "44%", "28%"),
                        dropoutRun("MyCNN v19, dropout 0.2", "myCnn.v19", 0.2, "83.2%", "62.0%"),
                        changelog("MyCNN v20", "myCnn.v20", "67.7%", "40.9%")),
                List.of("The paper's TEST and TEST_SIMPLE are the BCCD folders of those names, as here.",
                        "Table 2 prints MyCNN v4's TEST_SIMPLE accuracy as 74.6%, Figure 4 as 74.7%; the table shows"
                                + " Table 2's.",
                        "ParaA and ParaB: Section 3.0.2 refers to a Table 4 with their figures, which the paper does"
                                + " not contain.",
                        "Figure 4's changelog rows are runs of their own: the batch-16 and batch-1 rows change only the"
                                + " batch size of that version (at its dropout preset for v17/v18, 0.5, as the paper does not"
                                + " say which rate it kept); the row after the original adds a third conv per residual block"
                                + " to v0 and was reverted (variant v0-conv3).",
                        "The autoencoder is autoencoder.v1 (\"the evaluated model\"): 472M parameters at 240x320, hours"
                                + " per epoch on 2 CPU cores; shorten with --epochs and --limit-per-class."));
    }

    private static Experiment both(String label, String model, String test, double testValue, String simple,
                                   double simpleValue, String source) {
        return Experiment.of(label, model, List.of(
                PaperFigure.reported(accuracy(TEST), test, testValue, source),
                PaperFigure.reported(accuracy(TEST_SIMPLE), simple, simpleValue, source)));
    }

    /** A Figure 4 row run with the version's preset as it is. */
    private static Experiment changelog(String label, String model, String test, String simple) {
        return Experiment.of(label, model, figures(test, simple));
    }

    /** A Figure 4 row that changes one setting of the version. */
    private static Experiment changelogRun(String label, String model, String overrides, UnaryOperator<MyCnn.Builder> change,
                                           String test, String simple) {
        return Experiment.of(label, model, MyCnn.Builder.class, overrides, change, figures(test, simple));
    }

    private static Experiment dropoutRun(String label, String model, double rate, String test, String simple) {
        return changelogRun(label, model, "dropout=" + rate, b -> b.dropout(rate), test, simple);
    }

    private static List<PaperFigure> figures(String test, String simple) {
        return List.of(PaperFigure.reported(accuracy(TEST), test, percent(test), "Fig. 4"),
                PaperFigure.reported(accuracy(TEST_SIMPLE), simple, percent(simple), "Fig. 4"));
    }

    private static double percent(String printed) {
        return Double.parseDouble(printed.replace("%", "")) / 100;
    }

    /** The autoencoder's accuracies and its confusion matrix: every image called NEUTROPHIL (recall 1, others 0). */
    private static Experiment autoencoder() {
        String source = "Sec. 3.0.3, Fig. 1";
        List<PaperFigure> f = new java.util.ArrayList<>(List.of(
                PaperFigure.reported(accuracy(TEST), "25.1%", 0.251, source),
                PaperFigure.reported(accuracy(TEST_SIMPLE), "18.3%", 0.183, source)));
        for (CellClass c : ClassSet.BCCD.classes()) {
            boolean neutrophil = c.equals(BccdClasses.NEUTROPHIL);
            f.add(PaperFigure.reported(Measure.of(Measure.Kind.RECALL, TEST, c), neutrophil ? "1.00": "0.00",
                    neutrophil ? 1.0 : 0.0, source));
        }
        return Experiment.of("Autoencoder (joint loss)", "autoencoder.v1", f);
    }

    /** Adds the Inception section's validation figure ("at least 80% ... over the course of 15 epochs"). */
    private static Experiment withValidation(Experiment e, String printed) {
        List<PaperFigure> figures = new java.util.ArrayList<>(e.figures());
        figures.add(PaperFigure.reported(Measure.validationAccuracy(), printed, 0.80, "Sec. 3.0.2"));
        return Experiment.of(e.label(), e.model(), figures);
    }

    private static Experiment missing(String label, String model) {
        String why = "Table 4 is referenced (Sec. 3.0.2) but not printed";
        return Experiment.of(label, model, List.of(
                PaperFigure.notReported(accuracy(TEST), why),
                PaperFigure.notReported(accuracy(TEST_SIMPLE), why)));
    }
}
