package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SplitComparisonTest {
    private final Evaluator evaluator = new Evaluator(EvaluationSettings.defaults().withResamples(500));

    @Test
    void aLargeGapHasIntervalsThatDoNotOverlap() {
        SplitEvaluation test = evaluator.evaluate("TEST", Fixtures.random(2487, 1, 3.0));
        SplitEvaluation simple = evaluator.evaluate("TEST_SIMPLE", Fixtures.random(71, 2, -0.5, Fixtures.TEST_SIMPLE_SHARES));
        SplitComparison c = SplitComparison.of(test, simple);
        ComparedMetric acc = c.accuracy();
        assertThat(acc.first()).isEqualTo(test.metrics().accuracy());
        assertThat(acc.second()).isEqualTo(simple.metrics().accuracy());
        assertThat(acc.difference()).isCloseTo(acc.first() - acc.second(), within(1e-15));
        assertThat(acc.difference()).isGreaterThan(0.5);
        assertThat(acc.intervalsOverlap()).isFalse();
        assertThat(acc.differenceInterval().contains(acc.difference())).isTrue();
        assertThat(acc.differenceInterval().lower()).isGreaterThan(0);
        String points = String.format(java.util.Locale.ROOT, "%.1f", 100 * acc.difference());
        assertThat(c.summary()).contains("on TEST (95% CI")
                .contains("TEST is " + points + " points higher than TEST_SIMPLE")
                .contains("do not overlap").contains("Chen & Zhu also found TEST higher than TEST_SIMPLE")
                .contains("85.7% vs 25.4%");
        assertThat(c.metrics()).extracting(ComparedMetric::metric)
                .containsExactly("accuracy", "macroF1", "balancedAccuracy", "kappa", "macroAuroc");
        assertThat(c.metrics().get(2).intervalsOverlap()).isNull();
    }

    @Test
    void twoDrawsOfTheSameModelAreNotCalledDifferent() {
        SplitEvaluation a = evaluator.evaluate("A", Fixtures.random(300, 3, 1.0));
        SplitEvaluation b = evaluator.evaluate("B", Fixtures.random(300, 4, 1.0));
        SplitComparison c = SplitComparison.of(a, b);
        assertThat(c.accuracy().intervalsOverlap()).isTrue();
        assertThat(c.accuracy().differenceInterval().contains(0)).isTrue();
        assertThat(c.summary()).contains("may be chance").doesNotContain("Chen & Zhu");
    }

    @Test
    void aGapMadeByTheClassMixIsExplainedByBalancedAccuracy() {
        // a model that always answers LYMPHOCYTE: 25% on a balanced split, 6/71 on TEST_SIMPLE's mix, 25% balanced on both
        int[] balanced = new int[400];
        for (int i = 0; i < balanced.length; i++) {
            balanced[i] = i % 4;
        }
        int[] simple = new int[71];
        for (int i = 0; i < 71; i++) {
            simple[i] = i < 13 ? 0 : i < 19 ? 1 : i < 23 ? 2 : 3;
        }
        SplitComparison c = SplitComparison.of(
                evaluator.evaluate("TEST", Fixtures.fromClasses(balanced, new int[400])),
                evaluator.evaluate("TEST_SIMPLE", Fixtures.fromClasses(simple, new int[71])));
        assertThat(c.summary()).contains("differs by only 0.0 points (25.0% vs 25.0%)").contains("class mix");

        SplitComparison real = SplitComparison.of(evaluator.evaluate("TEST", Fixtures.random(2487, 1, 3.0)),
                evaluator.evaluate("TEST_SIMPLE", Fixtures.random(71, 2, -0.5, Fixtures.TEST_SIMPLE_SHARES)));
        assertThat(real.summary()).doesNotContain("differs by only");
    }

    @Test
    void aTestSimpleAboveTestIsSaidSoAndNotCalledChenAndZhusPattern() {
        // the opposite of the paper: poor on TEST, good on TEST_SIMPLE
        SplitEvaluation test = evaluator.evaluate("TEST", Fixtures.random(600, 1, 0.3));
        SplitEvaluation simple = evaluator.evaluate("TEST_SIMPLE", Fixtures.random(71, 2, 3.0, Fixtures.TEST_SIMPLE_SHARES));
        SplitComparison c = SplitComparison.of(test, simple);
        assertThat(c.accuracy().difference()).isLessThan(-0.3);
        assertThat(c.accuracy().differenceInterval().contains(0)).isFalse();
        String points = String.format(java.util.Locale.ROOT, "%.1f", -100 * c.accuracy().difference());
        assertThat(c.summary()).contains("TEST_SIMPLE is " + points + " points higher than TEST")
                .contains("TEST holds augmented, class-balanced images")
                .doesNotContain("Chen & Zhu").doesNotContain("85.7%").doesNotContain("lower on TEST_SIMPLE");
    }

    @Test
    void thePapersPatternIsRecognisedWhicheverSplitComesFirst() {
        SplitEvaluation test = evaluator.evaluate("TEST", Fixtures.random(600, 1, 3.0));
        SplitEvaluation simple = evaluator.evaluate("TEST_SIMPLE", Fixtures.random(71, 2, -0.5, Fixtures.TEST_SIMPLE_SHARES));
        SplitComparison reversed = SplitComparison.of(simple, test);
        String points = String.format(java.util.Locale.ROOT, "%.1f", -100 * reversed.accuracy().difference());
        assertThat(reversed.summary()).contains("TEST is " + points + " points higher than TEST_SIMPLE")
                .contains("Chen & Zhu also found TEST higher");
    }

    @Test
    void equalAccuracyIsCalledTheSame() {
        Predictions p = Fixtures.random(200, 5, 1.0);
        SplitComparison c = SplitComparison.of(evaluator.evaluate("A", p), evaluator.evaluate("B", p));
        assertThat(c.summary()).contains("the same on both").doesNotContain("higher");
    }

    @Test
    void aSplitCannotBeComparedWithItself() {
        SplitEvaluation a = evaluator.evaluate("TEST", Fixtures.random(50, 3, 1.0));
        assertThatThrownBy(() -> SplitComparison.of(a, a)).hasMessageContaining("with itself");
    }
}
