package io.github.wbczoo.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A held-out split a trained model is evaluated on, as its data source defines it for the split
 * the model trained on (BCCD: TEST and TEST_SIMPLE, or the pooled split's own test part), with
 * its image files in batch order so reports can name misclassified images.
 *
 * <p>Usage: {@code for (TestSet t : training.testSets()) evaluator.evaluate(model, List.of(EvaluationSplit.of(t)));}
 *
 * @param name    split name as reports show it, e.g. {@code TEST_SIMPLE}
 * @param batches fixed-order, never augmented batches for the trained model's data config
 * @param files   the images in batch order (empty when the source does not know them)
 * @param leaky   true when augmented copies of its cells may also be in the training part
 */
public record TestSet(String name, DataSetIterator batches, List<Path> files, boolean leaky) {
    public TestSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(batches, "batches");
        files = List.copyOf(files);
    }
}
