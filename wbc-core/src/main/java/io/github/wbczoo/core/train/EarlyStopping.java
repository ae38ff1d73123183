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
        if (!restoreBestWeights || bestEpoch == 0 || context.model().weightsEpoch() == bestEpoch) {
            return;
        }
        if (bestWeights == null) {
            bestWeights = weightsFromBestModelFile(context);
            if (bestWeights == null) {
                LOG.warn("The best epoch by {} is {}, trained before this run, and no best-model file holds its weights;"
                        + " keeping the weights of epoch {}", monitor.metric(), bestEpoch, context.model().weightsEpoch());
                return;
            }
        }
        context.model().restoreParams(bestWeights, bestEpoch);
        LOG.info("Restored the weights of epoch {} ({} = {})", bestEpoch, monitor.metric(), ModelCheckpoint.format(best));
    }

    /** After a resume the best epoch may predate this run; a best-only checkpoint of the same metric then has its weights. */
    private INDArray weightsFromBestModelFile(TrainingContext context) {
        Path file = context.bestModelFile(monitor.metric());
        if (file == null || !Files.isRegularFile(file) || ModelFileInfo.read(file).weightsEpoch() != bestEpoch) {
            return null;
        }
        return WbcModel.load(file).network().params();
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
