package io.github.wbczoo.examples.cli;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Tiny BCCD-shaped folders for the CLI tests: {@code dataset2-master/images/SPLIT/CLASS/_C_I.png},
 * two 16x12 PNGs per split and class (as in DataCommandTest), written into a test's temporary folder.
 *
 * <p>Usage: {@code Path root = DataFixtures.tiny(tmp); Path f = DataFixtures.classDir(root, "TEST", BccdClasses.MONOCYTE);}
 */
final class DataFixtures {
    static final String[] SPLITS = {"TRAIN", "TEST", "TEST_SIMPLE"};

    private DataFixtures() {
    }

    /** Writes the tiny dataset below {@code dir/tiny} and returns that root. */
    static Path tiny(Path dir) {
        Path root = dir.resolve("tiny");
        try {
            for (String split : SPLITS) {
                for (CellClass c : ClassSet.BCCD.classes()) {
                    Path classDir = Files.createDirectories(classDir(root, split, c));
                    for (int i = 0; i < 2; i++) {
                        BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
                        img.setRGB(i, c.index(), 0xFFFFFF);
                        ImageIO.write(img, "png", classDir.resolve("_" + c.index() + "_" + i + ".png").toFile());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    static Path classDir(Path root, String split, CellClass c) {
        return root.resolve("dataset2-master/images").resolve(split).resolve(c.name());
    }
}
