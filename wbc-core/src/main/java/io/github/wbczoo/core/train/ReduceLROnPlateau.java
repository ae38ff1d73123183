package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras' {@code ReduceLROnPlateau}: multiplies the learning rate by {@code factor} when the
 * monitored metric has not improved by more than {@code minDelta} for {@code patience} epochs,
 * then waits {@code cooldown} epochs before counting again, and never goes below {@code minLr}.
 * Same defaults as Keras (monitor val_loss, factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0).
 *
 * <p>Usage: {@code new ReduceLROnPlateau("val_accuracy", 0.3, 3)} (Rao's recipe)
 */
public final class ReduceLROnPlateau implements TrainingCallback {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLROnPlateau.class);

    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;

    private double best;
    private int wait;
    private int cooldownCounter;

    public ReduceLROnPlateau() {
        this("val_loss", 0.1, 10);
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        this(monitor, factor, patience, 1e-4, 0, 0);
    }

    public ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0 || minDelta < 0 || minLr < 0) {
            throw new IllegalArgumentException("patience, cooldown, minDelta and minLr must be non-negative");
        }
        this.monitor = Monitor.of(monitor);
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        reset();
    }

    private void reset() {
        best = monitor.worst();
        wait = 0;
        cooldownCounter = 0;
    }

    /**
     * Starts from the model's history, so a resumed run keeps its best value, wait counter and
     * cooldown: each recorded epoch is replayed with the learning rate it used, without changing
     * the current rate (the model file already holds the reduced one).
     */
    @Override
    public void onTrainBegin(TrainingContext context) {
        reset();
        for (EpochRecord r : context.history().epochs()) {
            Double v = r.metric(monitor.metric());
            if (v != null && !v.isNaN()) {
                step(v, r.learningRate());
            }
        }
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
        double old = context.learningRate();
        double lr = step(monitor.value(epoch), old);
        if (Double.compare(lr, old) != 0) {
            context.learningRate(lr);
            LOG.info("Epoch {}: {} has not improved for {} epochs, learning rate {} -> {}",
                    epoch.epoch(), monitor.metric(), patience, old, lr);
        }
    }

    /** Keras' update for one epoch's value at learning rate {@code lr}; returns the rate for the next epoch. */
    private double step(double current, double lr) {
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience && (float) lr > (float) minLr) { // float32 comparison, as Keras does
                cooldownCounter = cooldown;
                wait = 0;
                return Math.max(lr * factor, minLr);
            }
        }
        return lr;
    }

    /** Epochs counted without improvement since the last improvement or reduction (Keras' {@code wait}). */
    public int waited() {
        return wait;
    }

    /** Epochs of cooldown left. */
    public int cooldownLeft() {
        return cooldownCounter;
    }

    public Monitor monitor() {
        return monitor;
    }
}
