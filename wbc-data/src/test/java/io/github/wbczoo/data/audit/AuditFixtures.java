package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.data.Split;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A small BCCD-shaped folder for audit tests: two 320x240 "smears" (random discs on a light
 * background) per split and class, all different, plus one planted copy of
 * TRAIN/EOSINOPHIL/a.png in TEST/EOSINOPHIL/copy.jpeg: exactly one source cell spans TRAIN and TEST.
 */
final class AuditFixtures {
    private AuditFixtures() {
    }

    static Path dataset(Path root) {
        try {
            BufferedImage copied = null;
            for (Split s : Split.bccd()) {
                for (CellClass c : ClassSet.BCCD.classes()) {
                    Path dir = Files.createDirectories(root.resolve("dataset2-master/images/" + s.folderName() + "/" + c.name()));
                    for (int i = 0; i < 2; i++) {
                        BufferedImage img = smear(new SplittableRandom(1000L * Split.bccd().indexOf(s) + 10L * c.index() + i));
                        ImageIO.write(img, "png", dir.resolve((char) ('a' + i) + ".png").toFile());
                        if (s == Split.TRAIN && c == BccdClasses.EOSINOPHIL && i == 0) {
                            copied = img;
                        }
                    }
                }
            }
            Files.write(root.resolve("dataset2-master/images/TEST/EOSINOPHIL/copy.jpeg"),
                    PlantedCopies.copy(copied, new SplittableRandom(5)));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage smear(SplittableRandom rng) {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(225 + rng.nextInt(20), 215 + rng.nextInt(20), 220 + rng.nextInt(20)));
            g.fillRect(0, 0, 320, 240);
            for (int k = 0; k < 60; k++) {
                int r = 8 + rng.nextInt(22);
                g.setColor(new Color(150 + rng.nextInt(80), 60 + rng.nextInt(80), 90 + rng.nextInt(120)));
                g.fillOval(rng.nextInt(320) - r, rng.nextInt(240) - r, 2 * r, 2 * r);
                g.setColor(new Color(80 + rng.nextInt(60), 40 + rng.nextInt(40), 120 + rng.nextInt(80)));
                int s = 2 + rng.nextInt(6);
                g.fillOval(rng.nextInt(320), rng.nextInt(240), s, s);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
