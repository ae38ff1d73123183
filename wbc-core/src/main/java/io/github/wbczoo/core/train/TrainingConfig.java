package io.github.wbczoo.core.train;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * How to train: epochs, batch size, optimiser, seed, callbacks and progress reporting. The
 * updater is applied when a network is built (DL4J fixes it per layer); the zoo's builders take it
 * from here. {@code epochs} is the epoch to reach: a model that already has a history continues
 * from its last epoch, which is how resuming works.
 *
 * <p>Usage: {@code TrainingConfig.defaults().withEpochs(15).withBatchSize(32).withUpdater(new AdaDelta())}
 *
 * @param epochs        train until this epoch number (1-based, inclusive)
 * @param batchSize     images per batch
 * @param updater       the optimiser and its learning rate
 * @param seed          seed for weight initialisation and dropout
 * @param callbacks     run in this order after each epoch
 * @param progress      where progress goes
 * @param trainAccuracy whether to measure accuracy on training batches (one extra forward pass per batch)
 */
public record TrainingConfig(int epochs, int batchSize, IUpdater updater, long seed, List<TrainingCallback> callbacks,
                             ProgressReporter progress, boolean trainAccuracy) {

    public TrainingConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        Objects.requireNonNull(updater, "updater");
        callbacks = List.copyOf(callbacks);
        Objects.requireNonNull(progress, "progress");
    }

    /** 10 epochs, batch 32, Adam 1e-3, seed 42, no callbacks, automatic progress, training accuracy on. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 32, new Adam(1e-3), 42, List.of(), ProgressReporter.auto(), true);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(n, batchSize, updater, seed, callbacks, progress, trainAccuracy);
    }

    public TrainingConfig withBatchSize(int n) {
        return new TrainingConfig(epochs, n, updater, seed, callbacks, progress, trainAccuracy);
    }

    public TrainingConfig withUpdater(IUpdater u) {
        return new TrainingConfig(epochs, batchSize, u, seed, callbacks, progress, trainAccuracy);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, updater, s, callbacks, progress, trainAccuracy);
    }

    public TrainingConfig withCallbacks(List<TrainingCallback> c) {
        return new TrainingConfig(epochs, batchSize, updater, seed, c, progress, trainAccuracy);
    }

    public TrainingConfig withProgress(ProgressReporter p) {
        return new TrainingConfig(epochs, batchSize, updater, seed, callbacks, p, trainAccuracy);
    }

    public TrainingConfig withTrainAccuracy(boolean on) {
        return new TrainingConfig(epochs, batchSize, updater, seed, callbacks, progress, on);
    }
}
