package io.github.wbczoo.core;

import java.nio.file.Path;

/**
 * What a model file says about itself, read from its metadata without loading the network: which
 * architecture, which epoch's weights it holds, and its training history. Cheap enough to call
 * before deciding whether to resume, overwrite or refuse.
 *
 * <p>Usage: {@code ModelFileInfo info = ModelFileInfo.read(Path.of("runs/v9/model.wbc")); info.weightsEpoch();}
 *
 * @param file         the model file (absolute)
 * @param architecture registry name of the architecture
 * @param weightsEpoch the epoch whose weights the file holds; 0 for an untrained network
 * @param history      the training history saved with it (may go past {@code weightsEpoch}: a best-model
 *                     checkpoint carries the whole run)
 * @param classes      the classes of its output columns
 */
public record ModelFileInfo(Path file, String architecture, int weightsEpoch, TrainingHistory history, ClassSet classes) {

    /**
     * Reads a model file's metadata.
     *
     * @throws IllegalArgumentException when there is no file or it is not a wbc-zoo model file
     */
    public static ModelFileInfo read(Path file) {
        return ModelFile.info(file);
    }

    /** The record of the epoch whose weights the file holds, or null for an untrained network. */
    public EpochRecord weightsRecord() {
        return history.epoch(weightsEpoch);
    }

    /**
     * The value of {@code metric} at the epoch whose weights the file holds, or null when that
     * epoch is not in the history or did not compute the metric.
     */
    public Double weightsMetric(String metric) {
        EpochRecord r = weightsRecord();
        if (r == null) {
            return null;
        }
        Double v = r.metric(metric);
        return v == null || v.isNaN() ? null : v;
    }

    /**
     * "epoch 2, val_accuracy 0.2400": the epoch whose weights the file holds and its value of the
     * metric the best epoch was chosen by (just "epoch 2" when the history names none).
     */
    public String weightsSummary() {
        String metric = history.monitor();
        Double value = metric == null ? null : weightsMetric(metric);
        return "epoch " + weightsEpoch + (value == null ? "" : String.format(java.util.Locale.ROOT, ", %s %.4f", metric, value));
    }
}
