package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class PredictionCollectorTest {
    private final WbcModel model = TinyModels.model(1);
    private final List<DataSet> examples = TinyModels.examples(10, 2);

    @Test
    void collectsTheModelsOutputAndTheLabelsOfEveryBatch() {
        Predictions p = PredictionCollector.collect(model, TinyModels.iterator(examples, 4), null);
        assertThat(p.size()).isEqualTo(10);
        INDArray expected = model.output(Nd4j.vstack(examples.stream().map(DataSet::getFeatures).toArray(INDArray[]::new)));
        for (int i = 0; i < 10; i++) {
            assertThat(p.trueClass(i).index()).isEqualTo(i % 4);
            assertThat(p.probabilities(i)).containsExactly(expected.getRow(i).toDoubleVector(), within(1e-6));
            assertThat(p.path(i)).isNull();
        }
    }

    @Test
    void takesPathsFromAnIteratorThatKnowsThem() {
        List<Path> paths = TinyModels.paths(10);
        Predictions p = PredictionCollector.collect(model, new TinyModels.PathReportingIterator(examples, 3, paths), null);
        for (int i = 0; i < 10; i++) {
            assertThat(p.path(i)).isEqualTo(paths.get(i));
        }
    }

    @Test
    void takesPathsFromAListInIterationOrder() {
        List<Path> paths = TinyModels.paths(10);
        Predictions p = PredictionCollector.collect(model, TinyModels.iterator(examples, 4), paths);
        assertThat(p.path(9)).isEqualTo(Path.of("cell-9.jpeg"));
    }

    @Test
    void aPathListOfTheWrongLengthIsAClearError() {
        assertThatThrownBy(() -> PredictionCollector.collect(model, TinyModels.iterator(examples, 4), TinyModels.paths(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gave 10 images but 9 image paths");
    }

    @Test
    void aModelOutputOfTheWrongShapeIsAClearError() {
        assertThatThrownBy(() -> PredictionCollector.collect(f -> Nd4j.ones(f.size(0), 3).div(3),
                TinyModels.iterator(examples, 4), null))
                .hasMessageContaining("Expected model output of shape [4, 4] (classes EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL), got [4, 3]");
    }

    @Test
    void evaluatorRunsTheModelOnEverySplitIntoOneReport() {
        model.history().add(new io.github.wbczoo.core.EpochRecord(1, 1.2, 0.4, 1.1, 0.45, 1e-3, 100, 1));
        EvaluationReport r = new Evaluator(EvaluationSettings.defaults().withResamples(100)).evaluate(model, List.of(
                EvaluationSplit.of("TEST", TinyModels.iterator(examples, 4)),
                EvaluationSplit.of("TEST_SIMPLE", TinyModels.iterator(TinyModels.examples(8, 3), 4)).asLeaky()));
        assertThat(r.model()).isEqualTo("tinySoftmax");
        assertThat(r.splits().keySet()).containsExactly("TEST", "TEST_SIMPLE");
        assertThat(r.split("TEST").n()).isEqualTo(10);
        assertThat(r.split("TEST_SIMPLE").leaky()).isTrue();
        assertThat(r.comparisons()).hasSize(1);
        assertThat(r.history().epochs()).hasSize(1);
        assertThat(r.modelFacts()).containsEntry("architecture", "tinySoftmax").containsEntry("trainable parameters", "52")
                .containsEntry("epochs trained", "1");
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("Leaky split: TEST_SIMPLE"));
        assertThat(r.leakyTraining()).isNull();
    }

    @Test
    void aModelTrainedOnALeakySplitGetsTheWarning() {
        model.recordTrainingSplit("BCCD pooled 80:10:10 (Rao)", true);
        EvaluationReport r = new Evaluator(EvaluationSettings.defaults().withResamples(50)).evaluate(model,
                List.of(EvaluationSplit.of("TEST", TinyModels.iterator(examples, 4))));
        assertThat(r.leakyTraining()).contains("BCCD pooled 80:10:10 (Rao)");
        assertThat(r.warnings().get(0)).startsWith("Leaky split: the model was trained on a leaky split");
    }
}
