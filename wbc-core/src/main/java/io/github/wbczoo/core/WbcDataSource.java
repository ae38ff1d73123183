package io.github.wbczoo.core;

/**
 * A labelled white blood cell image collection that can feed training. Implemented by
 * {@code io.github.wbczoo.data.CellImageDataset}; lives here so that the model zoo can train on any
 * source without depending on the data module.
 *
 * <p>Usage: {@code TrainingData d = BccdDataset.open(dir).trainingData(request);}
 */
public interface WbcDataSource {

    /**
     * Splits, fits normalisation statistics on the training part, and returns iterators built for
     * the request's data config.
     *
     * @throws IllegalArgumentException when the request cannot be met (e.g. a split the source lacks)
     */
    TrainingData trainingData(DataRequest request);
}
