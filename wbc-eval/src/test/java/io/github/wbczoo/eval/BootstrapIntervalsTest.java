package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BootstrapIntervalsTest {

    @Test
    void intervalsContainThePointEstimates() {
        Predictions p = Fixtures.random(500, 11, 1.5);
        BootstrapIntervals b = BootstrapIntervals.of(p, 1000, 42, 0.95);
        ClassificationMetrics m = ClassificationMetrics.of(ConfusionMatrix.of(p));
        assertThat(b.accuracy().contains(m.accuracy())).isTrue();
        assertThat(b.macroF1().contains(m.macro().f1())).isTrue();
        for (CellClass c : ClassSet.BCCD.classes()) {
            assertThat(b.recall(c).contains(m.of(c).recall())).as("recall of %s", c).isTrue();
        }
        assertThat(b.accuracy().resamples()).isEqualTo(1000);
        assertThat(b.accuracy().level()).isEqualTo(0.95);
    }

    @Test
    void intervalsShrinkWithMoreImagesAsTheBinomialLawSays() {
        BootstrapIntervals small = BootstrapIntervals.of(Fixtures.random(100, 5, 1.5), 1000, 42, 0.95);
        BootstrapIntervals large = BootstrapIntervals.of(Fixtures.random(2500, 5, 1.5), 1000, 42, 0.95);
        assertThat(large.accuracy().width()).isLessThan(small.accuracy().width() / 3);
        assertThat(large.macroF1().width()).isLessThan(small.macroF1().width() / 3);

        // the width of a 95% interval for a proportion is about 2 * 1.96 * sqrt(p (1 - p) / n)
        Predictions p = Fixtures.random(2500, 5, 1.5);
        double acc = ClassificationMetrics.of(ConfusionMatrix.of(p)).accuracy();
        double expected = 2 * 1.96 * Math.sqrt(acc * (1 - acc) / 2500);
        assertThat(large.accuracy().width()).isCloseTo(expected, within(0.2 * expected));
    }

    @Test
    void theSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() {
        Predictions p = Fixtures.random(300, 2, 1.0);
        BootstrapIntervals a = BootstrapIntervals.of(p, 500, 7, 0.95);
        BootstrapIntervals b = BootstrapIntervals.of(p, 500, 7, 0.95);
        BootstrapIntervals c = BootstrapIntervals.of(p, 500, 8, 0.95);
        assertThat(a.accuracy()).isEqualTo(b.accuracy());
        assertThat(a.macroF1()).isEqualTo(b.macroF1());
        assertThat(c.accuracy()).isNotEqualTo(a.accuracy());
    }

    @Test
    void aClassAbsentFromTheSplitHasNoRecallIntervalAndARareOneSkipsResamplesWithoutIt() {
        // 2 monocytes among 30 images (one right, one wrong): (28/30)^30 = 12.6% of resamples contain none
        int[] truth = new int[30];
        int[] predicted = new int[30];
        for (int i = 0; i < 30; i++) {
            truth[i] = i < 2 ? 2 : i % 2 == 0 ? 0 : 3;
            predicted[i] = i == 1 ? 3 : truth[i];
        }
        BootstrapIntervals b = BootstrapIntervals.of(Fixtures.fromClasses(truth, predicted), 1000, 1, 0.95);
        assertThat(b.recall(BccdClasses.LYMPHOCYTE)).isNull();
        assertThat(b.recall(BccdClasses.MONOCYTE).resamples()).isBetween(830, 920);
        assertThat(b.recall(BccdClasses.MONOCYTE).exact()).isFalse();
    }

    @Test
    void allOrNoneRightGetsTheExactBinomialIntervalInsteadOfAPoint() {
        // 6 lymphocytes, none found; 13 eosinophils, all found
        int[] truth = new int[19];
        int[] predicted = new int[19];
        for (int i = 0; i < 19; i++) {
            truth[i] = i < 6 ? 1 : 0;
            predicted[i] = i < 6 ? 3 : 0;
        }
        BootstrapIntervals b = BootstrapIntervals.of(Fixtures.fromClasses(truth, predicted), 1000, 1, 0.95);
        ConfidenceInterval none = b.recall(BccdClasses.LYMPHOCYTE);
        assertThat(none.exact()).isTrue();
        assertThat(none.lower()).isZero();
        assertThat(none.upper()).isCloseTo(0.4593, within(1e-4));   // Clopper-Pearson upper bound for 0 of 6
        ConfidenceInterval all = b.recall(BccdClasses.EOSINOPHIL);
        assertThat(all.lower()).isCloseTo(0.7529, within(1e-4));    // Clopper-Pearson lower bound for 13 of 13
        assertThat(all.upper()).isEqualTo(1.0);

        int[] right = {0, 1, 2, 3, 0, 1, 2, 3};
        ConfidenceInterval perfect = BootstrapIntervals.of(Fixtures.fromClasses(right, right), 200, 1, 0.95).accuracy();
        assertThat(perfect.exact()).isTrue();
        assertThat(perfect.lower()).isCloseTo(Math.pow(0.025, 1 / 8.0), within(1e-12));
        assertThat(Format.percentInterval(perfect)).endsWith("% exact");
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] samples = {5, 1, 4, 2, 3};   // sorted 1..5; np.percentile(x, 2.5) = 1.1, np.percentile(x, 97.5) = 4.9
        ConfidenceInterval ci = ConfidenceInterval.percentile(samples, 0.95);
        assertThat(ci.lower()).isCloseTo(1.1, within(1e-12));
        assertThat(ci.upper()).isCloseTo(4.9, within(1e-12));
    }

    @Test
    void overlapAndContainment() {
        ConfidenceInterval a = new ConfidenceInterval(0.80, 0.90, 0.95, 1000);
        assertThat(a.overlaps(new ConfidenceInterval(0.85, 0.95, 0.95, 1000))).isTrue();
        assertThat(a.overlaps(new ConfidenceInterval(0.90, 0.95, 0.95, 1000))).isTrue();
        assertThat(a.overlaps(new ConfidenceInterval(0.15, 0.36, 0.95, 1000))).isFalse();
        assertThat(a.contains(0.8)).isTrue();
        assertThat(a.contains(0.79)).isFalse();
    }
}
