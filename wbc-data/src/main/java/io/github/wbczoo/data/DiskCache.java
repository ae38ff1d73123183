package io.github.wbczoo.data;

import io.github.wbczoo.core.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * write caches into their own temporary folders. A full run at several sizes fills a few GB
 * (about 180 MB per size at 80x60, 2.9 GB at 320x240); {@link #usage()} measures it and
 * {@link #clear()} deletes it ({@code ./wbc cache info}, {@code ./wbc cache clear}).
 *
 * <p>Usage: {@code CellImageDataset d = CellImageDataset.builder(dir).diskCache(Path.of("/tmp/wbc-cache")).open();}
 */
public final class DiskCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    /** Bump when decoding or resizing changes, so old entries are ignored. */
    static final String FORMAT = "pixels-v1";
    /** The folders of every format version, current or old: what {@link #clear()} may delete in. */
    private static final Pattern FORMAT_DIR = Pattern.compile("pixels-v\\d+");
    /** An entry ({@code <sha256>.rgb}) or a temporary file of an interrupted atomic write of one. */
    private static final Pattern ENTRY_FILE = Pattern.compile("[0-9a-f]{64}\\.rgb|\\.[0-9a-f]{64}\\.rgb\\..*\\.tmp");

    private final Path dir;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicBoolean writeFailed = new AtomicBoolean();

    public DiskCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Where the default cache is and which setting chose it.
     *
     * <p>Usage: {@code Location l = DiskCache.defaultLocation(); System.out.println(l.describe());}
     *
     * @param dir    the cache folder (absolute), or empty when the cache is off
     * @param source what decided it, e.g. {@code $WBC_CACHE_DIR} or {@code the default (~/.cache/wbc-zoo)}
     */
    public record Location(Optional<Path> dir, String source) {
        public Location {
            dir = dir.map(d -> d.toAbsolutePath().normalize());
        }

        /** One line, e.g. {@code /home/u/.cache/wbc-zoo (from $WBC_CACHE_DIR)} or {@code off (CI=true)}. */
        public String describe() {
            return dir.map(d -> d + " (from " + source + ")").orElse("off (" + source + ")");
        }
    }

    /** The default cache, or empty when switched off (see the class comment). */
    public static Optional<DiskCache> defaultCache() {
        return defaultLocation().dir().map(DiskCache::new);
    }

    /** Where the default cache is, from this process's {@code -Dwbc.cache.dir} and environment. */
    public static Location defaultLocation() {
        return locate(System.getenv(), System.getProperty("wbc.cache.dir"), System.getProperty("user.home"));
    }

    static Optional<Path> defaultLocation(Map<String, String> env, String property, String home) {
        return locate(env, property, home).dir();
    }

    static Location locate(Map<String, String> env, String property, String home) {
        String chosen = property != null ? property : env.get("WBC_CACHE_DIR");
        if (chosen != null) {
            String source = property != null ? "-Dwbc.cache.dir" : "$WBC_CACHE_DIR";
            return chosen.isBlank() || chosen.trim().equalsIgnoreCase("off")
                    ? new Location(Optional.empty(), source + "=" + chosen.trim())
                    : new Location(Optional.of(Path.of(chosen)), source);
        }
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            return new Location(Optional.empty(), "CI=true; set WBC_CACHE_DIR to use one anyway");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new Location(Optional.of(Path.of(xdg, "wbc-zoo")), "$XDG_CACHE_HOME");
        }
        return home == null ? new Location(Optional.empty(), "no home folder; set WBC_CACHE_DIR")
                : new Location(Optional.of(Path.of(home, ".cache", "wbc-zoo")), "the default, ~/.cache/wbc-zoo");
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

    /**
     * Files and bytes on disk, e.g. what the cache holds or what {@link #clear()} freed.
     *
     * <p>Usage: {@code Usage u = cache.usage(); System.out.println(u.files() + " files, " + u.describeBytes());}
     *
     * @param files number of cache files
     * @param bytes their total size
     */
    public record Usage(long files, long bytes) {
        /** The size for people: {@code 0 bytes}, {@code 512 bytes}, {@code 2.8 GB} (1 GB = 1024^3 bytes). */
        public String describeBytes() {
            if (bytes < 1024) {
                return bytes + (bytes == 1 ? " byte" : " bytes");
            }
            String[] units = {"KB", "MB", "GB", "TB"};
            double v = bytes;
            int u = -1;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
        }
    }

    /**
     * What the cache holds: its entries (and leftovers of interrupted writes) in every format
     * version's folder. Other files in the folder are not counted. A missing folder holds nothing.
     *
     * @throws UncheckedIOException when the folder cannot be read
     */
    public Usage usage() {
        long[] total = new long[2];
        forEachEntry((file, size) -> {
            total[0]++;
            total[1] += size;
        });
        return new Usage(total[0], total[1]);
    }

    /**
     * Deletes the cache's entries (every format version) and the folders they leave empty; any
     * other file in the folder, and the folder itself, are left alone, so pointing the cache at a
     * shared folder by mistake cannot delete someone else's files. Safe while no other process
     * uses the cache (one that does just decodes again).
     *
     * @return what was freed
     * @throws UncheckedIOException when a file cannot be deleted (what was freed so far is in the message)
     */
    public Usage clear() {
        long[] freed = new long[2];
        try {
            forEachEntry((file, size) -> {
                Files.deleteIfExists(file);
                freed[0]++;
                freed[1] += size;
            });
            for (Path formatDir : formatDirs()) {
                deleteEmptyFolders(formatDir);
            }
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot clear the disk cache at " + dir + " (freed "
                    + new Usage(freed[0], freed[1]).describeBytes() + " in " + freed[0] + " files so far): "
                    + e.getCause().getMessage(), e.getCause());
        }
        return new Usage(freed[0], freed[1]);
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void visit(Path file, long size) throws IOException;
    }

    /** Visits every entry file below the format folders; links are not followed, so nothing outside is touched. */
    private void forEachEntry(EntryVisitor visitor) {
        for (Path formatDir : formatDirs()) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(formatDir)) {
                files = s.filter(p -> ENTRY_FILE.matcher(p.getFileName().toString()).matches()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path f : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        visitor.visit(f, a.size());
                    }
                } catch (NoSuchFileException e) {
                    // removed meanwhile (another process's atomic write finishing): nothing to count
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private List<Path> formatDirs() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> FORMAT_DIR.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Removes empty folders below and including {@code root}, deepest first; non-empty ones stay. */
    private static void deleteEmptyFolders(Path root) {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path d : dirs) {
            try (Stream<Path> entries = Files.list(d)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(d);
                }
            } catch (IOException e) {
                LOG.debug("Cannot remove cache folder {}: {}", d, e.toString());
            }
        }
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
