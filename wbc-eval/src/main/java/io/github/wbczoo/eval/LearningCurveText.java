package io.github.wbczoo.eval;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The learning-curve figures that are stated in words instead of drawn. A line chart of one epoch
 * is an empty box with a dot, and a learning rate that never changed is a flat line; both say
 * more as a sentence ("Learning rate 1.0e-4 throughout."). {@link ReportCharts#learningCurves}
 * draws exactly the charts this class does not describe.
 *
 * <p>Usage: {@code for (String s : LearningCurveText.sentences(history)) System.out.println(s);}
 */
final class LearningCurveText {
    private LearningCurveText() {
    }

    /** Whether {@code metric} has at least two recorded epochs, i.e. a line worth drawing. */
    static boolean isCurve(List<EpochRecord> epochs, Function<EpochRecord, Double> metric) {
        return epochs.stream().map(metric).filter(v -> v != null && Double.isFinite(v)).count() >= 2;
    }

    /** Whether the loss chart has a line to draw. */
    static boolean lossIsCurve(List<EpochRecord> epochs) {
        return isCurve(epochs, EpochRecord::trainLoss) || isCurve(epochs, EpochRecord::valLoss);
    }

    /** Whether the accuracy chart has a line to draw. */
    static boolean accuracyIsCurve(List<EpochRecord> epochs) {
        return isCurve(epochs, EpochRecord::trainAccuracy) || isCurve(epochs, EpochRecord::valAccuracy);
    }

    /** The distinct learning rates used, in order of first use; empty when the optimiser recorded none (NaN). */
    static List<Double> learningRates(List<EpochRecord> epochs) {
        Set<Double> rates = new LinkedHashSet<>();
        for (EpochRecord e : epochs) {
            if (e.learningRate() > 0 && Double.isFinite(e.learningRate())) {
                rates.add(e.learningRate());
            }
        }
        return List.copyOf(rates);
    }

    /** Whether the learning-rate chart has steps to show. */
    static boolean learningRateIsCurve(List<EpochRecord> epochs) {
        return learningRates(epochs).size() > 1;
    }

    /** Sentences for the figures that get no chart, in the charts' order (loss, accuracy, learning rate). */
    static List<String> sentences(TrainingHistory history) {
        List<EpochRecord> epochs = history.epochs();
        List<String> out = new ArrayList<>();
        if (epochs.isEmpty()) {
            return out;
        }
        EpochRecord last = epochs.get(epochs.size() - 1);
        boolean lossCharted = lossIsCurve(epochs);
        boolean accuracyCharted = accuracyIsCurve(epochs);
        if (!lossCharted || !accuracyCharted) {
            List<String> values = new ArrayList<>();
            if (!lossCharted) {
                values.add(pair("loss", last.trainLoss(), last.valLoss(), v -> String.format(Locale.ROOT, "%.3f", v)));
            }
            if (!accuracyCharted) {
                values.add(pair("accuracy", last.trainAccuracy(), last.valAccuracy(), v -> Format.percent(v)));
            }
            String when = epochs.size() == 1 ? "Only epoch " + last.epoch() + " was recorded, so there is no curve to draw"
                    : "Only one epoch has these figures, so there is no curve to draw";
            out.add(when + ": " + String.join("; ", values) + " (epoch " + last.epoch() + ").");
        }
        List<Double> rates = learningRates(epochs);
        if (rates.size() == 1) {
            out.add("Learning rate " + Format.scientific(rates.get(0)) + (epochs.size() > 1 ? " throughout." : "."));
        }
        return out;
    }

    // "training loss 1.389, validation loss 1.402", leaving out a value that was not recorded
    private static String pair(String metric, double training, Double validation, Function<Double, String> format) {
        List<String> parts = new ArrayList<>();
        if (Double.isFinite(training)) {
            parts.add("training " + metric + " " + format.apply(training));
        }
        if (validation != null && Double.isFinite(validation)) {
            parts.add("validation " + metric + " " + format.apply(validation));
        }
        return parts.isEmpty() ? "no " + metric + " recorded" : String.join(", ", parts);
    }
}
