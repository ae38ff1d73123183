package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassSetTest {
    @Test
    void bccdIsThePapersOrder() {
        assertThat(ClassSet.BCCD.names()).containsExactly("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL");
        assertThat(ClassSet.BCCD.get(2)).isEqualTo(BccdClasses.MONOCYTE).isEqualTo(new CellClass("MONOCYTE", 2));
        assertThat(ClassSet.BCCD.size()).isEqualTo(4);
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownNamesListTheValidOnes() {
        ClassSet five = ClassSet.of("Basophil", "Eosinophil", "Lymphocyte", "Monocyte", "Neutrophil");
        assertThat(five.get(" basophil ")).isEqualTo(new CellClass("Basophil", 0));
        assertThat(five.contains("NEUTROPHIL")).isTrue();
        assertThatThrownBy(() -> five.get("platelet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown class 'platelet'; expected one of Basophil, Eosinophil, Lymphocyte, Monocyte, Neutrophil");
        assertThatThrownBy(() -> five.get(5)).hasMessage("Class index 5 is out of range 0..4 (classes Basophil, Eosinophil,"
                + " Lymphocyte, Monocyte, Neutrophil)");
    }

    @Test
    void aSetHasAtLeastTwoDistinctNonBlankNames() {
        assertThatThrownBy(() -> ClassSet.of("EOSINOPHIL")).hasMessage("A classifier needs at least two classes, got [EOSINOPHIL]");
        assertThatThrownBy(() -> ClassSet.of("a", "B", "b")).hasMessage("Class 'b' is given twice (names are compared ignoring"
                + " case): [a, B, b]");
        assertThatThrownBy(() -> ClassSet.of("a", " ")).hasMessage("Class names must not be blank, got ' ' at position 2");
    }

    @Test
    void equalSetsHaveEqualNamesInOrderAndJsonIsTheNameList() throws Exception {
        assertThat(ClassSet.of(List.of("A", "B"))).isEqualTo(ClassSet.of("A", "B")).isNotEqualTo(ClassSet.of("B", "A"));
        assertThat(Json.write(ClassSet.of("A", "B")).replaceAll("\\s", "")).isEqualTo("[\"A\",\"B\"]");
        assertThat(Json.mapper().readValue("[\"A\",\"B\"]", ClassSet.class)).isEqualTo(ClassSet.of("A", "B"));
    }

    @Test
    void predictionPicksTheMostProbableClassAndAnswersByName() {
        Prediction p = Prediction.of(new float[] {0.1f, 0.2f, 0.6f, 0.1f}, ClassSet.BCCD);
        assertThat(p.predicted()).isEqualTo(BccdClasses.MONOCYTE);
        assertThat(p.confidence()).isEqualTo(0.6f);
        assertThat(p.probability("lymphocyte")).isEqualTo(0.2f);
        Prediction three = Prediction.of(new float[] {0.7f, 0.2f, 0.1f}, ClassSet.of("X", "Y", "Z"));
        assertThat(three).hasToString("X (X 0.700, Y 0.200, Z 0.100)");
        assertThatThrownBy(() -> Prediction.of(new float[] {0.5f, 0.5f}, ClassSet.BCCD))
                .hasMessage("Expected 4 probabilities (classes EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL), got 2");
    }
}
