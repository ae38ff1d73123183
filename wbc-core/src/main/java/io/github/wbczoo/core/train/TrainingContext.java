package io.github.wbczoo.core.train;

import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What callbacks may see and change during training: the model, its history, the learning rate,
 * and whether to stop.
 *
 * <p>Usage: inside a callback, {@code context.learningRate(context.learningRate() * 0.1); context.requestStop("plateau");}
 */
public final class TrainingContext {
    private final WbcModel model;
    private final int epochs;
    private String stopReason;
    private final Map<String, Path> bestModelFiles = new HashMap<>();

    TrainingContext(WbcModel model, int epochs) {
        this.model = model;
        this.epochs = epochs;
    }

    public WbcModel model() {
        return model;
    }

    public TrainingHistory history() {
        return model.history();
    }

    /** The last epoch this run will reach if nothing stops it. */
    public int epochs() {
        return epochs;
    }

    public double learningRate() {
        return model.learningRate();
    }

    public void learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Learning rate must be positive and finite, got " + lr);
        }
        model.learningRate(lr);
    }

    /**
     * Announces that {@code file} keeps the best model by {@code metric} (a best-only
     * {@link ModelCheckpoint} does this), so a best-weights restore can read weights of an epoch
     * that was trained before a resume and is no longer in memory.
     */
    public void bestModelFile(String metric, Path file) {
        bestModelFiles.put(metric, file);
    }

    /** The file announced with {@link #bestModelFile(String, Path)} for this metric, or null. */
    public Path bestModelFile(String metric) {
        return bestModelFiles.get(metric);
    }

    /** Ends training after the current epoch. */
    public void requestStop(String reason) {
        this.stopReason = reason;
    }

    public boolean stopRequested() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }
}
