package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {

    @Test
    void tiedScoresCountOneHalfAndMoveTheCurveDiagonally() {
        // positives score 0.9, 0.8, 0.5; negatives 0.8, 0.7, 0.5: pairs won 3 + 2.5 + 0.5 = 6 of 9
        double[] scores = {0.9, 0.8, 0.8, 0.7, 0.5, 0.5};
        boolean[] positive = {true, true, false, false, true, false};
        RocCurve roc = RocCurve.of(BccdClasses.EOSINOPHIL, scores, positive);
        assertThat(roc.auc()).isCloseTo(6 / 9.0, within(1e-12));
        assertThat(roc.falsePositiveRates()).containsExactly(0, 0, 1 / 3.0, 2 / 3.0, 1);
        assertThat(roc.truePositiveRates()).containsExactly(0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1);
        assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.5);
    }

    @Test
    void rankingOfWeightedDrawsEqualsTheCurveOfTheRepeatedImagesBitForBit() {
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(40);
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            int[] weights = new int[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(6) / 5.0;          // many ties
                positive[i] = random.nextBoolean();
                weights[i] = random.nextInt(4);               // 0: not drawn
            }
            int total = java.util.Arrays.stream(weights).sum();
            double[] repeatedScores = new double[total];
            boolean[] repeatedPositive = new boolean[total];
            for (int i = 0, k = 0; i < n; i++) {
                for (int r = 0; r < weights[i]; r++, k++) {
                    repeatedScores[k] = scores[i];
                    repeatedPositive[k] = positive[i];
                }
            }
            Double expected = total == 0 ? null
                    : RocCurve.of(BccdClasses.NEUTROPHIL, repeatedScores, repeatedPositive).auc();
            assertThat(new RocCurve.Ranking(scores, positive).auc(weights)).as("trial %d", trial).isEqualTo(expected);
        }
    }

    @Test
    void allScoresEqualGiveTheChanceDiagonal() {
        RocCurve roc = RocCurve.of(BccdClasses.MONOCYTE, new double[] {0.3, 0.3, 0.3, 0.3}, new boolean[] {true, false, false, true});
        assertThat(roc.auc()).isCloseTo(0.5, within(1e-12));
        assertThat(roc.falsePositiveRates()).containsExactly(0, 1);
        assertThat(roc.truePositiveRates()).containsExactly(0, 1);
    }

    @Test
    void perfectAndInvertedRankings() {
        boolean[] positive = {true, true, false, false};
        assertThat(RocCurve.of(BccdClasses.LYMPHOCYTE, new double[] {0.9, 0.8, 0.2, 0.1}, positive).auc()).isEqualTo(1.0);
        assertThat(RocCurve.of(BccdClasses.LYMPHOCYTE, new double[] {0.1, 0.2, 0.8, 0.9}, positive).auc()).isEqualTo(0.0);
    }

    @Test
    void pointsOnAStraightSegmentAreDroppedWithoutChangingTheArea() {
        // three positives in a row above three negatives in a row: corners (0,0), (0,1), (1,1)
        RocCurve roc = RocCurve.of(BccdClasses.NEUTROPHIL, new double[] {0.9, 0.8, 0.7, 0.3, 0.2, 0.1},
                new boolean[] {true, true, true, false, false, false});
        assertThat(roc.falsePositiveRates()).containsExactly(0, 0, 1);
        assertThat(roc.truePositiveRates()).containsExactly(0, 1, 1);
        assertThat(roc.auc()).isEqualTo(1.0);
    }

    @Test
    void aClassAbsentFromTheLabelsHasNoCurveAndNoArea() {
        Predictions p = Fixtures.fromClasses(new int[] {0, 1, 3}, new int[] {0, 2, 3});
        RocCurve roc = RocCurve.oneVsRest(p, BccdClasses.MONOCYTE);
        assertThat(roc.isDefined()).isFalse();
        assertThat(roc.auc()).isNull();
        assertThat(roc.undefinedReason()).contains("no MONOCYTE image");
        assertThat(roc.falsePositiveRates()).isEmpty();

        RocAnalysis all = RocAnalysis.of(p);
        assertThat(all.excluded()).containsExactly(BccdClasses.MONOCYTE);
        double mean = (all.of(BccdClasses.EOSINOPHIL).auc() + all.of(BccdClasses.LYMPHOCYTE).auc()
                + all.of(BccdClasses.NEUTROPHIL).auc()) / 3;
        assertThat(all.macroAuc()).isCloseTo(mean, within(1e-12));
    }

    @Test
    void aSplitOfOneClassHasNoNegativesToTellApart() {
        RocCurve roc = RocCurve.oneVsRest(Fixtures.fromClasses(new int[] {2, 2}, new int[] {2, 1}), BccdClasses.MONOCYTE);
        assertThat(roc.auc()).isNull();
        assertThat(roc.undefinedReason()).contains("every image");
    }

    @Test
    void areaEqualsTheMannWhitneyPairCountWithManyTies() {
        Random r = new Random(3);
        int n = 400;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = r.nextDouble() < 0.3;
            scores[i] = Math.round((r.nextDouble() + (positive[i] ? 0.3 : 0)) * 10) / 10.0;   // ~14 distinct values
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(RocCurve.of(BccdClasses.EOSINOPHIL, scores, positive).auc()).isCloseTo(wins / pairs, within(1e-12));
    }
}
