package io.github.wbczoo.models;

import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.Trainer;
import io.github.wbczoo.core.train.TrainingConfig;
import java.util.List;
import java.util.Objects;

/**
 * One training run, ready to go: the model (fresh or resumed), the data made for its recipe (the
 * split it trains on and the held-out splits to evaluate it on) and the trainer's configuration.
 * {@link ModelBuilder#fit} is {@code prepare(source, RunOptions.defaults()).fit()}; the command
 * line, the examples and the paper reproductions all go through here too.
 *
 * <p>Usage: {@code TrainingRun run = WbcModels.create("myCnn.v9").epochs(3).prepare(data, RunOptions.defaults());
 * WbcModel m = run.fit(); evaluator.evaluate(m, run.data().testSets()...);}
 */
public final class TrainingRun {
    private final WbcModel model;
    private final TrainingData data;
    private final TrainingConfig config;
    private boolean fitted;

    TrainingRun(WbcModel model, TrainingData data, TrainingConfig config) {
        this.model = Objects.requireNonNull(model, "model");
        this.data = Objects.requireNonNull(data, "data");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Trains until the configured epoch (callbacks, checkpoints, best weights restored at the end) and returns the model. */
    public WbcModel fit() {
        if (fitted) {
            throw new IllegalStateException("This run of " + model.architecture() + " has been fitted already; prepare a new one");
        }
        fitted = true;
        Trainer.fit(model, data.train(), data.validation(), config);
        return model;
    }

    /** The model this run trains (before {@link #fit()}: untrained, or as resumed). */
    public WbcModel model() {
        return model;
    }

    /** The batches it trains and validates on, their description, and the held-out splits. */
    public TrainingData data() {
        return data;
    }

    /** The held-out splits for a model trained on this split (BCCD: TEST and TEST_SIMPLE, or a pooled split's test part). */
    public List<TestSet> testSets() {
        return data.testSets();
    }

    /** What the trainer runs: epochs, seed, callbacks (recipe's, then the options'), progress. */
    public TrainingConfig config() {
        return config;
    }
}
