package io.github.wbczoo.examples.bench;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.BccdIterator;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.PixelCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How fast the data pipeline feeds training: images per second of decode + resize + augment +
 * normalise over all 12,515 BCCD images, cold (first pass, nothing cached in this process; the
 * operating system's file cache may be warm) and warm (pixels cached in memory), with the Keras
 * Inception augmentation and without, optionally a cold start from a filled disk cache. Every
 * pass runs through a shuffled {@link BccdIterator} with its prefetching worker threads.
 *
 * <p>Usage: {@code DataBenchmark.Result r = DataBenchmark.run(dataDir, 60, 80, 32, 3, false);}
 */
public final class DataBenchmark {
    /** The targets on a 2-core machine. */
    public static final double COLD_TARGET_SECONDS = 60;
    public static final double WARM_TARGET_IMAGES_PER_SECOND = 3000;

    private DataBenchmark() {
    }

    /**
     * Figures of one run.
     *
     * @param images                      images per pass (all of the dataset)
     * @param size                        "80x60" (width x height)
     * @param batchSize                   images per batch
     * @param threads                     worker threads that decode and augment
     * @param coldSeconds                 first augmented pass: decode + resize + augment + normalise
     * @param coldImagesPerSecond         the same as a rate
     * @param warmImagesPerSecond         augmented passes from the memory cache (median)
     * @param warmPlainImagesPerSecond    unaugmented passes from the memory cache (median)
     * @param coldCpuSeconds              CPU time the whole process spent in the cold pass (all threads, GC included):
     *                                    on a shared machine, coldCpuSeconds / threads estimates the idle-machine wall time
     * @param warmCpuSecondsPerPass       CPU time of one warm augmented pass (median)
     * @param diskCacheImagesPerSecond    a new process's first pass served by a filled disk cache, or null when not measured
     * @param coldTargetMet               cold pass under {@link #COLD_TARGET_SECONDS}
     * @param warmTargetMet               warm augmented rate at least {@link #WARM_TARGET_IMAGES_PER_SECOND}
     */
    public record Result(int images, String size, int batchSize, int threads, double coldSeconds, double coldImagesPerSecond,
                         double warmImagesPerSecond, double warmPlainImagesPerSecond, double coldCpuSeconds,
                         double warmCpuSecondsPerPass, Double diskCacheImagesPerSecond,
                         boolean coldTargetMet, boolean warmTargetMet) {
    }

    /** Measures at {@code height x width}; {@code warmPasses} timed warm passes of each kind. */
    public static Result run(Path dataDir, int height, int width, int batchSize, int warmPasses, boolean diskCache) {
        if (warmPasses <= 0) {
            throw new IllegalArgumentException("warm passes must be positive, got " + warmPasses);
        }
        CellImageDataset data = CellImageDataset.builder(dataDir).memoryCache(new PixelCache(Runtime.getRuntime().maxMemory() / 2))
                .noDiskCache().open();
        List<LabeledImage> all = data.allImages();
        DataConfig config = DataConfig.rgb(height, width, Normalization.divideBy255());
        BccdIterator augmented = data.iteratorBuilder(all, config).batchSize(batchSize).shuffle(1)
                .augmentation(Augmentation.kerasInception()).build();
        double cpu0 = processCpuSeconds();
        double cold = seconds(augmented);
        double coldCpu = processCpuSeconds() - cpu0;
        double[] warm = new double[warmPasses];
        double[] warmCpu = new double[warmPasses];
        for (int i = 0; i < warmPasses; i++) {
            double c = processCpuSeconds();
            warm[i] = seconds(augmented);
            warmCpu[i] = processCpuSeconds() - c;
        }
        BccdIterator plain = data.iteratorBuilder(all, config).batchSize(batchSize).shuffle(1).build();
        double[] warmPlain = new double[warmPasses];
        for (int i = 0; i < warmPasses; i++) {
            warmPlain[i] = seconds(plain);
        }
        Double disk = diskCache ? diskCacheRate(dataDir, all.size(), config, batchSize) : null;
        int n = all.size();
        double warmRate = n / median(warm);
        return new Result(n, config.sizeLabel(), batchSize, threads(), cold, n / cold, warmRate, n / median(warmPlain), coldCpu,
                median(warmCpu), disk,
                cold < COLD_TARGET_SECONDS, warmRate >= WARM_TARGET_IMAGES_PER_SECOND);
    }

    /** Fills a temporary disk cache (untimed), then times a fresh in-process cache reading from it. */
    private static double diskCacheRate(Path dataDir, int n, DataConfig config, int batchSize) {
        Path dir;
        try {
            dir = Files.createTempDirectory("wbc-bench-cache");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for the disk cache benchmark", e);
        }
        try {
            CellImageDataset filler = CellImageDataset.builder(dataDir).memoryCache(new PixelCache(0)).diskCache(dir).open();
            filler.preload(filler.allImages(), config.height(), config.width());
            CellImageDataset reader = CellImageDataset.builder(dataDir).memoryCache(new PixelCache(Runtime.getRuntime().maxMemory() / 2))
                    .diskCache(dir).open();
            BccdIterator it = reader.iteratorBuilder(reader.allImages(), config).batchSize(batchSize).shuffle(1)
                    .augmentation(Augmentation.kerasInception()).build();
            return n / seconds(it);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** One full pass, consuming every batch as training would (the features are touched). */
    private static double seconds(BccdIterator it) {
        it.reset();
        long start = System.nanoTime();
        long rows = 0;
        while (it.hasNext()) {
            DataSet batch = it.next();
            rows += batch.getFeatures().size(0);
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (rows != it.imagesPerEpoch()) {
            throw new IllegalStateException("A pass yielded " + rows + " images, expected " + it.imagesPerEpoch());
        }
        return s;
    }

    /**
     * CPU seconds used by this process so far (all threads), or NaN where the JVM does not say. Linux
     * counts it in 10 ms ticks, so a pass shorter than that can read 0.
     */
    private static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int threads() {
        return Integer.getInteger("wbc.data.threads", Runtime.getRuntime().availableProcessors());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }
}
