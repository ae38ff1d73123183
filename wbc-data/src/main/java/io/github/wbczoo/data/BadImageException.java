package io.github.wbczoo.data;

import java.util.Objects;

/**
 * An image file that cannot be used: empty, not an image, corrupt or truncated. An
 * {@link IllegalArgumentException}, so the CLI reports it as bad input in one line.
 *
 * <p>Usage: {@code try { ImageDecoder.read(file); } catch (BadImageException e) { skipped.add(e.problem()); }}
 */
public final class BadImageException extends IllegalArgumentException {
    private final transient DataProblem problem;

    public BadImageException(DataProblem problem, Throwable cause) {
        super("Cannot use image " + problem.file() + ": " + problem.reason(), cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public BadImageException(DataProblem problem) {
        this(problem, null);
    }

    /** The file and what is wrong with it. */
    public DataProblem problem() {
        return problem;
    }
}
