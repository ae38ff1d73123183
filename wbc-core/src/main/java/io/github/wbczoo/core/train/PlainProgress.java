package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for output that is not a terminal (piped through {@code tee}, nohup,
 * CI logs), where a redrawn bar would print nothing until the end of the epoch: a line at most
 * every {@code intervalSeconds} within training and within validation, then the epoch's summary.
 *
 * <pre>
 * epoch 2/12 training: 1,204/7,470 images (16%), 31.2 img/s, loss 1.2345, about 3m 20s left
 * epoch 2/12 validating: 640/2,487 images (26%), 120.4 img/s
 * </pre>
 *
 * <p>Usage: {@code TrainingConfig.defaults().withProgress(new PlainProgress(System.out, 30))}
 */
public final class PlainProgress implements ProgressReporter {
    /** Environment variable (and, as {@code wbc.progress.seconds}, system property) with the interval in seconds. */
    public static final String INTERVAL_VARIABLE = "WBC_PROGRESS_SECONDS";
    static final double DEFAULT_INTERVAL_SECONDS = 30;

    private final PrintStream out;
    private final long intervalNanos;
    private final LongSupplier clock;

    private int epoch;
    private int epochs;
    private String phase;
    private long expected;
    private long done;
    private double lossSum;
    private int batches;
    private long phaseStart;
    private long lastLine;

    /** Lines to {@code out} at most every {@code intervalSeconds} (0 = after every batch). */
    public PlainProgress(PrintStream out, double intervalSeconds) {
        this(out, intervalSeconds, System::nanoTime);
    }

    PlainProgress(PrintStream out, double intervalSeconds, LongSupplier clock) {
        if (!(intervalSeconds >= 0) || Double.isInfinite(intervalSeconds)) {
            throw new IllegalArgumentException("The progress interval must be 0 or more seconds, got " + intervalSeconds);
        }
        this.out = out;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.clock = clock;
    }

    /** {@value #INTERVAL_VARIABLE} or {@code -Dwbc.progress.seconds}, else 30 seconds. */
    public static double intervalFromEnvironment() {
        String v = System.getProperty("wbc.progress.seconds", System.getenv(INTERVAL_VARIABLE));
        if (v == null || v.isBlank()) {
            return DEFAULT_INTERVAL_SECONDS;
        }
        try {
            double seconds = Double.parseDouble(v.trim());
            if (seconds >= 0 && !Double.isInfinite(seconds)) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(INTERVAL_VARIABLE + " must be a number of seconds (0 or more), got '" + v + "'");
    }

    @Override
    public void epochStarted(int epoch, int epochs, long expectedImages) {
        this.epoch = epoch;
        this.epochs = epochs;
        lossSum = 0;
        batches = 0;
        begin("training", expectedImages);
    }

    @Override
    public void batchFinished(int images, double loss) {
        lossSum += loss;
        batches++;
        advance(images);
    }

    @Override
    public void validationStarted(long expectedImages) {
        begin("validating", expectedImages);
    }

    @Override
    public void validationBatchFinished(int images) {
        advance(images);
    }

    @Override
    public void epochFinished(EpochRecord record, int epochs) {
        out.println(ConsoleProgress.summary(record, epochs));
        out.flush();
    }

    private void begin(String phase, long expectedImages) {
        this.phase = phase;
        this.expected = expectedImages;
        this.done = 0;
        this.phaseStart = clock.getAsLong();
        this.lastLine = phaseStart;
    }

    private void advance(int images) {
        done += images;
        long now = clock.getAsLong();
        if (now - lastLine >= intervalNanos) {
            lastLine = now;
            out.println(line(now));
            out.flush();
        }
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - phaseStart) / 1e9);
        double rate = done / seconds;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d %s: %,d", epoch, epochs, phase, done));
        if (expected > 0) {
            s.append(String.format(Locale.ROOT, "/%,d images (%.0f%%)", expected, 100.0 * done / expected));
        } else {
            s.append(" images");
        }
        s.append(String.format(Locale.ROOT, ", %.1f img/s", rate));
        if ("training".equals(phase) && batches > 0) {
            s.append(String.format(Locale.ROOT, ", loss %.4f", lossSum / batches));
        }
        if (expected > done && rate > 0) {
            s.append(", about ").append(duration((expected - done) / rate)).append(" left");
        }
        return s.toString();
    }

    /** "45s", "3m 20s", "1h 05m". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
    }
}
