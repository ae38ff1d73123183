package io.github.wbczoo.core;

import java.util.Objects;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Training and validation batches ready for DL4J, with the data config they were made for. The
 * config's normalisation statistics are fitted on the training images, so a model that stores
 * this config normalises new images exactly as it was trained.
 *
 * <p>Usage: {@code TrainingData d = source.trainingData(request); model.dataConfig(d.dataConfig()); Trainer.fit(model, d.train(), d.validation(), config);}
 *
 * @param train       shuffled (fresh order each epoch) and augmented training batches
 * @param validation  validation batches, never augmented, fixed order
 * @param dataConfig  the request's config with fitted normalisation statistics
 * @param leaky       true when the split lets augmented copies of one cell appear on both sides
 * @param description one line for logs and reports, e.g. {@code BCCD TRAIN 7966 / validation 1991 (20% of TRAIN)}
 */
public record TrainingData(DataSetIterator train, DataSetIterator validation, DataConfig dataConfig, boolean leaky,
                           String description) {

    public TrainingData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(dataConfig, "dataConfig");
        if (!dataConfig.normalization().isFitted()) {
            throw new IllegalArgumentException("The data config's normalisation has no statistics: " + dataConfig.normalization());
        }
    }
}
