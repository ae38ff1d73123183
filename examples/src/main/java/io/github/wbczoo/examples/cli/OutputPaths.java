package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.OutputLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that output paths can be written before any long work starts (training, inference over
 * a whole split), without creating anything: a command that fails on its arguments leaves no
 * empty folder behind, and a bad {@code --out} costs seconds, not the minutes of work before it.
 *
 * <p>Usage: {@code OutputPaths.requireWritableFolder(out, "--out");} then, when work starts, {@code OutputPaths.create(out, "--out")}
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * {@code folder} is an existing writable folder, or could be created (its nearest existing
     * ancestor is a writable folder).
     *
     * @throws IllegalArgumentException naming the option, the path and the reason
     */
    static void requireWritableFolder(Path folder, String option) {
        Path abs = folder.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + abs + " is a file, not a folder; choose a folder path");
        }
        requireWritableAncestor(abs, option, abs);
    }

    /**
     * {@code file} can be written: it is not a folder, and its folder exists writable or could be created.
     *
     * @throws IllegalArgumentException naming the option, the path and the reason
     */
    static void requireWritableFile(Path file, String option) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(option + " " + abs + " is a folder; give a file name, e.g. "
                    + abs.resolve("predictions.csv"));
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new IllegalArgumentException(option + " " + abs + " exists and is not writable; choose another file");
        }
        requireWritableAncestor(abs.getParent(), option, abs);
    }

    /** Fails at once, naming the {@code --out} option, when another live run holds the folder ({@link OutputLock#requireFree}). */
    static void requireUnlocked(Path folder) {
        try {
            OutputLock.requireFree(folder);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--out " + e.getMessage(), e);
        }
    }

    /** Locks the folder for this run ({@link OutputLock#acquire}); another live run's hold is a bad {@code --out}. */
    static OutputLock lock(Path folder) {
        try {
            return OutputLock.acquire(folder);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--out " + e.getMessage(), e);
        }
    }

    /** Creates the folder once work starts. */
    static Path create(Path folder, String option) {
        Path abs = folder.toAbsolutePath().normalize();
        try {
            return Files.createDirectories(abs);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot create " + abs + " (" + reason(e) + "); choose another folder", e);
        }
    }

    private static void requireWritableAncestor(Path start, String option, Path target) {
        Path p = start;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalArgumentException(option + " " + target + ": no part of this path exists; choose another path");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + target + ": " + p + " is a file, so nothing can be created"
                    + " under it; choose another path");
        }
        // Files.isWritable answers from permission bits, which root ignores and /proc or read-only mounts
        // do not show: creating (and removing) a small file is the only reliable test.
        try {
            Path probe = Files.createTempFile(p, ".wbc-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "it does not accept new files" : reason(e);
            throw new IllegalArgumentException(option + " " + target + ": cannot write in " + p + " (" + why
                    + "); choose a folder you can write to", e);
        }
    }

    private static String reason(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        String name = switch (type) {
            case "AccessDenied" -> "permission denied";
            case "FileSystem" -> e.getMessage();
            case "NoSuchFile" -> "no such file or folder";
            case "ReadOnlyFileSystem" -> "read-only file system";
            default -> e.getMessage() == null ? type : e.getMessage();
        };
        return name == null ? type : name;
    }
}
