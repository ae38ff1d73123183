package io.github.wbczoo.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * Exclusive use of an output folder by one run, so two runs writing into one folder cannot
 * silently replace each other's model. The lock is the operating system's lock on
 * {@value #FILE_NAME} in the folder (released by the OS when the process dies, so a crashed run
 * never blocks the next), and the file says who holds it: pid and start time, for the message the
 * second run prints. A lock file left by a dead process is stale and is taken over.
 *
 * <p>Usage: {@code try (OutputLock lock = OutputLock.acquire(out)) { ...train into out... }}
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name inside the locked folder. */
    public static final String FILE_NAME = ".wbc-lock";

    /**
     * Folders this JVM holds. POSIX locks belong to the process, and closing any handle on the file
     * drops them all, so a second attempt from this same JVM must be refused before it opens the file.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean tookOverStale;

    private OutputLock(Path file, FileChannel channel, FileLock lock, boolean tookOverStale) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.tookOverStale = tookOverStale;
    }

    /**
     * Locks {@code folder} (which must exist) for this process.
     *
     * @throws IllegalStateException naming the holder (pid, start time) when another live run has it
     * @throws UncheckedIOException  when the lock file cannot be created
     */
    public static OutputLock acquire(Path folder) {
        Path file = folder.toAbsolutePath().normalize().resolve(FILE_NAME);
        if (!HELD.add(file)) {
            throw inUse(folder, ownerLine().trim()); // this very process
        }
        try {
            return acquireFile(folder, file);
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static OutputLock acquireFile(Path folder, Path file) {
        for (int attempt = 0; attempt < 10; attempt++) {
            FileChannel channel = null;
            try {
                Object before = fileKey(file);
                try {
                    channel = before == null
                            ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                            : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException | NoSuchFileException e) {
                    continue; // another run created or removed it just now: look again
                }
                Object opened = before == null ? fileKey(file) : before;
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    String holder = describeHolder(file);
                    channel.close();
                    throw inUse(folder, holder);
                }
                if (opened == null || !opened.equals(fileKey(file))) {
                    // the holder removed the file between our open and our lock: ours is a deleted file, try the new one
                    lock.release();
                    channel.close();
                    continue;
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(ownerLine().getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                return new OutputLock(file, channel, lock, before != null);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("Cannot lock " + folder.toAbsolutePath() + " (" + file.getFileName() + "): "
                        + e.getMessage() + ". Check that the folder is writable, or choose another output folder.", e);
            }
        }
        throw new IllegalStateException("Could not lock " + folder.toAbsolutePath() + ": its lock file kept changing");
    }

    /**
     * Fails at once when another live run holds {@code folder}, without taking the lock or
     * creating anything: a command can say so before minutes of data preparation.
     *
     * @throws IllegalStateException naming the holder, as {@link #acquire} would
     */
    public static void requireFree(Path folder) {
        Path file = folder.toAbsolutePath().normalize().resolve(FILE_NAME);
        if (HELD.contains(file)) {
            throw inUse(folder, ownerLine().trim());
        }
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = tryLock(channel);
            if (probe == null) {
                throw inUse(folder, describeHolder(file));
            }
            probe.release();
        } catch (NoSuchFileException e) {
            // released and removed just now: free
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a lock file was already there from a run that is no longer alive (a crash or kill). */
    public boolean tookOverStaleLock() {
        return tookOverStale;
    }

    /** The folder this lock holds. */
    public Path folder() {
        return file.getParent();
    }

    /** Releases the lock and removes the lock file. */
    @Override
    public void close() {
        try {
            // delete while still holding the lock, so a waiting run re-checks and locks the new file
            Files.deleteIfExists(file);
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the lock " + file + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
            HELD.remove(file);
        }
    }

    /** The OS lock, or null when another process (or other code in this JVM, outside {@link #HELD}) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static IllegalStateException inUse(Path folder, String holder) {
        return new IllegalStateException(folder.toAbsolutePath() + " is in use by another wbc run (" + holder
                + "); wait for it to finish or choose another output folder");
    }

    /** "pid 1234, started 2026-12-01T12:00:00Z". */
    static String ownerLine() {
        ProcessHandle me = ProcessHandle.current();
        return "pid " + me.pid() + ", started " + me.info().startInstant().map(Instant::toString).orElse("at an unknown time") + "\n";
    }

    /**
     * The holder's own line. A run creates and locks the file before it writes its pid into it, so a
     * second run that looks in that instant finds it empty: it waits a moment (at most 0.5 s) for the line.
     */
    private static String describeHolder(Path file) {
        for (int attempt = 0; attempt < 25; attempt++) {
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    return s;
                }
                Thread.sleep(20);
            } catch (IOException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "its lock file " + file + " is held";
    }

    /** The file's identity (device and inode on Linux), or null when it does not exist. */
    private static Object fileKey(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key == null ? file : key; // file systems without keys: the path is the best we have
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
