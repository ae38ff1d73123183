package io.github.wbczoo.data;

import io.github.wbczoo.core.CellClass;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Kaggle "Blood Cell Images" set (BCCD, {@code dataset2-master}) that the five papers use: a
 * {@link CellImageDataset} in BCCD's layout, with its published counts.
 *
 * <p>Usage: {@code CellImageDataset bccd = BccdDataset.open(Path.of("../shared/bccd"));}
 */
public final class BccdDataset {
    /** Images per split and class in the Kaggle set (Chen &amp; Zhu's Table 1, the dataset README). */
    public static final Map<Split, Map<CellClass, Integer>> PUBLISHED_COUNTS = CellImageDataset.PUBLISHED_COUNTS;
    /** All images in the Kaggle set. */
    public static final int PUBLISHED_TOTAL = CellImageDataset.PUBLISHED_TOTAL;

    private BccdDataset() {
    }

    /**
     * Opens BCCD at its root (the folder holding {@code dataset2-master}), {@code dataset2-master}
     * or its {@code images} folder, in strict mode with the default caches.
     */
    public static CellImageDataset open(Path path) {
        return CellImageDataset.open(path);
    }

    /** Configures opening BCCD (strictness, caches). */
    public static CellImageDataset.Builder builder(Path path) {
        return CellImageDataset.builder(path);
    }
}
