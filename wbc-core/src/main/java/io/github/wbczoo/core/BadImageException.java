package io.github.wbczoo.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An image file that cannot be used: missing or unreadable, empty, not an image, corrupt or
 * truncated. Carries the file and the reason separately, so a batch tool can report the reason on
 * the file's own row and a dataset can list skipped files. An {@link IllegalArgumentException},
 * so the CLI reports it as bad input in one line.
 *
 * <p>Usage: {@code try { ImageDecoder.read(file); } catch (BadImageException e) { skipped.put(e.file(), e.reason()); }}
 */
public final class BadImageException extends IllegalArgumentException {
    // Path is not Serializable (UnixPath); exceptions are, so the path is not part of the serial form.
    private final transient Path file;
    private final String reason;

    /**
     * @param file   the offending file, as it should appear in messages
     * @param reason what is wrong and what was expected, e.g. {@code empty file (0 bytes); expected a JPEG or PNG image}
     * @param cause  the decoder's own exception, or null
     */
    public BadImageException(Path file, String reason, Throwable cause) {
        super("Cannot use image " + file + ": " + reason, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BadImageException(Path file, String reason) {
        this(file, reason, null);
    }

    /** The file that cannot be used. */
    public Path file() {
        return file;
    }

    /** What is wrong with it and what was expected, without the file name. */
    public String reason() {
        return reason;
    }
}
