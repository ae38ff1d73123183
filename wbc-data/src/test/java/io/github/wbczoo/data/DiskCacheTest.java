package io.github.wbczoo.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache's location, size and clearing: what {@code ./wbc cache info} and {@code clear} report. */
class DiskCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theLocationSaysWhichSettingChoseIt() {
        assertThat(DiskCache.locate(Map.of(), "/p", "/home/u"))
                .isEqualTo(new DiskCache.Location(Optional.of(Path.of("/p")), "-Dwbc.cache.dir"));
        assertThat(DiskCache.locate(Map.of("WBC_CACHE_DIR", "/w"), null, "/home/u").describe())
                .isEqualTo("/w (from $WBC_CACHE_DIR)");
        assertThat(DiskCache.locate(Map.of("WBC_CACHE_DIR", "off"), null, "/home/u").describe())
                .isEqualTo("off ($WBC_CACHE_DIR=off)");
        assertThat(DiskCache.locate(Map.of("CI", "true"), null, "/home/u").describe())
                .isEqualTo("off (CI=true; set WBC_CACHE_DIR to use one anyway)");
        assertThat(DiskCache.locate(Map.of("XDG_CACHE_HOME", "/c"), null, "/home/u").describe())
                .isEqualTo("/c/wbc-zoo (from $XDG_CACHE_HOME)");
        assertThat(DiskCache.locate(Map.of(), null, "/home/u").describe())
                .isEqualTo("/home/u/.cache/wbc-zoo (from the default, ~/.cache/wbc-zoo)");
    }

    @Test
    void usageCountsTheEntriesTheDatasetWroteAndClearDeletesOnlyThose() throws IOException {
        Path cacheDir = tmp.resolve("cache");
        Path root = TestDatasets.synthetic(tmp.resolve("bccd"), 1, TestDatasets::colour);
        CellImageDataset d = CellImageDataset.builder(root).memoryCache(new PixelCache(0)).diskCache(cacheDir).open();
        assertThat(d.preload(d.allImages(), 6, 8)).isEqualTo(12);
        DiskCache cache = d.diskCache().orElseThrow();
        assertThat(cache.writes()).isEqualTo(12);
        // The user's own files in the folder, and a file beside it, are neither counted nor deleted.
        Path notes = Files.writeString(cacheDir.resolve("notes.txt"), "mine");
        Path lookalike = Files.writeString(cacheDir.resolve(DiskCache.FORMAT).resolve("README"), "mine too");
        Path beside = Files.writeString(tmp.resolve("beside.rgb"), "x");

        DiskCache.Usage usage = cache.usage();
        assertThat(usage).isEqualTo(new DiskCache.Usage(12, 12L * 6 * 8 * 3));
        assertThat(usage.describeBytes()).isEqualTo("1.7 KB");

        assertThat(cache.clear()).isEqualTo(usage);
        assertThat(cache.usage()).isEqualTo(new DiskCache.Usage(0, 0));
        try (Stream<Path> left = Files.walk(cacheDir)) {
            assertThat(left.map(cacheDir::relativize).map(Path::toString))
                    .containsExactlyInAnyOrder("", "notes.txt", DiskCache.FORMAT, DiskCache.FORMAT + "/README");
        }
        assertThat(notes).hasContent("mine");
        assertThat(lookalike).hasContent("mine too");
        assertThat(beside).hasContent("x");
    }

    @Test
    void aMissingFolderHoldsNothingAndClearsToNothing() {
        DiskCache cache = new DiskCache(tmp.resolve("never-made"));
        assertThat(cache.usage()).isEqualTo(new DiskCache.Usage(0, 0));
        assertThat(cache.clear()).isEqualTo(new DiskCache.Usage(0, 0));
        assertThat(tmp.resolve("never-made")).doesNotExist();
    }

    @Test
    void sizesArePrintedInBinaryUnits() {
        assertThat(new DiskCache.Usage(0, 0).describeBytes()).isEqualTo("0 bytes");
        assertThat(new DiskCache.Usage(1, 1).describeBytes()).isEqualTo("1 byte");
        assertThat(new DiskCache.Usage(1, 1023).describeBytes()).isEqualTo("1023 bytes");
        assertThat(new DiskCache.Usage(1, 3L << 30).describeBytes()).isEqualTo("3.0 GB");
    }
}
