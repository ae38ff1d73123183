package io.github.wbczoo.core.train;

import java.util.List;
import java.util.Objects;

/**
 * How the trainer runs: epochs, seed, callbacks, progress reporting and whether to measure
 * training accuracy. {@code epochs} is the epoch to reach: a model that already has a history
 * continues from its last epoch, which is how resuming works. The batch size belongs to the data
 * (the iterators make the batches) and the optimiser to the network (DL4J fixes it per layer when
 * the network is built), so neither is here: a field here that the trainer did not read would be
 * a setting that silently does nothing.
 *
 * <p>Usage: {@code TrainingConfig.defaults().withEpochs(15).withSeed(7).withProgress(ProgressReporter.silent())}
 *
 * @param epochs        train until this epoch number (1-based, inclusive)
 * @param seed          seed of ND4J's random numbers during training (dropout masks)
 * @param callbacks     run in this order after each epoch
 * @param progress      where progress goes
 * @param trainAccuracy whether to count right answers on training batches (from each step's own forward pass)
 */
public record TrainingConfig(int epochs, long seed, List<TrainingCallback> callbacks, ProgressReporter progress,
                             boolean trainAccuracy) {

    public TrainingConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        callbacks = List.copyOf(callbacks);
        Objects.requireNonNull(progress, "progress");
    }

    /** 10 epochs, seed 42, no callbacks, automatic progress, training accuracy on. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 42, List.of(), ProgressReporter.auto(), true);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(n, seed, callbacks, progress, trainAccuracy);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, s, callbacks, progress, trainAccuracy);
    }

    public TrainingConfig withCallbacks(List<TrainingCallback> c) {
        return new TrainingConfig(epochs, seed, c, progress, trainAccuracy);
    }

    public TrainingConfig withProgress(ProgressReporter p) {
        return new TrainingConfig(epochs, seed, callbacks, p, trainAccuracy);
    }

    public TrainingConfig withTrainAccuracy(boolean on) {
        return new TrainingConfig(epochs, seed, callbacks, progress, on);
    }
}
