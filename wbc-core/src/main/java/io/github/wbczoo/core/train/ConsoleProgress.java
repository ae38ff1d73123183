package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch on the console (images done, images/s, running loss, ETA), drawn by
 * the {@code me.tongfei:progressbar} library, then one summary line per epoch.
 *
 * <p>Usage: {@code TrainingConfig.defaults().withProgress(new ConsoleProgress())}
 */
public final class ConsoleProgress implements ProgressReporter {
    private ProgressBar bar;
    private double lossSum;
    private int batches;

    @Override
    public void epochStarted(int epoch, int epochs, long expectedImages) {
        lossSum = 0;
        batches = 0;
        bar = bar(String.format("epoch %d/%d", epoch, epochs), expectedImages);
    }

    @Override
    public void batchFinished(int images, double loss) {
        lossSum += loss;
        batches++;
        if (bar != null) {
            bar.stepBy(images);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / batches));
        }
    }

    @Override
    public void trainingFinished() {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / Math.max(1, batches)));
            bar.close();
            bar = null;
        }
    }

    /** Validation gets its own bar, so a long validation pass is visibly moving. */
    @Override
    public void validationStarted(long expectedImages) {
        bar = bar("  validating", expectedImages);
    }

    @Override
    public void validationBatchFinished(int images) {
        if (bar != null) {
            bar.stepBy(images);
        }
    }

    @Override
    public void epochFinished(EpochRecord record, int epochs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        System.out.println(summary(record, epochs));
    }

    private static ProgressBar bar(String task, long expectedImages) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(expectedImages)
                .setUnit(" img", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }

    /** "epoch 3/15: loss 0.5123 acc 0.812 | val_loss 0.4410 val_acc 0.861 | lr 1.0 | 410 img/s | 24.1 s". */
    static String summary(EpochRecord r, int epochs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f acc %.3f",
                r.epoch(), epochs, r.trainLoss(), r.trainAccuracy()));
        if (r.valLoss() != null) {
            s.append(String.format(Locale.ROOT, " | val_loss %.4f val_acc %.3f", r.valLoss(), r.valAccuracy()));
        }
        // Optimisers without a learning rate (DL4J's AdaDelta) report NaN.
        String lr = Double.isNaN(r.learningRate()) ? "n/a" : String.format(Locale.ROOT, "%.3g", r.learningRate());
        s.append(String.format(Locale.ROOT, " | lr %s | %.1f img/s | %.1f s", lr, r.imagesPerSec(), r.seconds()));
        if (r.collapsed()) {
            s.append(String.format(Locale.ROOT, "%n  WARNING: %.0f%% of validation images got the same class: the network"
                    + " has collapsed to one answer and rarely recovers; retrain with a lower learning rate", 100 * r.valTopClassShare()));
        }
        return s.toString();
    }
}
