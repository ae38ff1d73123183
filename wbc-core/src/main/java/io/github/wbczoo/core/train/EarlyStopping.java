package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
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

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = monitor.worst();
        bestEpoch = 0;
        wait = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
        double current = monitor.value(epoch);
        wait++;
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = epoch.epoch();
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = context.model().snapshotParams();
            }
            return;
        }
        if (wait >= patience) {
            context.requestStop("early stopping: " + monitor.metric() + " did not improve for " + wait
                    + " epochs (best " + best + " at epoch " + bestEpoch + ")");
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (restoreBestWeights && bestWeights != null) {
            context.model().restoreParams(bestWeights);
            LOG.info("Restored the weights of epoch {} ({} = {})", bestEpoch, monitor.metric(), best);
        }
    }

    /** The epoch whose weights are (or will be) restored; 0 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
