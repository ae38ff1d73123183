package io.github.wbczoo.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.PixelCache;
import io.github.wbczoo.examples.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./wbc cache info} and {@code ./wbc cache clear} on a cache a dataset filled in a temporary folder. */
class CacheCommandTest {
    private static final String NL = System.lineSeparator();
    /**
     * The tiny set's 24 files hold 8 distinct images (each split repeats them), and entries are
     * keyed by content: 8 entries of 16x12 pixels, 3 bytes each.
     */
    private static final long BYTES = 8L * 16 * 12 * 3;

    @TempDir
    Path dir;

    /** Fills {@code dir/cache} the way training does: every image decoded once at 16x12. */
    private Path filledCache() {
        Path cache = dir.resolve("cache");
        CellImageDataset d = CellImageDataset.builder(DataFixtures.tiny(dir)).memoryCache(new PixelCache(0)).diskCache(cache).open();
        assertThat(d.preload(d.allImages(), 12, 16)).isEqualTo(24);
        return cache.toAbsolutePath();
    }

    @Test
    void infoReportsTheLocationSizeAndNumberOfFiles() throws Exception {
        Path cache = filledCache();
        CliRunner.Result r = CliRunner.run("cache", "info", "--dir", cache.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(WbcCli.EXIT_OK);
        assertThat(r.out()).isEqualTo("image cache:  " + cache + " (from --dir)" + NL
                + "size on disk: 4.5 KB in 8 files" + NL
                + "move it:      mv " + cache + " NEWDIR && export WBC_CACHE_DIR=NEWDIR; delete it: ./wbc cache clear" + NL);

        JsonNode json = Json.mapper().readTree(CliRunner.run("cache", "info", "--dir", cache.toString(), "--json").out());
        assertThat(json.get("dir").asText()).isEqualTo(cache.toString());
        assertThat(json.get("enabled").asBoolean()).isTrue();
        assertThat(json.get("files").asLong()).isEqualTo(8);
        assertThat(json.get("bytes").asLong()).isEqualTo(BYTES);
    }

    @Test
    void clearEmptiesTheCacheAndLeavesEverythingElseAlone() throws Exception {
        Path cache = filledCache();
        Path mine = Files.writeString(cache.resolve("my-notes.txt"), "keep me");
        Path beside = Files.writeString(dir.resolve("beside.rgb"), "keep me too");
        CliRunner.Result r = CliRunner.run("cache", "clear", "--dir", cache.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(WbcCli.EXIT_OK);
        assertThat(r.out()).isEqualTo("Cleared the image cache at " + cache + ": freed 4.5 KB in 8 files." + NL);
        try (Stream<Path> left = Files.walk(cache)) {
            assertThat(left).containsExactlyInAnyOrder(cache, mine);
        }
        assertThat(mine).hasContent("keep me");
        assertThat(beside).hasContent("keep me too");
        assertThat(dir.resolve("tiny/dataset2-master/images/TRAIN/EOSINOPHIL/_0_0.png")).exists();
        assertThat(CliRunner.run("cache", "info", "--dir", cache.toString()).out())
                .contains("size on disk: 0 bytes in 0 files" + NL);
        assertThat(CliRunner.run("cache", "clear", "--dir", cache.toString()).out())
                .isEqualTo("Cleared the image cache at " + cache + ": freed 0 bytes in 0 files." + NL);
    }

    @Test
    void withoutDirTheCommandsUseTheLocationTheOtherCommandsUse() {
        Path cache = filledCache();
        String before = System.getProperty("wbc.cache.dir");
        try {
            System.setProperty("wbc.cache.dir", cache.toString());
            assertThat(CliRunner.run("cache", "info").out()).startsWith("image cache:  " + cache + " (from -Dwbc.cache.dir)"
                    + NL + "size on disk: 4.5 KB in 8 files" + NL);
            System.setProperty("wbc.cache.dir", "off");
            CliRunner.Result off = CliRunner.run("cache", "clear");
            assertThat(off.exitCode()).isEqualTo(WbcCli.EXIT_OK);
            assertThat(off.out()).isEqualTo("The image cache is off (-Dwbc.cache.dir=off): nothing to clear (use --dir DIR"
                    + " for another folder)." + NL);
            assertThat(CliRunner.run("cache", "info").out()).isEqualTo("image cache:  off (-Dwbc.cache.dir=off)" + NL);
        } finally {
            if (before == null) {
                System.clearProperty("wbc.cache.dir");
            } else {
                System.setProperty("wbc.cache.dir", before);
            }
        }
        assertThat(cache.resolve("pixels-v1")).isDirectory(); // "off" cleared nothing
    }

    @Test
    void theHelpOfDataAndCacheSaysWhereTheCacheIsAndHowToMoveIt() {
        for (String[] args : new String[][] {{"data", "--help"}, {"cache", "--help"}}) {
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).isEqualTo(WbcCli.EXIT_OK);
            assertThat(r.out()).contains("Where: -Dwbc.cache.dir, else $WBC_CACHE_DIR, else $XDG_CACHE_HOME/wbc-zoo,")
                    .contains("else ~/.cache/wbc-zoo. The value 'off' disables it; it is off when CI=true.")
                    .contains("export WBC_CACHE_DIR=/big/disk/wbc-zoo")
                    .contains("./wbc cache info").contains("./wbc cache clear");
        }
        // The description column starts after the longest command name (spark-classify), wherever that is.
        assertThat(CliRunner.run("--help").out()).containsPattern("\n  cache +The disk cache of decoded, resized images");
    }
}
