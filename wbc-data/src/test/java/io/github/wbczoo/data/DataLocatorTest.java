package io.github.wbczoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the data: --data, $WBC_DATA, ../shared/bccd, or a download hint. */
class DataLocatorTest {

    @Test
    void anExplicitFolderWinsThenTheEnvironment(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        assertThat(DataLocator.locate(a.toString(), b.toString(), tmp, null, null)).isEqualTo(a);
        assertThat(DataLocator.locate(null, b.toString(), tmp, null, null)).isEqualTo(b);
    }

    @Test
    void sharedBccdIsFoundFromTheWorkingDirectoryOrTheCheckout(@TempDir Path tmp) throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared/bccd"));
        Path repo = Files.createDirectories(tmp.resolve("main"));
        assertThat(DataLocator.locate(null, null, repo, null, null)).isEqualTo(shared);
        // From a module folder the checkout root is found by its pom.xml, wbc launcher and wbc-data folder.
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.writeString(repo.resolve("wbc"), "#!/bin/sh");
        Path module = Files.createDirectories(repo.resolve("wbc-data/src"));
        assertThat(DataLocator.locate(null, null, module, null, null)).isEqualTo(shared);
        Path elsewhere = tmp.resolve("elsewhere/deep");
        assertThat(DataLocator.locate(null, null, elsewhere, null, module)).isEqualTo(shared);
        // The ./wbc launcher names the checkout with -Dwbc.home.
        assertThat(DataLocator.locate(null, null, elsewhere, repo, null)).isEqualTo(shared);
    }

    @Test
    void missingDataExplainsWhereToDownloadItAndHowToPassIt(@TempDir Path tmp) {
        Path cwd = tmp.resolve("x/y");
        assertThatThrownBy(() -> DataLocator.locate(null, null, cwd, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No BCCD data found: --data not given, WBC_DATA not set, and no ../shared/bccd (looked in "
                        + tmp.resolve("x/shared/bccd") + "). Download the Kaggle \"Blood Cell Images\" dataset"
                        + " (https://www.kaggle.com/datasets/paultimothymooney/blood-cells), unzip it, and pass the folder"
                        + " that contains dataset2-master with --data DIR or set WBC_DATA=DIR");
        assertThatThrownBy(() -> DataLocator.locate(tmp.resolve("gone").toString(), null, cwd, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--data " + tmp.resolve("gone") + ": " + tmp.resolve("gone") + " does not exist."
                        + " Download the Kaggle \"Blood Cell Images\" dataset");
        assertThatThrownBy(() -> DataLocator.locate(null, "/nowhere", cwd, null, null))
                .hasMessageStartingWith("WBC_DATA=/nowhere: /nowhere does not exist.");
    }

    @Test
    void theDefaultDiskCacheIsOffInCiAndConfigurable() {
        assertThat(DiskCache.defaultLocation(java.util.Map.of("CI", "true"), null, "/home/u")).isEmpty();
        assertThat(DiskCache.defaultLocation(java.util.Map.of(), null, "/home/u")).contains(Path.of("/home/u/.cache/wbc-zoo"));
        assertThat(DiskCache.defaultLocation(java.util.Map.of("XDG_CACHE_HOME", "/c"), null, "/home/u"))
                .contains(Path.of("/c/wbc-zoo"));
        assertThat(DiskCache.defaultLocation(java.util.Map.of("WBC_CACHE_DIR", "/w", "CI", "true"), null, "/home/u"))
                .contains(Path.of("/w"));
        assertThat(DiskCache.defaultLocation(java.util.Map.of("WBC_CACHE_DIR", "/w"), "off", "/home/u")).isEmpty();
    }
}
