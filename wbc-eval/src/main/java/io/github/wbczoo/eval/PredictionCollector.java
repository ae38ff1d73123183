package io.github.wbczoo.eval;

import io.github.wbczoo.core.BatchImagePaths;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.BatchRecycling;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Runs a model over every batch of a DL4J iterator and collects its {@link Predictions}: true
 * labels from the batches' one-hot labels, probabilities from the model, and image paths from
 * the iterator (when it implements {@link BatchImagePaths}) or from a list in iteration order.
 *
 * <p>Usage: {@code Predictions p = PredictionCollector.collect(model, testIterator, null);}
 */
public final class PredictionCollector {

    /** Anything that turns a batch of inputs into class probabilities [batch, 4]. */
    @FunctionalInterface
    public interface Classifier {
        INDArray probabilities(INDArray features);
    }

    private PredictionCollector() {
    }

    /**
     * Predicts every batch with {@code model} (in inference mode).
     *
     * @param paths the image of each example in iteration order, or null to take them from the
     *              iterator when it implements {@link BatchImagePaths} (else no paths)
     */
    public static Predictions collect(WbcModel model, DataSetIterator batches, List<Path> paths) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(batches, "batches");
        List<String> dataClasses = labelNames(batches);
        if (dataClasses != null && !dataClasses.equals(model.classes().names())) {
            throw new IllegalArgumentException("The model " + model.architecture() + " tells apart " + model.classes()
                    + " but the data's classes are " + String.join(", ", dataClasses) + ": evaluate it on data with the"
                    + " model's classes, or fine-tune it to the data's (FineTune.of(model), ./wbc train --from FILE)");
        }
        return collect(model.classes(), model::output, batches, paths);
    }

    /** As {@link #collect(WbcModel, DataSetIterator, List)} for any classifier of BCCD's four classes. */
    public static Predictions collect(Classifier classifier, DataSetIterator batches, List<Path> paths) {
        return collect(ClassSet.BCCD, classifier, batches, paths);
    }

    /** As {@link #collect(WbcModel, DataSetIterator, List)} for any classifier of these classes. */
    public static Predictions collect(ClassSet classes, Classifier classifier, DataSetIterator batches, List<Path> paths) {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(batches, "batches");
        if (batches.resetSupported()) {
            batches.reset();
        }
        boolean pathsFromIterator = paths == null && batches instanceof BatchImagePaths;
        Predictions.Builder out = Predictions.builder(classes);
        List<String> groups = new java.util.ArrayList<>();
        boolean anyGroup = false;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray labels = batch.getLabels();
            INDArray probabilities = classifier.probabilities(batch.getFeatures());
            long rows = batch.getFeatures().size(0);
            checkShape("labels", labels, rows, classes);
            checkShape("model output", probabilities, rows, classes);
            double[][] labelRows = labels.toDoubleMatrix();
            double[][] probabilityRows = probabilities.toDoubleMatrix();
            List<Path> batchPaths = pathsFromIterator ? ((BatchImagePaths) batches).lastBatchPaths() : null;
            List<String> batchGroups = batches instanceof BatchImagePaths b ? b.lastBatchGroups() : null;
            anyGroup |= batchGroups != null;
            if (batchPaths != null && batchPaths.size() != rows) {
                throw new IllegalStateException("The iterator returned a batch of " + rows + " images but "
                        + batchPaths.size() + " image paths for it");
            }
            for (int i = 0; i < rows; i++) {
                int k = out.size();
                Path path = batchPaths != null ? batchPaths.get(i) : paths != null && k < paths.size() ? paths.get(k) : null;
                int label = Predictions.argMax(labelRows[i]);
                if (labelRows[i][label] != 1.0) {
                    throw new IllegalArgumentException("Label row " + k + " is not one-hot: " + Arrays.toString(labelRows[i]));
                }
                out.add(classes.get(label), probabilityRows[i], path);
                groups.add(batchGroups == null ? null : batchGroups.get(i));
            }
            BatchRecycling.recycle(batches, batch); // read into rows above: its memory can hold a later batch
        }
        if (out.size() == 0) {
            throw new IllegalArgumentException("The iterator gave no images to evaluate");
        }
        if (paths != null && paths.size() != out.size()) {
            throw new IllegalArgumentException("The iterator gave " + out.size() + " images but " + paths.size()
                    + " image paths were given; they must line up in iteration order");
        }
        // copies of one source cell (or one patient's images) are resampled together by the intervals
        return anyGroup ? out.build().withGroups(groups) : out.build();
    }

    /** The iterator's class names, or null when it does not say. */
    private static List<String> labelNames(DataSetIterator batches) {
        try {
            List<String> names = batches.getLabels();
            return names == null || names.isEmpty() ? null : names;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static void checkShape(String what, INDArray array, long rows, ClassSet classes) {
        if (array == null || array.rank() != 2 || array.size(0) != rows || array.size(1) != classes.size()) {
            throw new IllegalArgumentException("Expected " + what + " of shape [" + rows + ", " + classes.size() + "] (classes "
                    + classes + "), got "
                    + (array == null ? "none" : Arrays.toString(array.shape())));
        }
    }
}
