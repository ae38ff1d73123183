package io.github.wbczoo.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the BCCD folder the CLI should use: {@code --data DIR} when given, else
 * {@code $WBC_DATA}, else {@code ../shared/bccd} relative to the working directory, else
 * {@code ../shared/bccd} beside the wbc-zoo checkout (the {@code wbc.home} property the
 * {@code ./wbc} launcher sets, or the checkout found above the working directory or the loaded
 * code). When none exists the error says where to download the data.
 *
 * <p>Usage: {@code CellImageDataset d = BccdDataset.open(DataLocator.locate(dataOption));}
 */
public final class DataLocator {
    /** Where to get the data and how to pass it. */
    public static final String DOWNLOAD_HINT = "Download the Kaggle \"Blood Cell Images\" dataset"
            + " (https://www.kaggle.com/datasets/paultimothymooney/blood-cells), unzip it, and pass the folder that"
            + " contains dataset2-master with --data DIR or set WBC_DATA=DIR";

    private DataLocator() {
    }

    /** The data folder for an optional {@code --data} value (null when not given). */
    public static Path locate(String explicit) {
        String home = System.getProperty("wbc.home");
        return locate(explicit, System.getenv("WBC_DATA"), Path.of("").toAbsolutePath(),
                home == null || home.isBlank() ? null : Path.of(home), codeLocation());
    }

    static Path locate(String explicit, String env, Path cwd, Path wbcHome, Path codeLocation) {
        if (explicit != null && !explicit.isBlank()) {
            return existing(Path.of(explicit), "--data " + explicit);
        }
        if (env != null && !env.isBlank()) {
            return existing(Path.of(env), "WBC_DATA=" + env);
        }
        Set<Path> candidates = new LinkedHashSet<>();
        candidates.add(cwd.resolve("../shared/bccd").normalize());
        if (wbcHome != null) {
            candidates.add(wbcHome.toAbsolutePath().resolve("../shared/bccd").normalize());
        }
        for (Path start : new Path[] {cwd, codeLocation}) {
            Path repo = repoRoot(start);
            if (repo != null) {
                candidates.add(repo.resolve("../shared/bccd").normalize());
            }
        }
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        List<String> looked = new ArrayList<>();
        candidates.forEach(c -> looked.add(c.toString()));
        throw new IllegalArgumentException("No BCCD data found: --data not given, WBC_DATA not set, and no ../shared/bccd"
                + " (looked in " + String.join(", ", looked) + "). " + DOWNLOAD_HINT);
    }

    private static Path existing(Path p, String source) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException(source + ": " + abs + " does not exist. " + DOWNLOAD_HINT);
        }
        return abs;
    }

    /** The nearest folder at or above {@code start} that holds the wbc-zoo build (pom.xml, the wbc launcher and wbc-data). */
    static Path repoRoot(Path start) {
        for (Path p = start == null ? null : start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("wbc"))
                    && Files.isDirectory(p.resolve("wbc-data"))) {
                return p;
            }
        }
        return null;
    }

    private static Path codeLocation() {
        try {
            var source = DataLocator.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
