package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import static io.github.wbczoo.core.BccdClasses.EOSINOPHIL;
import static io.github.wbczoo.core.BccdClasses.LYMPHOCYTE;
import static io.github.wbczoo.core.BccdClasses.MONOCYTE;
import static io.github.wbczoo.core.BccdClasses.NEUTROPHIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hand-computed values (also checked against scikit-learn 1.x with zero_division=0). */
class ClassificationMetricsTest {
    private static final Offset<Double> EXACT = within(1e-12);

    // true:      E E E L L L M M N N
    // predicted: E E L L L N L N N E   -> MONOCYTE is never predicted
    private static final int[] TRUTH = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3};
    private static final int[] PREDICTED = {0, 0, 1, 1, 1, 3, 1, 3, 3, 0};

    @Test
    void confusionMatrixCountsTruthAgainstPrediction() {
        ConfusionMatrix m = ConfusionMatrix.of(Fixtures.fromClasses(TRUTH, PREDICTED));
        assertThat(m.counts()).isEqualTo(new long[][] {{2, 1, 0, 0}, {0, 2, 0, 1}, {0, 1, 0, 1}, {1, 0, 0, 1}});
        assertThat(m.support(EOSINOPHIL)).isEqualTo(3);
        assertThat(m.predictedCount(LYMPHOCYTE)).isEqualTo(4);
        assertThat(m.predictedCount(MONOCYTE)).isZero();
        assertThat(m.total()).isEqualTo(10);
        assertThat(m.correct()).isEqualTo(5);
        double[][] rows = m.rowNormalised();
        assertThat(rows[0]).containsExactly(2 / 3.0, 1 / 3.0, 0, 0);
        assertThat(rows[2]).containsExactly(0, 0.5, 0, 0.5);
    }

    @Test
    void aClassWithNoImagesHasARowOfNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0});
        assertThat(m.rowNormalised()[MONOCYTE.index()]).containsOnly(Double.NaN);
    }

    @Test
    void neverPredictedClassHasUndefinedPrecisionAndCountsAsZeroInMacroAverages() {
        ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(Fixtures.fromClasses(TRUTH, PREDICTED)));
        assertThat(m.accuracy()).isCloseTo(0.5, EXACT);

        assertThat(m.of(EOSINOPHIL).precision()).isCloseTo(2 / 3.0, EXACT);
        assertThat(m.of(LYMPHOCYTE).precision()).isCloseTo(0.5, EXACT);
        assertThat(m.of(MONOCYTE).precision()).isNull();
        assertThat(m.of(NEUTROPHIL).precision()).isCloseTo(1 / 3.0, EXACT);

        assertThat(m.of(EOSINOPHIL).recall()).isCloseTo(2 / 3.0, EXACT);
        assertThat(m.of(LYMPHOCYTE).recall()).isCloseTo(2 / 3.0, EXACT);
        assertThat(m.of(MONOCYTE).recall()).isCloseTo(0.0, EXACT);
        assertThat(m.of(NEUTROPHIL).recall()).isCloseTo(0.5, EXACT);

        assertThat(m.of(EOSINOPHIL).f1()).isCloseTo(4 / 6.0, EXACT);
        assertThat(m.of(LYMPHOCYTE).f1()).isCloseTo(4 / 7.0, EXACT);
        assertThat(m.of(MONOCYTE).f1()).isCloseTo(0.0, EXACT);
        assertThat(m.of(NEUTROPHIL).f1()).isCloseTo(0.4, EXACT);
        assertThat(m.of(MONOCYTE).support()).isEqualTo(2);
        assertThat(m.of(MONOCYTE).predicted()).isZero();

        assertThat(m.macro().precision()).isCloseTo(0.375, EXACT);
        assertThat(m.macro().recall()).isCloseTo(0.4583333333333333, EXACT);
        assertThat(m.macro().f1()).isCloseTo(0.4095238095238095, EXACT);
        assertThat(m.weighted().precision()).isCloseTo(0.4166666666666667, EXACT);
        assertThat(m.weighted().recall()).isCloseTo(0.5, EXACT);
        assertThat(m.weighted().f1()).isCloseTo(0.4514285714285714, EXACT);
        assertThat(m.balancedAccuracy()).isCloseTo(0.4583333333333333, EXACT);
        // p_o = 0.5, p_e = (3*3 + 3*4 + 2*0 + 2*3) / 100 = 0.27
        assertThat(m.kappa()).isCloseTo((0.5 - 0.27) / 0.73, EXACT);
    }

    @Test
    void classAbsentFromLabelsHasUndefinedRecallAndIsLeftOutOfBalancedAccuracy() {
        // true: E E L L N N (no monocyte); predicted: E M L L N E
        ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(
                new int[] {0, 0, 1, 1, 3, 3}, new int[] {0, 2, 1, 1, 3, 0}));
        assertThat(m.of(MONOCYTE).recall()).isNull();
        assertThat(m.of(MONOCYTE).precision()).isCloseTo(0.0, EXACT);
        assertThat(m.of(MONOCYTE).f1()).isCloseTo(0.0, EXACT);
        assertThat(m.of(MONOCYTE).support()).isZero();
        assertThat(m.balancedAccuracy()).isCloseTo(2 / 3.0, EXACT);
        assertThat(m.macro().precision()).isCloseTo(0.625, EXACT);
        assertThat(m.macro().recall()).isCloseTo(0.5, EXACT);
        assertThat(m.macro().f1()).isCloseTo(0.5416666666666666, EXACT);
        assertThat(m.weighted().precision()).isCloseTo(5 / 6.0, EXACT);
        assertThat(m.weighted().recall()).isCloseTo(4 / 6.0, EXACT);
        assertThat(m.weighted().f1()).isCloseTo(0.7222222222222222, EXACT);
    }

    @Test
    void classesInNeitherLabelsNorPredictionsAreLeftOutOfMacroAverages() {
        // only eosinophils and lymphocytes occur
        ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(new int[] {0, 1, 0, 1}, new int[] {0, 1, 1, 1}));
        assertThat(m.of(MONOCYTE).f1()).isNull();
        assertThat(m.of(MONOCYTE).occurs()).isFalse();
        assertThat(m.macro().precision()).isCloseTo(0.8333333333333333, EXACT);
        assertThat(m.macro().recall()).isCloseTo(0.75, EXACT);
        assertThat(m.macro().f1()).isCloseTo(0.7333333333333334, EXACT);
        assertThat(m.kappa()).isCloseTo(0.5, EXACT);
    }

    @Test
    void kappaIsUndefinedWhenLabelsAndPredictionsAreAllOneClass() {
        ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(new int[] {3, 3, 3}, new int[] {3, 3, 3}));
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.kappa()).isNull();
    }

    @Test
    void perfectPredictionsScoreOneEverywhere() {
        int[] all = {0, 1, 2, 3, 0, 1, 2, 3};
        ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(all, all));
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.kappa()).isCloseTo(1.0, EXACT);
        assertThat(m.macro().f1()).isCloseTo(1.0, EXACT);
        assertThat(m.balancedAccuracy()).isCloseTo(1.0, EXACT);
    }

    @Test
    void emptySplitIsRejected() {
        assertThatThrownBy(() -> ClassificationMetrics.of(ConfusionMatrix.of(new int[0], new int[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty split");
    }

    @Test
    void mismatchedLengthsNameBothSizes() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[3], new int[2]))
                .hasMessageContaining("3 labels but 2 predictions");
    }
}
