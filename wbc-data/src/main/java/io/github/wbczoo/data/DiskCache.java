package io.github.wbczoo.data;

import io.github.wbczoo.core.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resized pixels on disk, so a second run skips JPEG decoding. Entries are keyed by the SHA-256
 * of the image file's content plus the target size (and a format version that changes whenever
 * decoding or resizing changes), so a renamed or replaced file can never be served stale
 * pixels. Each entry is a raw {@code height*width*3} byte file written atomically, so several
 * processes can share the folder.
 *
 * <p>Location: {@code -Dwbc.cache.dir}, else {@code $WBC_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/wbc-zoo}, else {@code ~/.cache/wbc-zoo}; the value {@code off}
 * disables it. It is also off when {@code CI=true} (the test runs set it), so tests only ever
 * write caches into their own temporary folders.
 *
 * <p>Usage: {@code BccdDataset d = BccdDataset.builder(dir).diskCache(Path.of("/tmp/wbc-cache")).open();}
 */
public final class DiskCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    /** Bump when decoding or resizing changes, so old entries are ignored. */
    static final String FORMAT = "pixels-v1";

    private final Path dir;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicBoolean writeFailed = new AtomicBoolean();

    public DiskCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The default cache, or empty when switched off (see the class comment). */
    public static Optional<DiskCache> defaultCache() {
        return defaultLocation(System.getenv(), System.getProperty("wbc.cache.dir"), System.getProperty("user.home"))
                .map(DiskCache::new);
    }

    static Optional<Path> defaultLocation(Map<String, String> env, String property, String home) {
        String chosen = property != null ? property : env.get("WBC_CACHE_DIR");
        if (chosen != null) {
            return chosen.isBlank() || chosen.trim().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Path.of(chosen));
        }
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            return Optional.empty();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "wbc-zoo"));
        }
        return home == null ? Optional.empty() : Optional.of(Path.of(home, ".cache", "wbc-zoo"));
    }

    public Path dir() {
        return dir;
    }

    /** The cached pixels for this content and size, or null. */
    byte[] get(String sha256, int height, int width) {
        Path file = entry(sha256, height, width);
        try {
            byte[] pixels = Files.readAllBytes(file);
            if (pixels.length != height * width * 3) {
                return null; // a damaged entry: decode again and overwrite it
            }
            hits.incrementAndGet();
            return pixels;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.debug("Cannot read cache entry {}: {}", file, e.toString());
            return null;
        }
    }

    /** Stores pixels; a cache that cannot be written only logs once, it never fails training. */
    void put(String sha256, int height, int width, byte[] pixels) {
        if (writeFailed.get()) {
            return;
        }
        try {
            AtomicFiles.write(entry(sha256, height, width), out -> out.write(pixels));
            writes.incrementAndGet();
        } catch (UncheckedIOException e) {
            if (writeFailed.compareAndSet(false, true)) {
                LOG.warn("The disk cache at {} cannot be written ({}); continuing without it.", dir, e.getMessage());
            }
        }
    }

    Path entry(String sha256, int height, int width) {
        String size = String.format(Locale.ROOT, "%dx%d", width, height);
        return dir.resolve(FORMAT).resolve(size).resolve(sha256.substring(0, 2)).resolve(sha256 + ".rgb");
    }

    /** Entries read back in this process. */
    public long hits() {
        return hits.get();
    }

    /** Entries written in this process. */
    public long writes() {
        return writes.get();
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
