package io.github.wbczoo.data;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded, resized images kept in memory as 8-bit RGB (HWC, like PIL's uint8 arrays), so each
 * file is decoded once per process and size. Bounded: once {@link #budgetBytes()} is used up,
 * further images are not kept (they are decoded again when needed, or read from the disk cache)
 * and a warning says so once. Nothing is evicted, because training visits every image each
 * epoch in random order, where keeping a stable subset beats least-recently-used churn.
 *
 * <p>Sizes: all 12,515 BCCD images take 180 MB at 80x60, 845 MB at 150x150, 1.9 GB at 224x224
 * and 2.9 GB at 320x240. The shared cache's budget is half the JVM heap ({@code -Xmx}; the
 * {@code ./wbc} launcher gives 8 GB), or {@code -Dwbc.cache.memoryMB=N}.
 *
 * <p>Usage: {@code CellImageDataset d = CellImageDataset.builder(dir).memoryCache(new PixelCache(512L << 20)).open();}
 */
public final class PixelCache {
    private static final Logger LOG = LoggerFactory.getLogger(PixelCache.class);
    private static final PixelCache SHARED = new PixelCache(defaultBudget());

    private final long budgetBytes;
    private final ConcurrentHashMap<Key, byte[]> entries = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    private record Key(Path file, int height, int width) {
    }

    /** A private cache holding at most {@code budgetBytes} of pixels (0 keeps nothing). */
    public PixelCache(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("The memory cache budget must be 0 or more bytes, got " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** The process-wide cache that datasets use unless given another. */
    public static PixelCache shared() {
        return SHARED;
    }

    private static long defaultBudget() {
        Long mb = Long.getLong("wbc.cache.memoryMB");
        return mb != null ? mb << 20 : Runtime.getRuntime().maxMemory() / 2;
    }

    /** The cached pixels of {@code file} at this size, or null. Callers must not modify the array. */
    byte[] get(Path file, int height, int width) {
        byte[] p = entries.get(new Key(file, height, width));
        (p == null ? misses : hits).incrementAndGet();
        return p;
    }

    /** Keeps the pixels if the budget allows; returns whether they were kept. */
    boolean put(Path file, int height, int width, byte[] pixels) {
        if (budgetBytes == 0) {
            return false; // a cache switched off on purpose: nothing to warn about
        }
        long size = pixels.length;
        long now = used.addAndGet(size);
        if (now > budgetBytes) {
            used.addAndGet(-size);
            if (warnedFull.compareAndSet(false, true)) {
                LOG.warn("The image cache is full ({} MB): further images are decoded again each epoch. Give the JVM"
                        + " more heap (-Xmx) or set -Dwbc.cache.memoryMB, or use the disk cache.", budgetBytes >> 20);
            }
            return false;
        }
        if (entries.putIfAbsent(new Key(file, height, width), pixels) != null) {
            used.addAndGet(-size);
        }
        return true;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public long bytesUsed() {
        return used.get();
    }

    /** Images held (each file and size counts once). */
    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    /** Forgets everything (e.g. to measure a cold start). */
    public void clear() {
        entries.clear();
        used.set(0);
        warnedFull.set(false);
    }
}
