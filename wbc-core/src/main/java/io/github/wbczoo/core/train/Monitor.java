package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import java.util.Locale;

/**
 * A monitored metric and which direction is better, with Keras' {@code mode="auto"} rule: names
 * containing "acc" are maximised, everything else (losses) minimised.
 *
 * <p>Usage: {@code Monitor m = Monitor.of("val_accuracy"); boolean better = m.improves(0.91, 0.90, 0.0);}
 */
public record Monitor(String metric, Mode mode) {

    /** Whether larger or smaller values are better. */
    public enum Mode { MIN, MAX }

    public Monitor {
        new EpochRecord(1, 0, 0, 0.0, 0.0, 0, 0, 0).metric(metric); // fails early on unknown names
    }

    /** The metric with Keras' automatic mode. */
    public static Monitor of(String metric) {
        return new Monitor(metric, metric.toLowerCase(Locale.ROOT).contains("acc") ? Mode.MAX : Mode.MIN);
    }

    /** The metric's value in an epoch; fails clearly when it was not computed (e.g. no validation set). */
    public double value(EpochRecord epoch) {
        Double v = epoch.metric(metric);
        if (v == null || v.isNaN()) {
            throw new IllegalStateException("Monitored metric '" + metric + "' is not available in epoch " + epoch.epoch()
                    + " (is there a validation set?)");
        }
        return v;
    }

    /** Whether {@code current} beats {@code best} by more than {@code minDelta} (Keras' comparison). */
    public boolean improves(double current, double best, double minDelta) {
        return mode == Mode.MAX ? current - minDelta > best : current + minDelta < best;
    }

    /** The starting "best" value: worse than anything. */
    public double worst() {
        return mode == Mode.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
