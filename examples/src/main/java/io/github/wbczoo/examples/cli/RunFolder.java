package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.OutputLock;
import io.github.wbczoo.models.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run's output folder: {@value #BEST_MODEL} (the best model so far, the one to use),
 * {@value #LAST_EPOCH} (the latest epoch with its optimiser state, what {@code --resume}
 * continues), held by one run at a time ({@link OutputLock}), with a notice on Ctrl-C
 * ({@link InterruptNotice}). The checks run before any data is read or any folder created.
 *
 * <p>Usage: {@code RunFolder.check(out, resume, "myCnn.v9"); try (RunFolder run = RunFolder.open(out, resume)) { ... run.finished(); }}
 */
final class RunFolder implements AutoCloseable {
    static final String BEST_MODEL = "model.wbc";
    static final String LAST_EPOCH = "last.wbc";

    private final Path folder;
    private final OutputLock lock;
    private final InterruptNotice notice;

    private RunFolder(Path folder, OutputLock lock, InterruptNotice notice) {
        this.folder = folder;
        this.lock = lock;
        this.notice = notice;
    }

    /**
     * Fails fast: {@code out} must be writable; a new run needs a folder without a model, a resumed
     * one a model of {@code architecture} to continue.
     *
     * @return what {@code --resume} continues, or null for a new run
     */
    static ModelFileInfo check(Path out, boolean resume, String architecture) {
        return check(out, resume, architecture, "use --resume to continue it or choose another --out");
    }

    /** {@link #check(Path, boolean, String)} with the advice a new run gets when {@code out} already holds a model. */
    static ModelFileInfo check(Path out, boolean resume, String architecture, String adviceWhenTaken) {
        OutputPaths.requireWritableFolder(out, "--out");
        OutputPaths.requireUnlocked(out);
        Path best = out.resolve(BEST_MODEL);
        if (!resume) {
            if (Files.exists(best)) {
                throw new IllegalArgumentException(best.toAbsolutePath() + " already exists: " + adviceWhenTaken);
            }
            return null;
        }
        Path from = resumeSource(out);
        if (from == null) {
            throw new IllegalArgumentException("--resume: no model to resume at " + best.toAbsolutePath());
        }
        ModelFileInfo info = ModelFileInfo.read(from);
        if (!info.architecture().equals(architecture)) {
            throw new IllegalArgumentException("--resume: " + from.toAbsolutePath() + " is a " + info.architecture()
                    + " model, not " + architecture + "; pass --model " + info.architecture() + " or choose another --out");
        }
        return info;
    }

    /** The latest epoch's file when there is one (folders written before it existed have only the best model). */
    static Path resumeSource(Path out) {
        Path last = out.resolve(LAST_EPOCH);
        if (Files.isRegularFile(last)) {
            return last;
        }
        Path best = out.resolve(BEST_MODEL);
        return Files.isRegularFile(best) ? best : null;
    }

    /**
     * Creates and locks the folder, and checks again under the lock (a run that finished between
     * {@link #check} and now has written its model), then arms the Ctrl-C notice.
     */
    static RunFolder open(Path out, boolean resume) {
        return open(out, resume, "continue with --resume");
    }

    /** {@link #open(Path, boolean)} with what the Ctrl-C notice tells the user to do next. */
    static RunFolder open(Path out, boolean resume, String howToContinue) {
        Path folder = OutputPaths.create(out, "--out");
        OutputLock lock = OutputPaths.lock(folder);
        try {
            if (!resume && Files.exists(folder.resolve(BEST_MODEL))) {
                throw new IllegalArgumentException(folder.resolve(BEST_MODEL) + " was written by another run just now;"
                        + " choose another --out");
            }
            return new RunFolder(folder, lock, InterruptNotice.install(folder.resolve(BEST_MODEL), howToContinue, System.err));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The run options that keep a run in {@code folder}: the best model ({@value #BEST_MODEL}, replaced
     * only by a better epoch) and the latest epoch ({@value #LAST_EPOCH}, saved after every epoch).
     * Known before the folder is opened, so the data can be checked before anything is created.
     */
    static RunOptions options(Path folder, RunOptions base) {
        return base.bestModel(folder.resolve(BEST_MODEL)).latestModel(folder.resolve(LAST_EPOCH));
    }

    Path folder() {
        return folder;
    }

    Path bestModel() {
        return folder.resolve(BEST_MODEL);
    }

    Path lastEpoch() {
        return folder.resolve(LAST_EPOCH);
    }

    /** The run completed; no interrupt notice at exit. */
    void finished() {
        notice.finished();
    }

    @Override
    public void close() {
        try {
            notice.close();
        } finally {
            lock.close();
        }
    }
}
