package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PredictionsTest {

    @Test
    void predictedClassIsTheMostProbableAndTheFirstWinsATie() {
        Predictions p = Predictions.of(new int[] {1, 0}, new double[][] {{0.1, 0.6, 0.2, 0.1}, {0.4, 0.1, 0.4, 0.1}});
        assertThat(p.predictedClass(0)).isEqualTo(BccdClasses.LYMPHOCYTE);
        assertThat(p.confidence(0)).isEqualTo(0.6);
        assertThat(p.predictedClass(1)).isEqualTo(BccdClasses.EOSINOPHIL);
        assertThat(p.path(0)).isNull();
    }

    @Test
    void wrongShapesNameExpectedAndActual() {
        assertThatThrownBy(() -> Predictions.of(new int[] {0, 1}, new double[][] {{1, 0, 0, 0}}))
                .hasMessageContaining("2 labels but 1 probability rows");
        assertThatThrownBy(() -> Predictions.of(new int[] {0}, new double[][] {{0.5, 0.5, 0}}))
                .hasMessageContaining("has 3 values; expected 4");
        assertThatThrownBy(() -> Predictions.of(new int[] {0}, new double[][] {{1, 0, 0, 0}}, List.of(Path.of("a"), Path.of("b"))))
                .hasMessageContaining("1 labels but 2 paths");
        assertThatThrownBy(() -> Predictions.of(new int[] {4}, new double[][] {{1, 0, 0, 0}}))
                .hasMessageContaining("class index 4; expected 0..3");
        assertThatThrownBy(() -> Predictions.of(Nd4j.zeros(3, 4), Nd4j.zeros(3, 5), null))
                .hasMessageContaining("Expected probabilities of shape [n, 4] (classes EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL), got [3, 5]");
        assertThatThrownBy(() -> Predictions.of(Nd4j.zeros(2, 3), Nd4j.ones(3, 4).div(4), null))
                .hasMessageContaining("Expected labels of shape [3, 4] (one-hot) or [3] (class indices), got [2, 3]");
    }

    @Test
    void logitsAreRejectedWithAHint() {
        assertThatThrownBy(() -> Predictions.of(new int[] {0}, new double[][] {{2.0, -1.0, 0.5, 0.1}}))
                .hasMessageContaining("outside [0, 1]").hasMessageContaining("softmax");
        assertThatThrownBy(() -> Predictions.of(new int[] {0}, new double[][] {{0.5, 0.5, 0.5, 0.5}}))
                .hasMessageContaining("sums to 2.0");
    }

    @Test
    void readsOneHotOrIndexLabelsFromNd4j() {
        double[][] probs = {{0.7, 0.1, 0.1, 0.1}, {0.1, 0.1, 0.1, 0.7}};
        Predictions fromOneHot = Predictions.of(Nd4j.createFromArray(new double[][] {{1, 0, 0, 0}, {0, 0, 1, 0}}),
                Nd4j.createFromArray(probs), List.of(Path.of("a.jpeg"), Path.of("b.jpeg")));
        Predictions fromIndices = Predictions.of(Nd4j.createFromArray(new double[] {0, 2}), Nd4j.createFromArray(probs), null);
        assertThat(fromOneHot.trueClassIndices()).containsExactly(0, 2);
        assertThat(fromIndices.trueClassIndices()).containsExactly(0, 2);
        assertThat(fromOneHot.path(1)).isEqualTo(Path.of("b.jpeg"));
        assertThat(fromOneHot.probabilities(1)).containsExactly(probs[1]);
    }

    @Test
    void holdsCopiesNotTheCallersArrays() {
        int[] truth = {0};
        double[][] rows = {{0.7, 0.1, 0.1, 0.1}};
        Predictions p = Predictions.of(truth, rows);
        truth[0] = 3;
        rows[0][0] = 0.0;
        assertThat(p.trueClass(0)).isEqualTo(BccdClasses.EOSINOPHIL);
        assertThat(p.probability(0, BccdClasses.EOSINOPHIL)).isEqualTo(0.7);
    }
}
