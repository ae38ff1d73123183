package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras' {@code ModelCheckpoint}: saves the model (atomically, with its data config and history)
 * after an epoch. With {@code saveBestOnly} it saves only when the monitored metric beats every
 * earlier epoch, so an interrupted run always leaves its best model so far on disk. A path
 * containing {@code {epoch}} gets the epoch number.
 *
 * <p>Usage: {@code new ModelCheckpoint(Path.of("runs/model.wbc"), "val_accuracy", true)}
 */
public final class ModelCheckpoint implements TrainingCallback {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoint.class);

    private final Path path;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private double best;
    private int saves;

    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly) {
        this.path = path;
        this.monitor = Monitor.of(monitor);
        this.saveBestOnly = saveBestOnly;
        this.best = this.monitor.worst();
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = monitor.worst();
        saves = 0;
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
        if (saveBestOnly) {
            double current = monitor.value(epoch);
            if (!monitor.improves(current, best, 0)) {
                return;
            }
            best = current;
        }
        Path target = Path.of(path.toString().replace("{epoch}", String.format("%02d", epoch.epoch())));
        context.model().save(target);
        saves++;
        LOG.info("Epoch {}: saved {} ({} = {})", epoch.epoch(), target, monitor.metric(), epoch.metric(monitor.metric()));
    }

    /** How many times the model was written in the last run. */
    public int saves() {
        return saves;
    }

    public double best() {
        return best;
    }
}
