package io.github.wbczoo.eval;

import io.github.wbczoo.core.Paper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "how these figures are computed" section of the Markdown and HTML reports: each metric in
 * one or two plain sentences, including what happens when a figure is undefined.
 *
 * <p>Usage: {@code for (String[] note : MetricNotes.of(report)) System.out.println(note[0] + ": " + note[1]);}
 */
final class MetricNotes {
    private MetricNotes() {
    }

    /** Pairs of (term, explanation), in reading order. */
    static List<String[]> of(EvaluationReport report) {
        SplitEvaluation any = report.splits().values().iterator().next();
        BootstrapIntervals b = any.bootstrap();
        List<String[]> notes = new ArrayList<>();
        notes.add(new String[] {"Accuracy", "The share of images whose most probable class is the true class."});
        notes.add(new String[] {"Balanced accuracy", "The mean recall over the classes present in the split: accuracy as if"
                + " every class had as many images. On an imbalanced split (TEST_SIMPLE is 68% neutrophils) it exposes a"
                + " model that does well only on the common class."});
        notes.add(new String[] {"Cohen's kappa", "Agreement with the labels beyond what chance would give with the same"
                + " label and prediction frequencies: 1 is perfect, 0 is chance level."});
        notes.add(new String[] {"Precision, recall, F1, support", "As in " + Paper.RAO.name() + "'s Table 1. Precision: of the images"
                + " called a class, the share that were. Recall: of the images of a class, the share found."
                + " F1 = 2TP / (2TP + FP + FN). Support: images of the class. Precision is undefined ("
                + Format.UNDEFINED + ", null in JSON) when the model never called the class; recall when the split has"
                + " no image of it."});
        notes.add(new String[] {"Macro and weighted averages", "Macro: the plain mean over the classes that occur among"
                + " the labels or the predictions, with an undefined precision or recall counted as 0 (scikit-learn's"
                + " default), so never calling a class is penalised. Weighted: the mean weighted by support."});
        notes.add(new String[] {"AUROC", "Area under the one-vs-rest ROC curve: the probability that a random image of"
                + " the class gets a higher score for it than a random other image, ties counting one half. Undefined"
                + " when the split has no image of the class (or only images of it); the macro AUROC averages the classes"
                + " where it is defined and the report names those left out."});
        notes.add(new String[] {"Intervals", String.format(Locale.ROOT, "%.0f%% percentile bootstrap intervals from %,d"
                        + " resamples of each split's images (seeded with %d, mixed with the split's name so that splits are"
                        + " resampled independently). For a class's recall, resamples without that class are skipped."
                        + " Where every image (of the split or of a class) was right, or none was, every resample agrees"
                        + " and the bootstrap would claim no uncertainty at all; the exact (Clopper-Pearson) binomial"
                        + " interval is shown instead, marked \"exact\" (0 right out of 6 still allows a recall up to 46%%)."
                        + " The interval of a difference between splits pairs the k-th resample of each.",
                100 * b.level(), b.resamples(), any.settings().seed())});
        notes.add(new String[] {"Calibration (ECE)", String.format(Locale.ROOT, "Confidence is the probability of the"
                + " predicted class. Images are put into %d equal-width confidence bins (0, 1/%d], ..., as in Guo et al."
                + " (2017); ECE is the image-weighted mean of |accuracy - mean confidence| over the bins, MCE the largest"
                + " gap. 0 is perfectly calibrated.", any.calibration().bins().size(), any.calibration().bins().size())});
        notes.add(new String[] {"Collapse", String.format(Locale.ROOT, "Predictions are called collapsed when one class"
                + " takes at least %.0f%% of them while it is less common among the labels.",
                100 * any.settings().collapseThreshold())});
        return notes;
    }
}
