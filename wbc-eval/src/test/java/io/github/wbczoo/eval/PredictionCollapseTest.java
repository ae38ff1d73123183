package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PredictionCollapseTest {

    @Test
    void oneAnswerForEveryImageIsACollapse() {
        int[] truth = {0, 1, 2, 3, 0, 1, 2, 3};
        int[] allNeutrophil = {3, 3, 3, 3, 3, 3, 3, 3};
        PredictionCollapse c = PredictionCollapse.detect(ConfusionMatrix.of(truth, allNeutrophil), 0.95).orElseThrow();
        assertThat(c.dominant()).isEqualTo(BccdClasses.NEUTROPHIL);
        assertThat(c.predictedShare()).isEqualTo(1.0);
        assertThat(c.trueShare()).isEqualTo(0.25);
        assertThat(c.message()).contains("100.0% of the images NEUTROPHIL").contains("25.0%").contains("learning rate");
    }

    @Test
    void alwaysNeutrophilOnTestSimpleIsACollapseThoughAccuracyIs68Percent() {
        int[] truth = new int[71];
        for (int i = 0; i < 71; i++) {
            truth[i] = i < 13 ? 0 : i < 19 ? 1 : i < 23 ? 2 : 3;
        }
        int[] predicted = new int[71];
        java.util.Arrays.fill(predicted, 3);
        ConfusionMatrix m = ConfusionMatrix.of(truth, predicted);
        assertThat(ClassificationMetrics.of(m).accuracy()).isCloseTo(48 / 71.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(PredictionCollapse.detect(m, 0.95)).isPresent();
    }

    @Test
    void aSplitThatIsItselfOneClassIsNotACollapse() {
        assertThat(PredictionCollapse.detect(ConfusionMatrix.of(new int[] {2, 2, 2}, new int[] {2, 2, 2}), 0.95)).isEmpty();
    }

    @Test
    void variedPredictionsAreNotACollapse() {
        int[] truth = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1};
        int[] mostlyNeutrophil = {3, 3, 3, 3, 3, 3, 3, 3, 3, 0};   // 90% < 95%
        assertThat(PredictionCollapse.detect(ConfusionMatrix.of(truth, mostlyNeutrophil), 0.95)).isEmpty();
        assertThat(PredictionCollapse.detect(ConfusionMatrix.of(truth, mostlyNeutrophil), 0.9)).isPresent();
    }
}
