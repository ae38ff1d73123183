package io.github.wbczoo.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What a data source makes for one model's training run: training and validation batches ready
 * for DL4J, the data config they were made for, and the held-out splits the trained model is
 * evaluated on. The config's normalisation statistics are fitted on the training images, so a
 * model that stores this config normalises new images exactly as it was trained.
 *
 * <p>Usage: {@code TrainingData d = source.trainingData(builder.dataRequest()); d.testSets().forEach(t -> ...);}
 * (the zoo's {@code ModelBuilder.prepare(source, options)} does this for you)
 *
 * @param train           shuffled (fresh order each epoch) and augmented training batches
 * @param validation      validation batches, never augmented, fixed order
 * @param dataConfig      the request's config with fitted normalisation statistics
 * @param leaky           true when the split lets augmented copies of one cell appear on both sides
 * @param description     one line for logs and reports, e.g. {@code BCCD TRAIN 7966 / validation 1991 (20% of TRAIN)}
 * @param validationFiles the validation images in batch order (empty when the source does not know them)
 * @param testSets        the held-out splits for a model trained on this split, in report order (may be empty)
 * @param classes         the classes of the one-hot label columns
 */
public record TrainingData(DataSetIterator train, DataSetIterator validation, DataConfig dataConfig, boolean leaky,
                           String description, List<Path> validationFiles, List<TestSet> testSets, ClassSet classes) {

    public TrainingData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(dataConfig, "dataConfig");
        Objects.requireNonNull(description, "description");
        validationFiles = List.copyOf(validationFiles);
        testSets = List.copyOf(testSets);
        Objects.requireNonNull(classes, "classes");
        if (!dataConfig.normalization().isFitted()) {
            throw new IllegalArgumentException("The data config's normalisation has no statistics: " + dataConfig.normalization());
        }
    }

    /**
     * Batches you made yourself: no file names, no held-out splits; the classes are the training
     * iterator's label names ({@code getLabels()}), or BCCD's four when it has none.
     */
    public TrainingData(DataSetIterator train, DataSetIterator validation, DataConfig dataConfig, boolean leaky,
                        String description) {
        this(train, validation, dataConfig, leaky, description, List.of(), List.of(), classesOf(train));
    }

    private static ClassSet classesOf(DataSetIterator it) {
        List<String> names;
        try {
            names = it.getLabels();
        } catch (UnsupportedOperationException e) {
            names = null;
        }
        if (names != null && !names.isEmpty()) {
            return ClassSet.of(names);
        }
        int outcomes = it.totalOutcomes();
        if (outcomes != ClassSet.BCCD.size()) {
            throw new IllegalArgumentException("The training iterator names no classes (getLabels()) and has " + outcomes
                    + " label columns: give the classes with new TrainingData(train, validation, config, leaky, description,"
                    + " List.of(), List.of(), ClassSet.of(...))");
        }
        return ClassSet.BCCD;
    }

    /** A source that hands out these batches whatever it is asked (for iterators you made yourself). */
    public WbcDataSource asSource() {
        return request -> this;
    }
}
