package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.ModelFileInfo;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a training command prints when it is stopped (Ctrl-C, {@code kill}) before it finishes:
 * where the best model so far is and how to continue. Installed as a JVM shutdown hook while
 * training runs; the JVM's own exit status for Ctrl-C is 130, as the exit-code table says.
 *
 * <p>Usage: {@code try (InterruptNotice n = InterruptNotice.install(modelFile, "continue with --resume", System.err)) { ...; n.finished(); }}
 */
final class InterruptNotice implements AutoCloseable {
    private final Path bestModel;
    private final String howToContinue;
    private final PrintStream out;
    private final Thread hook;
    private volatile boolean finished;

    private InterruptNotice(Path bestModel, String howToContinue, PrintStream out) {
        this.bestModel = bestModel.toAbsolutePath();
        this.howToContinue = howToContinue;
        this.out = out;
        this.hook = new Thread(this::printIfUnfinished, "wbc-interrupt-notice");
    }

    /** {@code howToContinue}: e.g. "continue with --resume". */
    static InterruptNotice install(Path bestModel, String howToContinue, PrintStream out) {
        InterruptNotice n = new InterruptNotice(bestModel, howToContinue, out);
        Runtime.getRuntime().addShutdownHook(n.hook);
        return n;
    }

    /** Training completed: nothing to print at exit. */
    void finished() {
        finished = true;
    }

    @Override
    public void close() {
        finished = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) and sees finished
        }
    }

    private void printIfUnfinished() {
        if (!finished) {
            out.println(message(bestModel, howToContinue));
            out.flush();
        }
    }

    /** "interrupted; best model (epoch K, val_accuracy X) at PATH; continue with --resume". */
    static String message(Path bestModel, String howToContinue) {
        if (!Files.isRegularFile(bestModel)) {
            return "interrupted before the first epoch finished; nothing was saved";
        }
        try {
            return "interrupted; best model (" + ModelFileInfo.read(bestModel).weightsSummary() + ") at " + bestModel
                    + "; " + howToContinue;
        } catch (RuntimeException e) {
            return "interrupted; the model at " + bestModel + " could not be read (" + e.getMessage() + ")";
        }
    }
}
