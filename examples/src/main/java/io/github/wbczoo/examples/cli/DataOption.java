package io.github.wbczoo.examples.cli;

import io.github.wbczoo.data.BccdDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --data DIR} option every command that reads BCCD shares: the given folder, else
 * {@code $WBC_DATA}, else {@code ../shared/bccd} (from the working directory, then from the
 * repository root). When none exists the error says where to get the dataset.
 *
 * <p>Usage: {@code @Mixin DataOption data; ... BccdDataset ds = data.open();}
 */
public final class DataOption {
    static final String DOWNLOAD_HINT = "Download the Kaggle \"Blood Cell Images\" dataset"
            + " (kaggle.com/datasets/paultimothymooney/blood-cells), unzip it, and pass --data /path/to/it"
            + " (the folder that contains dataset2-master) or set WBC_DATA";

    @Option(names = "--data", paramLabel = "DIR",
            description = "BCCD dataset: the folder holding dataset2-master, dataset2-master itself, or its images folder"
                    + " (default: $WBC_DATA, then ../shared/bccd).")
    Path data;

    /** The dataset folder to use. */
    public Path resolve() {
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new IllegalArgumentException("--data " + data.toAbsolutePath() + " is not a folder. " + DOWNLOAD_HINT);
            }
            return data;
        }
        List<Path> tried = new ArrayList<>();
        String env = System.getenv("WBC_DATA");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(p.toAbsolutePath());
        }
        List<Path> defaults = new ArrayList<>(List.of(Path.of("..", "shared", "bccd")));
        String home = System.getProperty("wbc.home");
        if (home != null) {
            defaults.add(Path.of(home).resolve("../shared/bccd").normalize());
        }
        for (Path p : defaults) {
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(p.toAbsolutePath().normalize());
        }
        throw new IllegalArgumentException("No BCCD dataset found (looked at " + tried + "). " + DOWNLOAD_HINT);
    }

    /** Opens the dataset (layout checked, counts taken). */
    public BccdDataset open() {
        return BccdDataset.open(resolve());
    }
}
