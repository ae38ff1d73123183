package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.DataLocator;
import io.github.wbczoo.examples.bench.DataBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./wbc bench data}: images per second of the data pipeline, cold and warm.
 *
 * <p>Usage: {@code ./wbc bench data --json}
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Images/s of decode + resize + Keras Inception augmentation + normalisation over all 12,515 BCCD"
                + " images: cold (first pass) and warm (memory cache); targets: cold under 60 s, warm at least 3,000/s"
                + " at 80x60.")
public final class DataBenchCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "BCCD folder (default: $WBC_DATA, then ../shared/bccd).")
    String data;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--size", defaultValue = "80x60", paramLabel = "WxH", description = "Input size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--passes", defaultValue = "3", description = "Timed warm passes of each kind; the median is reported"
            + " (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--disk-cache", description = "Also time a new process's first pass from a filled disk cache"
            + " (fills a temporary one first: one more cold pass).")
    boolean diskCache;

    @Override
    public Integer call() {
        int[] wh = ImageSizes.parse("--size", size);
        if (batch <= 0) {
            throw new IllegalArgumentException("--batch must be positive, got " + batch);
        }
        DataBenchmark.Result r = DataBenchmark.run(DataLocator.locate(data), wh[1], wh[0], batch, passes, diskCache);
        if (json) {
            System.out.println(Json.write(r));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%d images at %s, batch %d, %d worker threads%n", r.images(), r.size(), r.batchSize(),
                r.threads());
        System.out.printf(Locale.ROOT, "cold (decode+resize+augment+normalise): %7.0f images/s, %.1f s for all (target < %.0f s: %s)%n",
                r.coldImagesPerSecond(), r.coldSeconds(), DataBenchmark.COLD_TARGET_SECONDS, r.coldTargetMet() ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "  cold pass CPU time %.1f s (all threads): about %.1f s on %d idle cores%n",
                r.coldCpuSeconds(), r.coldCpuSeconds() / r.threads(), r.threads());
        System.out.printf(Locale.ROOT, "warm, augmented:                        %7.0f images/s (target >= %.0f: %s)%n",
                r.warmImagesPerSecond(), DataBenchmark.WARM_TARGET_IMAGES_PER_SECOND, r.warmTargetMet() ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "  warm pass CPU time %.1f s: about %.0f images/s on %d idle cores%n",
                r.warmCpuSecondsPerPass(), r.images() * r.threads() / r.warmCpuSecondsPerPass(), r.threads());
        System.out.printf(Locale.ROOT, "warm, not augmented:                    %7.0f images/s%n", r.warmPlainImagesPerSecond());
        if (r.diskCacheImagesPerSecond() != null) {
            System.out.printf(Locale.ROOT, "new process from the disk cache:        %7.0f images/s%n", r.diskCacheImagesPerSecond());
        }
        return 0;
    }
}
