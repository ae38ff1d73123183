package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import java.text.DecimalFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void noLearningRateChartWhenTheOptimiserRecordedNone() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochRecord(1, 1.4, 0.3, null, null, Double.NaN, 50, 10));
        h.add(new EpochRecord(2, 1.2, 0.4, null, null, Double.NaN, 50, 10));
        List<ChartImage> charts = ReportCharts.learningCurves(h);
        assertThat(charts).extracting(ChartImage::fileName).containsExactly("learning-loss.png", "learning-accuracy.png");
        charts.forEach(c -> ChartChecks.assertNotBlank(c.image(), c.fileName()));
    }

    @Test
    void splitNamesBecomeFileNamesSafely() {
        assertThat(ReportCharts.slug("TEST_SIMPLE")).isEqualTo("TEST_SIMPLE");
        assertThat(ReportCharts.slug("fold 1/5")).isEqualTo("fold_1_5");
    }
}
