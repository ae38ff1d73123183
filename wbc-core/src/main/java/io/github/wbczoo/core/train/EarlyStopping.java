package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras' {@code EarlyStopping}: stops when the monitored metric has not improved by more than
 * {@code minDelta} for {@code patience} epochs. With {@code restoreBestWeights}, the weights of
 * the best epoch are put back at the end of training, also when the run was not stopped early
 * (so "keep the weights of the best validation accuracy" is {@link #restoreBest(String)}).
 *
 * <p>Usage: {@code new EarlyStopping("val_loss", 5, true)} or {@code EarlyStopping.restoreBest("val_accuracy")}
 */
public final class EarlyStopping implements TrainingCallback {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;

    private double best;
    private int bestEpoch;
    private int wait;
    private INDArray bestWeights;

    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        this(monitor, patience, 0, restoreBestWeights);
    }

    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        if (patience < 0 || minDelta < 0) {
            throw new IllegalArgumentException("patience and minDelta must be non-negative");
        }
        this.monitor = Monitor.of(monitor);
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Never stops; only puts back the weights of the best epoch at the end (the papers' "best-weights checkpoint"). */
    public static EarlyStopping restoreBest(String monitor) {
        return new EarlyStopping(monitor, Integer.MAX_VALUE, 0, true);
    }

    /**
     * Starts from the model's history, so a resumed run keeps counting where the interrupted one
     * stopped: the best value, its epoch and the epochs waited since are replayed from the
     * recorded metrics.
     */
    @Override
    public void onTrainBegin(TrainingContext context) {
        best = monitor.worst();
        bestEpoch = 0;
        wait = 0;
        bestWeights = null;
        if (restoreBestWeights && context.history().monitor() == null) {
            context.history().monitor(monitor.metric());
        }
        for (EpochRecord r : context.history().epochs()) {
            Double v = r.metric(monitor.metric());
            if (v != null && !v.isNaN()) {
                step(v, r.epoch());
            }
        }
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
        if (step(monitor.value(epoch), epoch.epoch())) {
            if (restoreBestWeights) {
                bestWeights = context.model().snapshotParams();
            }
            return;
        }
        if (wait >= patience) {
            context.requestStop("early stopping: " + monitor.metric() + " did not improve for " + wait
                    + " epochs (best " + ModelCheckpoint.format(best) + " at epoch " + bestEpoch + ")");
        }
    }

    /** Keras' update for one epoch's value; true when it is a new best. */
    private boolean step(double current, int epoch) {
        wait++;
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            return true;
        }
        return false;
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (!restoreBestWeights) {
            return;
        }
        ModelFileInfo file = bestModelFile(context);
        Double fileValue = file == null ? null : file.weightsMetric(monitor.metric());
        if (fileValue != null && monitor.improves(fileValue, best, 0) && sameRun(file, context)) {
            // The best-model file beats every epoch this history remembers (e.g. an epoch retrained after a
            // crash between two saves): the model in memory must be the one on disk.
            restore(context, WbcModel.load(file.file()).network().params(), file.weightsEpoch(), fileValue);
            return;
        }
        if (bestEpoch == 0 || context.model().weightsEpoch() == bestEpoch) {
            return;
        }
        INDArray weights = bestWeights;
        if (weights == null && file != null && sameEpoch(file, context)) {
            weights = WbcModel.load(file.file()).network().params();
        }
        if (weights == null) {
            LOG.warn("The best epoch by {} is {}, trained before this run, and no best-model file holds its weights;"
                    + " keeping the weights of epoch {}", monitor.metric(), bestEpoch, context.model().weightsEpoch());
            return;
        }
        restore(context, weights, bestEpoch, best);
    }

    private void restore(TrainingContext context, INDArray weights, int epoch, double value) {
        context.model().restoreParams(weights, epoch);
        LOG.info("Restored the weights of epoch {} ({} = {})", epoch, monitor.metric(), ModelCheckpoint.format(value));
    }

    /** The best-model file a checkpoint of the same metric announced, when it exists. */
    private ModelFileInfo bestModelFile(TrainingContext context) {
        Path file = context.bestModelFile(monitor.metric());
        return file == null || !Files.isRegularFile(file) ? null : ModelFileInfo.read(file);
    }

    /** The file was written by this run's lineage: its history starts with our first epoch. */
    private static boolean sameRun(ModelFileInfo file, TrainingContext context) {
        EpochRecord first = context.history().epoch(1);
        return first != null && first.equals(file.history().epoch(1));
    }

    /** The file holds our best epoch itself: same number and the same recorded metrics (not a retrained namesake). */
    private boolean sameEpoch(ModelFileInfo file, TrainingContext context) {
        EpochRecord ours = context.history().epoch(bestEpoch);
        return file.weightsEpoch() == bestEpoch && ours != null && ours.equals(file.weightsRecord());
    }

    /** The current wait counter: epochs since the last improvement (Keras' {@code wait}). */
    public int waited() {
        return wait;
    }

    /** The epoch whose weights are (or will be) restored; 0 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
