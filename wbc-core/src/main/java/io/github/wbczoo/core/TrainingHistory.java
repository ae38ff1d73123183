package io.github.wbczoo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.train.Monitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-epoch record of a training run (Keras' {@code History}), saved inside the model file and
 * exportable as JSON for learning curves.
 *
 * <p>Usage: {@code model.history().writeJson(Path.of("history.json"));}
 */
public final class TrainingHistory {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private String stopReason;
    private String monitor;

    public TrainingHistory() {
    }

    @JsonCreator
    TrainingHistory(@JsonProperty("epochs") List<EpochRecord> epochs, @JsonProperty("stopReason") String stopReason,
                    @JsonProperty("monitor") String monitor) {
        if (epochs != null) {
            this.epochs.addAll(epochs);
        }
        this.stopReason = stopReason;
        this.monitor = monitor;
    }

    /** Appends an epoch; epochs must be added in order. */
    public synchronized void add(EpochRecord record) {
        int expected = epochs.isEmpty() ? record.epoch() : epochs.get(epochs.size() - 1).epoch() + 1;
        if (record.epoch() != expected) {
            throw new IllegalArgumentException("Epoch " + record.epoch() + " added after epoch " + (expected - 1));
        }
        epochs.add(record);
    }

    @JsonProperty("epochs")
    public synchronized List<EpochRecord> epochs() {
        return Collections.unmodifiableList(new ArrayList<>(epochs));
    }

    /** Why training ended early (e.g. early stopping), or null when it ran all epochs. */
    @JsonProperty("stopReason")
    public String stopReason() {
        return stopReason;
    }

    public void stopReason(String reason) {
        this.stopReason = reason;
    }

    /**
     * The metric the best epoch is chosen by (e.g. {@code val_accuracy}), as the best-model
     * checkpoint or best-weights restore of the run used it; null when no epoch was selected.
     */
    @JsonProperty("monitor")
    public String monitor() {
        return monitor;
    }

    public void monitor(String metric) {
        if (metric != null) {
            Monitor.of(metric); // fails on unknown names
        }
        this.monitor = metric;
    }

    /**
     * The epoch with the best value of {@link #monitor()} (the first of equal ones, as Keras keeps
     * it), or 0 when there is no monitor or no epoch has the metric.
     */
    public int bestEpoch() {
        return monitor == null ? 0 : bestEpoch(monitor);
    }

    /** The epoch with the best value of {@code metric} (the first of equal ones), or 0 when no epoch has it. */
    public synchronized int bestEpoch(String metric) {
        Monitor m = Monitor.of(metric);
        double best = m.worst();
        int bestEpoch = 0;
        for (EpochRecord r : epochs) {
            Double v = r.metric(metric);
            if (v != null && !v.isNaN() && m.improves(v, best, 0)) {
                best = v;
                bestEpoch = r.epoch();
            }
        }
        return bestEpoch;
    }

    /** The record of an epoch, or null when the history has none with that number. */
    public synchronized EpochRecord epoch(int number) {
        return epochs.stream().filter(r -> r.epoch() == number).findFirst().orElse(null);
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The last epoch recorded, or null. */
    public synchronized EpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static TrainingHistory fromJson(String json) {
        try {
            return Json.mapper().readValue(json, TrainingHistory.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a training history: " + e.getMessage(), e);
        }
    }

    /** Writes the history as JSON, atomically. */
    public void writeJson(Path file) {
        AtomicFiles.writeString(file, toJson());
    }
}
