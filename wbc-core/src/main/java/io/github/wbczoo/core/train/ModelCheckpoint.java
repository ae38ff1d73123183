package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras' {@code ModelCheckpoint}: saves the model (atomically, with its data config and history)
 * after an epoch. With {@code saveBestOnly} it saves only when the monitored metric beats every
 * earlier epoch, so an interrupted run always leaves its best model so far on disk. A path
 * containing {@code {epoch}} gets the epoch number.
 *
 * <p>Nothing better is ever overwritten: the best so far is taken from the model's whole history
 * (a resumed run remembers the epochs before the resume) and from the file already at the path,
 * whoever wrote it. Epochs that do not improve still update the history stored in the best file,
 * so the file always carries the whole run and records which epoch's weights it holds.
 *
 * <p>Usage: {@code new ModelCheckpoint(Path.of("runs/model.wbc"), "val_accuracy", true)}
 */
public final class ModelCheckpoint implements TrainingCallback {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoint.class);

    private final Path path;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private double best;
    private int bestEpoch;
    private boolean fileIsOurs;
    private int saves;

    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly) {
        this.path = path;
        this.monitor = Monitor.of(monitor);
        this.saveBestOnly = saveBestOnly;
        this.best = this.monitor.worst();
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        saves = 0;
        best = monitor.worst();
        bestEpoch = 0;
        fileIsOurs = false;
        if (!saveBestOnly) {
            return;
        }
        TrainingHistory history = context.history();
        history.monitor(monitor.metric());
        bestEpoch = history.bestEpoch(monitor.metric());
        if (bestEpoch > 0) {
            best = history.epoch(bestEpoch).metric(monitor.metric());
        }
        if (!numbered()) {
            if (Files.isRegularFile(path)) {
                considerExistingFile(history);
            } else if (bestEpoch > 0) {
                // The best epoch's file is gone (deleted, or a checkpoint for a resumed model that never had one):
                // the next epoch is saved, so the run ends with a best model on disk.
                LOG.warn("{} does not exist; the best epoch so far ({}) has no file, so the next epoch is saved", path,
                        bestEpoch);
                best = monitor.worst();
                bestEpoch = 0;
            }
            context.bestModelFile(monitor.metric(), path);
        }
    }

    /** The file already at the path counts as a result to beat, and is ours to update when our history contains its epoch. */
    private void considerExistingFile(TrainingHistory history) {
        ModelFileInfo info = ModelFileInfo.read(path);
        Double value = info.weightsMetric(monitor.metric());
        EpochRecord fileRecord = info.weightsRecord();
        fileIsOurs = fileRecord != null && fileRecord.equals(history.epoch(fileRecord.epoch()));
        if (value != null && monitor.improves(value, best, 0)) {
            // e.g. a crash between this file's save and the resume state's: its epoch is better than anything we remember
            best = value;
            bestEpoch = info.weightsEpoch();
            LOG.info("{} holds epoch {} with {} = {}; only a better epoch replaces it", path, bestEpoch, monitor.metric(),
                    format(value));
        }
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
        if (saveBestOnly) {
            double current = monitor.value(epoch);
            if (!monitor.improves(current, best, 0)) {
                if (fileIsOurs && !numbered()) {
                    WbcModel.rewriteHistory(path, context.history());
                }
                return;
            }
            best = current;
            bestEpoch = epoch.epoch();
        }
        Path target = Path.of(path.toString().replace("{epoch}", String.format("%02d", epoch.epoch())));
        context.model().save(target);
        fileIsOurs = true;
        saves++;
        if (saveBestOnly) {
            LOG.info("Epoch {}: saved {} ({} = {})", epoch.epoch(), target, monitor.metric(), format(epoch.metric(monitor.metric())));
        } else {
            LOG.debug("Epoch {}: saved {}", epoch.epoch(), target); // every epoch: not worth a line each
        }
    }

    /** A path with {@code {epoch}} writes one file per epoch: there is no single best file to keep up to date. */
    private boolean numbered() {
        return path.toString().contains("{epoch}");
    }

    /** How many times the model was written in the last run. */
    public int saves() {
        return saves;
    }

    /** The best monitored value so far, including epochs before a resume and the file found at the path. */
    public double best() {
        return best;
    }

    /** The epoch of {@link #best()}; 0 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public Monitor monitor() {
        return monitor;
    }

    public Path path() {
        return path;
    }

    static String format(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
