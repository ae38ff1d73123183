package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WbcClassTest {
    @Test
    void orderIsThePapersOrder() {
        assertThat(WbcClass.names()).containsExactly("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL");
        assertThat(WbcClass.ofIndex(2)).isEqualTo(WbcClass.MONOCYTE);
        assertThat(WbcClass.COUNT).isEqualTo(4);
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownNamesListTheValidOnes() {
        assertThat(WbcClass.fromName(" neutrophil ")).isEqualTo(WbcClass.NEUTROPHIL);
        assertThatThrownBy(() -> WbcClass.fromName("BASOPHIL"))
                .hasMessage("Unknown white blood cell class 'BASOPHIL'; expected one of EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL");
    }

    @Test
    void predictionPicksTheMostProbableClass() {
        Prediction p = Prediction.of(new float[] {0.1f, 0.2f, 0.6f, 0.1f});
        assertThat(p.predicted()).isEqualTo(WbcClass.MONOCYTE);
        assertThat(p.confidence()).isEqualTo(0.6f);
    }
}
