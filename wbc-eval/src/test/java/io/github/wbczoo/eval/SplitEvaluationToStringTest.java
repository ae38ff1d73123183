package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SplitEvaluation#toString()} is the one-line summary examples print. */
class SplitEvaluationToStringTest {

    @Test
    void summarisesNameSizeAccuracyWithItsIntervalAndMacroF1() {
        // 3 of 4 right: the bootstrap interval (seed 42, 1,000 resamples) spans 1 to 4 right.
        Predictions p = Fixtures.fromClasses(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 2});

        SplitEvaluation e = new Evaluator().evaluate("TEST", p);

        assertThat(e).hasToString("TEST: n 4, accuracy 0.750 (95% CI 0.250–1.000), macro-F1 0.667");
    }

    @Test
    void marksAnExactIntervalAndALeakySplit() {
        // All right: the bootstrap cannot show uncertainty, so the interval is the exact binomial one,
        // lower bound (0.025)^(1/4) = 0.398.
        Predictions p = Fixtures.fromClasses(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});

        SplitEvaluation e = new Evaluator().evaluate("pooled test", p, true);

        assertThat(e).hasToString("pooled test: n 4, accuracy 1.000 (95% CI 0.398–1.000 exact), macro-F1 1.000, leaky");
    }
}
