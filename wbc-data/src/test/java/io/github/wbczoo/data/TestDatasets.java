package io.github.wbczoo.data;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The real BCCD images (read-only, beside the repository as {@code ../shared/bccd}) and small
 * synthetic datasets written into a test's temporary folder.
 *
 * <p>Usage: {@code CellImageDataset real = TestDatasets.openReal(); Path fake = TestDatasets.synthetic(tmp, 3, TestDatasets::colour);}
 */
final class TestDatasets {
    /** From the module folder (surefire's working directory): wbc-data/../../shared/bccd. */
    static final Path REAL = Path.of("../../shared/bccd").toAbsolutePath().normalize();

    /** Synthetic images are 8 wide, 6 high. */
    static final int W = 8;
    static final int H = 6;

    private TestDatasets() {
    }

    /** The real dataset in strict mode with a private memory cache and no disk cache. */
    static CellImageDataset openReal() {
        if (!Files.isDirectory(REAL)) {
            throw new IllegalStateException("The BCCD images must be at " + REAL + " (../shared/bccd beside the repository)");
        }
        return CellImageDataset.builder(REAL).memoryCache(new PixelCache(1L << 30)).noDiskCache().open();
    }

    /** What colour synthetic image {@code index} of a split and class gets. */
    @FunctionalInterface
    interface Colour {
        int[] rgb(Split split, CellClass c, int index);
    }

    /** A distinct constant colour per split, class and index. */
    static int[] colour(Split split, CellClass c, int index) {
        return new int[] {10 + 60 * c.index() + index, 20 + 70 * Split.bccd().indexOf(split), 200 - 7 * index};
    }

    /** Writes dataset2-master/images with {@code perClass} constant-colour PNGs per split and class; returns the root. */
    static Path synthetic(Path root, int perClass, Colour colour) {
        for (Split s : Split.bccd()) {
            for (CellClass c : ClassSet.BCCD.classes()) {
                for (int i = 0; i < perClass; i++) {
                    int[] rgb = colour.rgb(s, c, i);
                    writePng(classDir(root, s, c).resolve(String.format("_%d_%03d.png", c.index(), i)), solid(rgb));
                }
            }
        }
        return root;
    }

    static Path classDir(Path root, Split s, CellClass c) {
        return root.resolve("dataset2-master").resolve("images").resolve(s.folderName()).resolve(c.name());
    }

    static BufferedImage solid(int[] rgb) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
            }
        }
        return img;
    }

    static void writePng(Path file, BufferedImage img) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("No PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private, disk-cache-free open of a synthetic dataset. */
    static CellImageDataset open(Path root) {
        return CellImageDataset.builder(root).memoryCache(new PixelCache(64L << 20)).noDiskCache().open();
    }
}
