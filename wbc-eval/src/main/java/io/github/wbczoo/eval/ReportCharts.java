package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a report's charts with XChart, off-screen (headless): per split a confusion-matrix heat
 * map with counts, one-vs-rest ROC curves and a reliability diagram; across splits accuracy and
 * macro-F1 with their intervals; and learning curves (loss, accuracy, learning rate) from the
 * training history.
 *
 * <p>Usage: {@code BufferedImage img = ReportCharts.confusionMatrix(report.split("TEST")).image();}
 */
public final class ReportCharts {
    static {
        // Charts are drawn into images, never shown: servers and CI have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final int CURVE_HEIGHT = 360;

    /**
     * One colour per class, in class order (colour-blind-safe Okabe-Ito hues; BCCD's four get the
     * first four, more classes cycle through all eight).
     */
    static final Color[] CLASS_COLOURS = {
        new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x72, 0xB2), new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7),
        new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00)};
    private static final Color TRAIN = new Color(0x00, 0x72, 0xB2);
    private static final Color VALIDATION = new Color(0xD5, 0x5E, 0x00);
    private static final Color GREY = new Color(0x88, 0x88, 0x88);
    /** How far left (accuracy) and right (macro-F1) of its split's tick each measure of the split chart is drawn. */
    private static final double OFFSET = 0.08;

    private ReportCharts() {
    }

    /** Every chart of the report, in the order the HTML page shows them. */
    public static List<ChartImage> all(EvaluationReport report) {
        List<ChartImage> charts = new ArrayList<>();
        if (report.splits().size() > 1) {
            charts.add(splitComparison(report));
        }
        for (SplitEvaluation s : report.splits().values()) {
            charts.add(confusionMatrix(s));
            charts.add(rocCurves(s));
            charts.add(reliabilityDiagram(s));
        }
        if (report.history() != null) {
            charts.addAll(learningCurves(report.history()));
        }
        Set<String> names = new HashSet<>();
        for (ChartImage c : charts) {
            if (!names.add(c.fileName())) {
                throw new IllegalArgumentException("Two charts would be saved as " + c.fileName()
                        + "; give the splits names that differ in letters or digits");
            }
        }
        return charts;
    }

    /** File-name-safe form of a split name. */
    static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /**
     * The confusion matrix as a heat map: rows are the true class, columns the predicted class; each
     * cell shows the image count, coloured by its share of the true class's row (so a class with
     * few images is as visible as one with many).
     */
    public static ChartImage confusionMatrix(SplitEvaluation split) {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
                .title(split.name() + ": confusion matrix (n = " + Format.count(split.n()) + ")")
                .xAxisTitle("Predicted class").yAxisTitle("True class").build();
        style(chart.getStyler());
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0xB3, 0xD4, 0xF0), new Color(0x4A, 0x90, 0xD9)});
        chart.getStyler().setMin(0).setMax(1);
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.ROOT, "%.0f%%", 100 * v));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDrawBorder(true);
        chart.getStyler().setPlotContentSize(1.0);

        List<String> columns = split.classes().names();
        List<String> rows = new ArrayList<>(split.classes().names());
        java.util.Collections.reverse(rows);   // the heat map draws row 0 at the bottom; list EOSINOPHIL first, at the top
        long[][] counts = split.confusion().counts();
        double[][] shares = split.confusion().rowNormalised();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < split.classes().size(); t++) {
            for (int p = 0; p < split.classes().size(); p++) {
                double share = Double.isNaN(shares[t][p]) ? 0 : shares[t][p];
                cells.add(new Number[] {p, split.classes().size() - 1 - t, new CountCell(counts[t][p], share)});
            }
        }
        chart.addSeries("share of the true class", columns, rows, cells);
        return new ChartImage("confusion-" + slug(split.name()) + ".png", split.name() + ": confusion matrix",
                "Rows are the true class, columns what the model called it; numbers are image counts, colour is the"
                        + " share of the row (the diagonal is each class's recall).",
                render(chart));
    }

    /**
     * A heat-map cell whose text is the image count and whose colour is the row share: XChart prints
     * a cell's BigDecimal with its own digits but colours it by {@link #doubleValue()}.
     */
    static final class CountCell extends BigDecimal {
        private static final long serialVersionUID = 1L;
        private final double share;

        CountCell(long count, double share) {
            super(count);
            this.share = share;
        }

        @Override
        public double doubleValue() {
            return share;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CountCell c && super.equals(c) && c.share == share;
        }

        @Override
        public int hashCode() {
            return super.hashCode() * 31 + Double.hashCode(share);
        }
    }

    /** One-vs-rest ROC curve of every class whose curve is defined, with its AUROC in the legend. */
    public static ChartImage rocCurves(SplitEvaluation split) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(split.name() + ": ROC curves, one class against the rest")
                .xAxisTitle("False-positive rate (1 - specificity)").yAxisTitle("True-positive rate (sensitivity)").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        XYSeries chance = chart.addSeries("chance (AUC 0.5)", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DASH_DASH).setLineColor(GREY);
        for (RocCurve roc : split.roc().curves()) {
            String label = roc.type() + (roc.isDefined()
                    ? String.format(Locale.ROOT, " (AUC %.3f)", roc.auc()) : " (undefined: no images)");
            if (roc.isDefined()) {
                XYSeries s = chart.addSeries(label, roc.falsePositiveRates(), roc.truePositiveRates());
                s.setMarker(SeriesMarkers.NONE).setLineColor(CLASS_COLOURS[roc.type().index() % CLASS_COLOURS.length])
                        .setLineStyle(new BasicStroke(2.2f));
            }
        }
        Double macro = split.roc().macroAuc();
        return new ChartImage("roc-" + slug(split.name()) + ".png", split.name() + ": ROC curves",
                "Each curve shows how many images of one class are caught (up) against how many other images are"
                        + " wrongly caught (right) as the threshold drops; the closer to the top-left corner, the better."
                        + " Macro AUROC " + Format.decimal(macro) + ".",
                render(chart));
    }

    /**
     * The reliability diagram: for each confidence bin, how often the model was right (blue) against
     * how confident it was (red). Where red stands above blue the model is overconfident.
     */
    public static ChartImage reliabilityDiagram(SplitEvaluation split) {
        Calibration cal = split.calibration();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "%s: reliability diagram (ECE %.3f)", split.name(),
                        cal.expectedCalibrationError()))
                .xAxisTitle("Confidence (probability of the predicted class), " + cal.bins().size() + " bins")
                .yAxisTitle("Share").build();
        style(chart.getStyler());
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setAvailableSpaceFill(0.95);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        List<String> labels = new ArrayList<>();
        List<Double> confidence = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        for (ReliabilityBin b : cal.bins()) {
            labels.add(String.format(Locale.ROOT, "%.2f", (b.lower() + b.upper()) / 2));
            confidence.add(b.confidence());   // null for an empty bin: nothing is drawn there
            accuracy.add(b.accuracy());
        }
        CategorySeries acc = chart.addSeries("accuracy in the bin", labels, accuracy);
        acc.setFillColor(new Color(0x4A, 0x90, 0xD9));
        CategorySeries conf = chart.addSeries("mean confidence (a calibrated model's bar ends here)",
                labels, confidence);
        conf.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        conf.setMarker(SeriesMarkers.DIAMOND);
        conf.setMarkerColor(new Color(0xC6, 0x28, 0x28));
        return new ChartImage("reliability-" + slug(split.name()) + ".png", split.name() + ": reliability diagram",
                "Images are grouped by the model's confidence; each bar is how often the model was right in the group, the"
                        + " red diamond how confident it was. A diamond above its bar means overconfident, below it"
                        + " underconfident. Empty bins have neither.",
                render(chart));
    }

    /**
     * Accuracy and macro-F1 of every split with their bootstrap intervals: the discrepancy at a glance.
     * Both are on one 0-to-1 axis, so the legend, the marker shapes and a value label next to each dot
     * say which is which.
     */
    public static ChartImage splitComparison(EvaluationReport report) {
        return new ChartImage("splits.png", "Accuracy and macro-F1 by split",
                "Circles are accuracy (share of images right), diamonds macro-F1 (mean of the four classes' F1);"
                        + " bars are their bootstrap intervals. Bars of one measure that do not overlap mean the splits"
                        + " really differ.", render(splitComparisonChart(report)));
    }

    static XYChart splitComparisonChart(EvaluationReport report) {
        List<SplitEvaluation> splits = new ArrayList<>(report.splits().values());
        String level = Format.level(splits.get(0).bootstrap().level());
        XYChart chart = new XYChartBuilder().width(WIDTH).height(CURVE_HEIGHT)
                .title("Accuracy and macro-F1 by split, with " + level + " intervals")
                .xAxisTitle("Split").yAxisTitle("Accuracy and macro-F1 (0 to 1)").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(0.5).setXAxisMax(splits.size() + 0.5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(splitNames(splits));
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setAnnotationTextFontColor(new Color(0x33, 0x33, 0x33));
        addIntervals(chart, "accuracy (" + level + " interval)", splits, -OFFSET, TRAIN, SeriesMarkers.CIRCLE,
                s -> s.metrics().accuracy(), s -> s.bootstrap().accuracy(), v -> Format.percent(v));
        addIntervals(chart, "macro-F1 (" + level + " interval)", splits, OFFSET, VALIDATION, SeriesMarkers.DIAMOND,
                s -> s.metrics().macro().f1(), s -> s.bootstrap().macroF1(), v -> "F1 " + Format.decimal(v));
        return chart;
    }

    /**
     * Labels the ticks at 1, 2, ... with the split names. XChart drops every tick label unless all are
     * different, so the ticks between splits get distinct invisible labels (runs of zero-width spaces).
     */
    private static Function<Double, String> splitNames(List<SplitEvaluation> splits) {
        return x -> {
            long i = Math.round(x);
            if (Math.abs(x - i) < 1e-6 && i >= 1 && i <= splits.size()) {
                return splits.get((int) i - 1).name();
            }
            return "\u200B".repeat(1 + (int) Math.abs(Math.round(x * 100)));
        };
    }

    private static void addIntervals(XYChart chart, String metric, List<SplitEvaluation> splits, double offset, Color colour,
                                     org.knowm.xchart.style.markers.Marker marker,
                                     Function<SplitEvaluation, Double> value,
                                     Function<SplitEvaluation, ConfidenceInterval> interval,
                                     Function<Double, String> label) {
        double[] x = new double[splits.size()];
        double[] y = new double[splits.size()];
        for (int i = 0; i < splits.size(); i++) {
            x[i] = i + 1 + offset;
            y[i] = value.apply(splits.get(i));
            ConfidenceInterval ci = interval.apply(splits.get(i));
            XYSeries bar = chart.addSeries(metric + " interval " + i, new double[] {x[i], x[i]}, new double[] {ci.lower(), ci.upper()});
            bar.setMarker(SeriesMarkers.NONE).setLineColor(colour).setLineStyle(new BasicStroke(3f)).setShowInLegend(false);
            // the value beside its dot, on the outer side, so the two measures cannot be mixed up
            chart.addAnnotation(new AnnotationText(label.apply(y[i]), x[i] + Math.signum(offset) * 0.17, y[i], false));
        }
        XYSeries points = chart.addSeries(metric, x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(marker).setMarkerColor(colour);
    }

    /**
     * Loss, accuracy and learning rate per epoch; validation curves when the history has them. Only
     * charts with a line are drawn: one epoch would be a lone dot in an empty box and an unchanged
     * learning rate a flat line, so {@link LearningCurveText} states those values in words instead.
     */
    public static List<ChartImage> learningCurves(TrainingHistory history) {
        List<EpochRecord> epochs = history.epochs();
        List<ChartImage> out = new ArrayList<>();
        if (LearningCurveText.lossIsCurve(epochs)) {
            out.add(new ChartImage("learning-loss.png", "Loss per epoch",
                    "Training loss (blue) should fall; validation loss (orange) rising while training loss falls means"
                            + " overfitting.", render(lossChart(epochs))));
        }
        if (LearningCurveText.accuracyIsCurve(epochs)) {
            out.add(new ChartImage("learning-accuracy.png", "Accuracy per epoch",
                    "Training accuracy is measured on augmented batches while the weights change, validation accuracy at"
                            + " the end of each epoch. A flat line at 25% is chance: the model has collapsed.",
                    render(accuracyChart(epochs))));
        }
        // Optimisers without a learning rate (Adadelta's is adaptive) record NaN: no chart rather than a made-up line.
        if (LearningCurveText.learningRateIsCurve(epochs)) {
            out.add(new ChartImage("learning-rate.png", "Learning rate per epoch",
                    "Steps down are learning-rate reductions on a plateau (logarithmic scale).",
                    render(learningRateChart(epochs))));
        }
        return out;
    }

    /** Colours for runs compared on one chart (Okabe-Ito, distinguishable with colour-blindness). */
    private static final Color[] RUN_COLOURS = {new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00),
        new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
        new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00)};

    /**
     * Several runs' validation accuracy and validation loss per epoch, one line per run, for comparing
     * experiments (losses, optimisers, variants) as the papers do. Runs without validation figures are
     * left out; no chart is made when no run has at least two epochs of them.
     *
     * <p>Usage: {@code ReportCharts.runComparison("sarkar", Map.of("Huber", history, ...))}
     *
     * @param prefix file-name prefix of the two charts
     */
    public static List<ChartImage> runComparison(String prefix, Map<String, TrainingHistory> runs) {
        List<ChartImage> out = new ArrayList<>();
        XYChart accuracy = comparison("Validation accuracy per epoch", "Validation accuracy", runs, EpochRecord::valAccuracy);
        if (accuracy != null) {
            accuracy.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0%");
            out.add(new ChartImage(slug(prefix) + "-validation-accuracy.png", "Validation accuracy per epoch, all runs",
                    "One line per experiment; 25% is chance.", render(accuracy)));
        }
        XYChart loss = comparison("Validation loss per epoch", "Validation loss", runs, EpochRecord::valLoss);
        if (loss != null) {
            double highest = runs.values().stream().flatMap(h -> h.epochs().stream()).map(EpochRecord::valLoss)
                    .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).max().orElse(1);
            loss.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern(decimalPattern(0, highest));
            out.add(new ChartImage(slug(prefix) + "-validation-loss.png", "Validation loss per epoch, all runs",
                    "One line per experiment; losses of different loss functions are on different scales.", render(loss)));
        }
        return out;
    }

    static XYChart comparison(String title, String yTitle, Map<String, TrainingHistory> runs,
                              Function<EpochRecord, Double> metric) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(CURVE_HEIGHT).title(title)
                .xAxisTitle("Epoch").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("0");
        int drawn = 0;
        boolean aCurve = false;
        for (Map.Entry<String, TrainingHistory> run : runs.entrySet()) {
            long points = run.getValue().epochs().stream().map(metric).filter(v -> v != null && Double.isFinite(v)).count();
            if (points == 0) {
                continue;
            }
            aCurve |= points >= 2;
            addEpochSeries(chart, run.getKey(), run.getValue().epochs(), metric, RUN_COLOURS[drawn++ % RUN_COLOURS.length]);
        }
        return aCurve ? chart : null;
    }

    /** Loss per epoch on an axis from 0, its ticks rounded to the decimals their spacing needs. */
    static XYChart lossChart(List<EpochRecord> epochs) {
        XYChart chart = curve("Loss per epoch", "Loss (cross-entropy)", epochs, EpochRecord::trainLoss, EpochRecord::valLoss,
                Styler.LegendPosition.InsideNE);
        // From 0, so a loss stuck near ln 4 = 1.386 (a collapsed model) reads as flat rather than as noise blown up.
        double highest = epochs.stream().flatMap(e -> java.util.stream.Stream.of(e.trainLoss(), e.valLoss()))
                .filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).max().orElse(1);
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern(decimalPattern(0, highest));
        return chart;
    }

    static XYChart accuracyChart(List<EpochRecord> epochs) {
        XYChart chart = curve("Accuracy per epoch", "Accuracy", epochs, EpochRecord::trainAccuracy, EpochRecord::valAccuracy,
                Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0%");
        return chart;
    }

    /**
     * A DecimalFormat pattern with the decimals that ticks about a fifth of {@code low..high} apart
     * need: "0.0" for a range of 1.4 (ticks 0.2 apart), "0.000" for 0.008. Without one XChart prints a
     * tick at a data value with all its digits (1.388715811570485).
     */
    static String decimalPattern(double low, double high) {
        double range = high - low;
        if (!(range > 0) || !Double.isFinite(range)) {
            range = Math.abs(high) > 0 && Double.isFinite(high) ? Math.abs(high) : 1;
        }
        int decimals = (int) Math.max(0, Math.min(6, -Math.floor(Math.log10(range / 5))));
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }

    private static XYChart curve(String title, String yTitle, List<EpochRecord> epochs, Function<EpochRecord, Double> train,
                                 Function<EpochRecord, Double> validation, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(CURVE_HEIGHT).title(title)
                .xAxisTitle("Epoch").yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setXAxisDecimalPattern("0");
        addEpochSeries(chart, "training", epochs, train, TRAIN);
        addEpochSeries(chart, "validation", epochs, validation, VALIDATION);
        return chart;
    }

    private static void addEpochSeries(XYChart chart, String name, List<EpochRecord> epochs,
                                       Function<EpochRecord, Double> metric, Color colour) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochRecord e : epochs) {
            Double v = metric.apply(e);
            if (v != null && Double.isFinite(v)) {
                x.add((double) e.epoch());
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour);
            s.setLineColor(colour).setLineStyle(new BasicStroke(2f));
        }
    }

    static XYChart learningRateChart(List<EpochRecord> epochs) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(CURVE_HEIGHT).title("Learning rate per epoch")
                .xAxisTitle("Epoch").yAxisTitle("Learning rate").build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (EpochRecord e : epochs) {
            if (e.learningRate() > 0 && Double.isFinite(e.learningRate())) {
                x.add((double) e.epoch());
                y.add(e.learningRate());
            }
        }
        // log10 of the rate on a plain axis: custom labels then sit exactly at each rate used, e.g. 1.0e-3 and 3.0e-4.
        List<Double> logRate = y.stream().map(Math::log10).toList();
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> Format.scientific(Math.pow(10, v)));
        XYSeries s = chart.addSeries("learning rate", x, logRate);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(TRAIN);
        s.setLineColor(TRAIN);
        return chart;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xE5, 0xE5, 0xE5));
        s.setPlotBorderVisible(true);
        s.setChartTitleBoxVisible(false);
        s.setLegendBorderColor(new Color(0xCC, 0xCC, 0xCC));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }

    static BufferedImage render(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
