package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@link Prediction#toString()} names the class and every probability, not the array's identity. */
class PredictionToStringTest {

    @Test
    void printsThePredictedClassThenEveryProbabilityInClassOrder() {
        Prediction p = Prediction.of(new float[] {0.012f, 0.031f, 0.045f, 0.912f}, ClassSet.BCCD);

        assertThat(p).hasToString("NEUTROPHIL (EOSINOPHIL 0.012, LYMPHOCYTE 0.031, MONOCYTE 0.045, NEUTROPHIL 0.912)");
    }

    @Test
    void roundsToThreeDecimalsWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // would print 0,500 with locale-dependent formatting
            Prediction p = Prediction.of(new float[] {0.5f, 0.25f, 0.12345f, 0.12655f}, ClassSet.BCCD);

            assertThat(p).hasToString("EOSINOPHIL (EOSINOPHIL 0.500, LYMPHOCYTE 0.250, MONOCYTE 0.123, NEUTROPHIL 0.127)");
        } finally {
            Locale.setDefault(before);
        }
    }
}
