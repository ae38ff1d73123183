package io.github.wbczoo.examples.cli;

import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.DataLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data DIR} option every command that reads BCCD shares; where the data is looked
 * for when it is not given, and the download hint when it is nowhere, are {@link DataLocator}'s.
 *
 * <p>Usage: {@code @Mixin DataOption data; ... BccdDataset ds = data.open();}
 */
public final class DataOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "BCCD dataset: the folder holding dataset2-master, dataset2-master itself, or its images folder"
                    + " (default: $WBC_DATA, then ../shared/bccd).")
    String data;

    /** The dataset folder to use. */
    public Path resolve() {
        return DataLocator.locate(data);
    }

    /** Opens the dataset (layout checked, counts taken). */
    public BccdDataset open() {
        return BccdDataset.open(resolve());
    }
}
