package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where training progress goes. {@link #auto()} shows a console progress bar on a terminal and
 * logs one line per epoch otherwise (CI, redirected output).
 *
 * <p>Usage: {@code TrainingConfig.defaults().withProgress(ProgressReporter.silent())}
 */
public interface ProgressReporter {

    /** An epoch begins; {@code expectedImages} is -1 when the iterator cannot tell. */
    default void epochStarted(int epoch, int epochs, long expectedImages) {
    }

    /** One training batch finished with this mean loss. */
    default void batchFinished(int images, double loss) {
    }

    /** Training of the epoch finished (before validation). */
    default void trainingFinished() {
    }

    /** Validation begins; {@code expectedImages} is -1 when the iterator cannot tell. */
    default void validationStarted(long expectedImages) {
    }

    /** One validation batch finished. */
    default void validationBatchFinished(int images) {
    }

    /** The epoch is complete, validation included. */
    void epochFinished(EpochRecord record, int epochs);

    /** Reports nothing. */
    static ProgressReporter silent() {
        return (record, epochs) -> {
        };
    }

    /** One log line per epoch. */
    static ProgressReporter logging() {
        Logger log = LoggerFactory.getLogger(ProgressReporter.class);
        return (record, epochs) -> log.info(ConsoleProgress.summary(record, epochs));
    }

    /**
     * A console bar when stdout is a terminal and {@code CI} is unset; otherwise (piped output,
     * nohup, CI logs) plain lines on standard output: one every {@link PlainProgress#intervalFromEnvironment()}
     * seconds within an epoch, through validation too, and a summary per epoch.
     */
    static ProgressReporter auto() {
        boolean terminal = System.console() != null;
        boolean ci = System.getenv("CI") != null && !System.getenv("CI").isBlank();
        return terminal && !ci ? new ConsoleProgress() : new PlainProgress(System.out, PlainProgress.intervalFromEnvironment());
    }
}
