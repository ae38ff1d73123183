package io.github.wbczoo.core;

import java.util.Objects;

/**
 * Everything a {@link WbcDataSource} needs to produce training and validation batches for one
 * model: its input config, the split, augmentation, batch size, seed, and optional per-class
 * limits for quick runs. A model's recipe fills it in; every field can be overridden.
 *
 * <p>Usage: {@code new DataRequest(model.dataConfig(), SplitPolicy.validationFraction(0.2), Augmentation.NONE, 32, 42, 0)}
 *
 * @param dataConfig    the model's input config (statistics may still be unfitted)
 * @param split         how validation is drawn
 * @param augmentation  training-time augmentation
 * @param batchSize     images per batch
 * @param seed          seed for the split, shuffling and augmentation
 * @param limitPerClass at most this many training images per class (validation is limited in proportion); 0 = all
 * @param testLimitPerClass at most this many images per class of each held-out split; 0 = all (smoke tests only:
 *                      the figures then rest on a few images)
 */
public record DataRequest(DataConfig dataConfig, SplitPolicy split, Augmentation augmentation, int batchSize,
                          long seed, int limitPerClass, int testLimitPerClass) {

    public DataRequest {
        Objects.requireNonNull(dataConfig, "dataConfig");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(augmentation, "augmentation");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (limitPerClass < 0) {
            throw new IllegalArgumentException("limitPerClass must be 0 (no limit) or positive, got " + limitPerClass);
        }
        if (testLimitPerClass < 0) {
            throw new IllegalArgumentException("testLimitPerClass must be 0 (no limit) or positive, got " + testLimitPerClass);
        }
    }

    /** All held-out images. */
    public DataRequest(DataConfig dataConfig, SplitPolicy split, Augmentation augmentation, int batchSize, long seed,
                       int limitPerClass) {
        this(dataConfig, split, augmentation, batchSize, seed, limitPerClass, 0);
    }
}
