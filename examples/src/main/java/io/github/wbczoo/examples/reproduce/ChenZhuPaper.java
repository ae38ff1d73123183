package io.github.wbczoo.examples.reproduce;

import static io.github.wbczoo.examples.reproduce.Measure.TEST;
import static io.github.wbczoo.examples.reproduce.Measure.TEST_SIMPLE;
import static io.github.wbczoo.examples.reproduce.Measure.accuracy;

import java.util.List;

/**
 * Chen & Zhu, "Deep Learning Classification of Blood Cell Images" (seed 000): the models whose TEST
 * and TEST_SIMPLE accuracies the paper prints (Tables 2 and 3, Section 3.0.1 with Figure 2), and
 * the two Inception models its missing Table 4 was meant to report.
 *
 * <p>Usage: {@code ./wbc reproduce chen-zhu --epochs 2 --limit-per-class 100 --out runs/chen-zhu}
 */
final class ChenZhuPaper {
    private ChenZhuPaper() {
    }

    static PaperReproduction reproduction() {
        return new PaperReproduction("chen-zhu", "Chen & Zhu, Deep Learning Classification of Blood Cell Images (NYU)",
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
                        withValidation(missing("ParaB", "inceptionParaB"), "≥ 80%")),
                List.of("The paper's TEST and TEST_SIMPLE are the BCCD folders of those names, as here.",
                        "Table 2 prints MyCNN v4's TEST_SIMPLE accuracy as 74.6%, Figure 4 as 74.7%; the table shows"
                                + " Table 2's.",
                        "ParaA and ParaB: Section 3.0.2 refers to a Table 4 with their figures, which the paper does"
                                + " not contain.",
                        "Not reproduced: the autoencoder (25.1% / 18.3%, Sec. 3.0.3; 472M parameters at 240x320) and"
                                + " the other MyCNN variants of Figure 4 (train any of them with ./wbc train --model myCnn.vN)."));
    }

    private static Experiment both(String label, String model, String test, double testValue, String simple,
                                   double simpleValue, String source) {
        return Experiment.of(label, model, List.of(
                PaperFigure.reported(accuracy(TEST), test, testValue, source),
                PaperFigure.reported(accuracy(TEST_SIMPLE), simple, simpleValue, source)));
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
