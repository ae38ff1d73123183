package io.github.wbczoo.core;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * truncated file: write to a temporary file in the same folder, then rename it over the target.
 * A crash mid-save leaves the previous model or report intact.
 *
 * <p>Usage: {@code AtomicFiles.write(path, out -> out.write(bytes));}
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes the content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Something that writes the content into a (temporary) file. */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code target} atomically, creating its folder if needed.
     *
     * @throws UncheckedIOException naming the target and what to do when it cannot be written
     */
    public static void write(Path target, Writer writer) {
        writeFile(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.writeTo(out);
            }
        });
    }

    /**
     * Like {@link #write(Path, Writer)} for writers that need a file rather than a stream (e.g. a
     * zip archive that is written and then amended); the file they get is a temporary sibling of
     * the target.
     */
    public static void writeFile(Path target, FileWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            readableByOthers(tmp);
            writer.writeTo(tmp);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + absolute + ": " + describe(e)
                    + ". Check that the folder exists and is writable, or choose another output path.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more than a leftover temp file
                }
            }
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Temp files are created owner-only; the finished file should have ordinary permissions. */
    private static void readableByOthers(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + " (" + e.getMessage() + ")";
    }
}
