package io.github.wbczoo.eval;

import io.github.wbczoo.core.BatchImagePaths;
import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A split to evaluate a model on: its name, its batches, optionally the image file of each example
 * (else taken from the iterator when it implements {@link BatchImagePaths}), and whether it is
 * leaky (may hold augmented copies of training images).
 *
 * <p>Usage: {@code EvaluationSplit.of("TEST_SIMPLE", iterator)}, {@code EvaluationSplit.of("TEST", it).asLeaky()},
 * {@code run.testSets().stream().map(EvaluationSplit::of).toList()}
 *
 * @param name       the split's name, e.g. {@code TEST}
 * @param batches    labelled batches, preprocessed for the model
 * @param imagePaths the image of each example in iteration order, or null
 * @param leaky      true when the split may hold augmented copies of training images
 */
public record EvaluationSplit(String name, DataSetIterator batches, List<Path> imagePaths, boolean leaky) {

    public EvaluationSplit {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A split needs a name, e.g. TEST or TEST_SIMPLE");
        }
        Objects.requireNonNull(batches, "batches");
        imagePaths = imagePaths == null ? null : Collections.unmodifiableList(new ArrayList<>(imagePaths));
    }

    /** A split that is not leaky, with paths from the iterator if it has them. */
    public static EvaluationSplit of(String name, DataSetIterator batches) {
        return new EvaluationSplit(name, batches, null, false);
    }

    /** A held-out split as its data source made it, with its image files and leakiness. */
    public static EvaluationSplit of(TestSet test) {
        return new EvaluationSplit(test.name(), test.batches(), test.files().isEmpty() ? null : test.files(), test.leaky());
    }

    /** The validation part of a training run ({@code validation}), with its files when the source knows them. */
    public static EvaluationSplit validation(TrainingData data) {
        return new EvaluationSplit("validation", data.validation(),
                data.validationFiles().isEmpty() ? null : data.validationFiles(), data.leaky());
    }

    /** The validation part and then every held-out split of a training run, as reports list them. */
    public static List<EvaluationSplit> allOf(TrainingData data) {
        List<EvaluationSplit> all = new ArrayList<>();
        all.add(validation(data));
        data.testSets().forEach(t -> all.add(of(t)));
        return all;
    }

    /** The same split, flagged leaky. */
    public EvaluationSplit asLeaky() {
        return new EvaluationSplit(name, batches, imagePaths, true);
    }

    /** The same split with the image of each example, in iteration order. */
    public EvaluationSplit withImagePaths(List<Path> paths) {
        return new EvaluationSplit(name, batches, paths, leaky);
    }
}
