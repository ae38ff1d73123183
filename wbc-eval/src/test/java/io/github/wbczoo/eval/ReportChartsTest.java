package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import java.text.DecimalFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.ChartTicks;

class ReportChartsTest {

    @Test
    void heatMapCellsPrintTheCountButAreColouredByTheShare() {
        // XChart formats a cell's value with DecimalFormat and colours it by doubleValue(): the count cell relies on both.
        ReportCharts.CountCell cell = new ReportCharts.CountCell(468, 0.751);
        assertThat(new DecimalFormat("#.##").format(cell)).isEqualTo("468");
        assertThat(cell.doubleValue()).isEqualTo(0.751);
    }

    @Test
    void confusionRocAndReliabilityChartsHaveTheirSizeAndInk() {
        SplitEvaluation s = new Evaluator(EvaluationSettings.defaults().withResamples(50)).evaluate("TEST",
                Fixtures.random(200, 3, 1.5));
        for (ChartImage c : List.of(ReportCharts.confusionMatrix(s), ReportCharts.rocCurves(s), ReportCharts.reliabilityDiagram(s))) {
            assertThat(c.image().getWidth()).isEqualTo(ReportCharts.WIDTH);
            assertThat(c.image().getHeight()).isEqualTo(ReportCharts.HEIGHT);
            ChartChecks.assertNotBlank(c.image(), c.fileName());
            assertThat(c.png()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
    }

    /**
     * The heat map shows the data, not just ink: with every image right, the darkest cells run from
     * the top-left (EOSINOPHIL called EOSINOPHIL) to the bottom-right; with every image called the
     * reverse class they run the other way, and the dark area grows with the share of right answers.
     */
    @Test
    void confusionHeatMapCellsAreWhereAndAsDarkAsTheCounts() {
        int[] truth = new int[400];
        int[] right = new int[400];
        int[] reversed = new int[400];
        int[] halfRight = new int[400];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = i % 4;
            right[i] = truth[i];
            reversed[i] = 3 - truth[i];
            halfRight[i] = i % 8 < 4 ? truth[i] : (truth[i] + 1) % 4;
        }
        Evaluator e = new Evaluator(EvaluationSettings.defaults().withResamples(20));
        double[] diagonal = darkPixelTrend(ReportCharts.confusionMatrix(e.evaluate("TEST", Fixtures.fromClasses(truth, right))));
        double[] anti = darkPixelTrend(ReportCharts.confusionMatrix(e.evaluate("TEST", Fixtures.fromClasses(truth, reversed))));
        double[] half = darkPixelTrend(ReportCharts.confusionMatrix(e.evaluate("TEST", Fixtures.fromClasses(truth, halfRight))));
        assertThat(diagonal[0]).as("x-y correlation of the darkest pixels, all right").isGreaterThan(0.8);
        assertThat(anti[0]).as("x-y correlation of the darkest pixels, all reversed").isLessThan(-0.8);
        assertThat(half[1]).as("darkest area with half right").isLessThan(diagonal[1] * 0.5);
    }

    /** {correlation of x and y, count} over the pixels drawn in the heat map's darkest colour (share 1). */
    private static double[] darkPixelTrend(ChartImage chart) {
        java.awt.image.BufferedImage img = chart.image();
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        // The legend's colour bar sits right of the plot (OutsideE): only the plot's part of the image counts.
        int plotRight = (int) (img.getWidth() * 0.8);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < plotRight; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.abs(r - 0x4A) < 12 && Math.abs(g - 0x90) < 12 && Math.abs(b - 0xD9) < 12) {
                    n++;
                    sx += x;
                    sy += y;
                    sxx += (double) x * x;
                    syy += (double) y * y;
                    sxy += (double) x * y;
                }
            }
        }
        double cov = sxy / n - (sx / n) * (sy / n);
        double vx = sxx / n - (sx / n) * (sx / n);
        double vy = syy / n - (sy / n) * (sy / n);
        return new double[] {cov / Math.sqrt(vx * vy), n};
    }

    @Test
    void runComparisonDrawsOneLinePerRunWithValidationCurves() {
        java.util.Map<String, TrainingHistory> runs = new java.util.LinkedHashMap<>();
        runs.put("Sparse categorical cross-entropy", history(0.4, 0.6, 0.7));
        runs.put("Huber", history(0.25, 0.25, 0.26));
        runs.put("no validation", noValidation());
        XYChart accuracy = ReportCharts.comparison("t", "y", runs, EpochRecord::valAccuracy);
        assertThat(accuracy.getSeriesMap().keySet()).containsExactly("Sparse categorical cross-entropy", "Huber");
        assertThat(accuracy.getSeriesMap().get("Huber").getYData()).containsExactly(0.25, 0.25, 0.26);
        List<ChartImage> charts = ReportCharts.runComparison("Sarkar et al", runs);
        assertThat(charts).extracting(ChartImage::fileName)
                .containsExactly("Sarkar_et_al-validation-accuracy.png", "Sarkar_et_al-validation-loss.png");
        charts.forEach(c -> ChartChecks.assertNotBlank(c.image(), c.fileName()));
        // One epoch per run is no curve: stated nowhere, drawn nowhere.
        assertThat(ReportCharts.runComparison("x", java.util.Map.of("a", history(0.5)))).isEmpty();
    }

    private static TrainingHistory history(double... valAccuracy) {
        TrainingHistory h = new TrainingHistory();
        for (int e = 0; e < valAccuracy.length; e++) {
            h.add(new EpochRecord(e + 1, 1.2, 0.4, 1.3 - 0.1 * e, valAccuracy[e], 1e-3, 50, 10));
        }
        return h;
    }

    private static TrainingHistory noValidation() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 1.2, 0.4, null, null, 1e-3, 50, 10));
        h.add(new EpochRecord(2, 1.1, 0.5, null, null, 1e-3, 50, 10));
        return h;
    }

    @Test
    void noLearningRateChartWhenTheOptimiserRecordedNone() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 1.4, 0.3, null, null, Double.NaN, 50, 10));
        h.add(new EpochRecord(2, 1.2, 0.4, null, null, Double.NaN, 50, 10));
        List<ChartImage> charts = ReportCharts.learningCurves(h);
        assertThat(charts).extracting(ChartImage::fileName).containsExactly("learning-loss.png", "learning-accuracy.png");
        charts.forEach(c -> ChartChecks.assertNotBlank(c.image(), c.fileName()));
        assertThat(LearningCurveText.sentences(h)).isEmpty();
    }

    @Test
    void lossTicksAreRoundedNotRawDoubles() {
        // Two epochs: XChart put a tick at each data value and printed it in full, 1.388715811570485.
        TrainingHistory two = new TrainingHistory();
        two.add(new EpochRecord(1, 1.388715811570485, 0.26, 1.3862943611198906, 0.25, 1e-4, 50, 10));
        two.add(new EpochRecord(2, 1.3801234567, 0.27, 1.3859876543, 0.25, 1e-4, 50, 10));
        TrainingHistory flat = new TrainingHistory();
        for (int e = 1; e <= 6; e++) {
            flat.add(new EpochRecord(e, 1.3863 - e * 1e-5, 0.25, 1.3862 + e * 1e-5, 0.25, 1e-4, 50, 10));
        }
        for (TrainingHistory h : List.of(two, flat, Fixtures.history())) {
            XYChart loss = ReportCharts.lossChart(h.epochs());
            assertThat(loss.getStyler().getYAxisDecimalPattern()).isEqualTo("0.0");
            assertThat(loss.getStyler().getXAxisDecimalPattern()).isEqualTo("0");
            ReportCharts.render(loss);
            List<String> y = ChartTicks.yLabels(loss);
            assertThat(y).as("loss ticks").isNotEmpty().doesNotHaveDuplicates()
                    .allSatisfy(t -> assertThat(t).matches("-?\\d+(\\.\\d{1,2})?"));
            assertThat(ChartTicks.xLabels(loss)).allSatisfy(t -> assertThat(t).matches("\\d+"));
        }
        XYChart accuracy = ReportCharts.accuracyChart(two.epochs());
        ReportCharts.render(accuracy);
        assertThat(ChartTicks.yLabels(accuracy)).isNotEmpty().allSatisfy(t -> assertThat(t).matches("\\d+%"));
    }

    @Test
    void tickPatternsHaveTheDecimalsTheirSpacingNeeds() {
        assertThat(ReportCharts.decimalPattern(0, 1.39)).isEqualTo("0.0");
        assertThat(ReportCharts.decimalPattern(0, 12)).isEqualTo("0");
        assertThat(ReportCharts.decimalPattern(0, 0.05)).isEqualTo("0.00");
        assertThat(ReportCharts.decimalPattern(1.38, 1.39)).isEqualTo("0.000");
        assertThat(ReportCharts.decimalPattern(1.39, 1.39)).isEqualTo("0.0");
    }

    @Test
    void oneEpochIsStatedInWordsNotDrawnAsALoneDot() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 1.388715811570485, 0.2617, 1.3862943611198906, 0.25, 1e-4, 210, 42));
        assertThat(ReportCharts.learningCurves(h)).isEmpty();
        assertThat(LearningCurveText.sentences(h)).containsExactly(
                "Only epoch 1 was recorded, so there is no curve to draw: training loss 1.389, validation loss 1.386;"
                        + " training accuracy 26.2%, validation accuracy 25.0% (epoch 1).",
                "Learning rate 1.0e-4.");
    }

    @Test
    void anUnchangedLearningRateIsStatedNotDrawnAsAFlatLine() {
        TrainingHistory h = new TrainingHistory();
        for (int e = 1; e <= 5; e++) {
            h.add(new EpochRecord(e, 1.2 - 0.1 * e, 0.4 + 0.05 * e, 1.1 - 0.05 * e, 0.45 + 0.04 * e, 1e-4, 50, 10));
        }
        assertThat(ReportCharts.learningCurves(h)).extracting(ChartImage::fileName)
                .containsExactly("learning-loss.png", "learning-accuracy.png");
        assertThat(LearningCurveText.sentences(h)).containsExactly("Learning rate 1.0e-4 throughout.");
    }

    @Test
    void aSteppedLearningRateIsDrawnWithItsRatesAsTicks() {
        List<ChartImage> charts = ReportCharts.learningCurves(Fixtures.history());
        assertThat(charts).extracting(ChartImage::fileName)
                .containsExactly("learning-loss.png", "learning-accuracy.png", "learning-rate.png");
        XYChart rate = ReportCharts.learningRateChart(Fixtures.history().epochs());
        ReportCharts.render(rate);
        assertThat(ChartTicks.yLabels(rate)).contains("1.0e-3", "3.0e-4");
        assertThat(LearningCurveText.sentences(Fixtures.history())).isEmpty();
    }

    @Test
    void theSplitChartNamesBothMeasuresOnItsAxisAndInItsLegend() {
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults().withResamples(50));
        EvaluationReport report = EvaluationReport.builder("m").split(evaluator.evaluate("TEST", Fixtures.random(200, 1, 2.0)))
                .split(evaluator.evaluate("TEST_SIMPLE", Fixtures.random(71, 2, 0.3))).build();
        XYChart chart = ReportCharts.splitComparisonChart(report);
        assertThat(chart.getYAxisTitle()).contains("Accuracy").contains("macro-F1");
        List<XYSeries> legend = chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).toList();
        assertThat(legend).extracting(XYSeries::getName)
                .containsExactly("accuracy (95% interval)", "macro-F1 (95% interval)");
        assertThat(legend.get(0).getMarker()).isNotEqualTo(legend.get(1).getMarker());
        ReportCharts.render(chart);
        assertThat(ChartTicks.yLabels(chart)).isNotEmpty().allSatisfy(t -> assertThat(t).matches("\\d\\.\\d"));
        assertThat(ChartTicks.xLabels(chart)).contains("TEST", "TEST_SIMPLE");
    }

    @Test
    void learningRatesArePrintedShort() {
        assertThat(Format.scientific(1e-4)).isEqualTo("1.0e-4");
        assertThat(Format.scientific(3e-4)).isEqualTo("3.0e-4");
        assertThat(Format.scientific(9.96e-4)).isEqualTo("1.0e-3");
        assertThat(Format.scientific(0.01)).isEqualTo("1.0e-2");
    }

    @Test
    void splitNamesBecomeFileNamesSafely() {
        assertThat(ReportCharts.slug("TEST_SIMPLE")).isEqualTo("TEST_SIMPLE");
        assertThat(ReportCharts.slug("fold 1/5")).isEqualTo("fold_1_5");
    }
}
