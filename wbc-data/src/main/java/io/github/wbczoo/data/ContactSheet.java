package io.github.wbczoo.data;

import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.CellClass;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A picture to check an augmentation recipe by eye: one row per class with a training image as
 * the network gets it (resized) and several augmented copies, as successive epochs would draw
 * them. Small inputs are enlarged with nearest-neighbour so their pixels stay visible.
 *
 * <p>Usage: {@code ContactSheet.write(ContactSheet.render(bccd, Augmentation.kerasInception(), 60, 80, 5, 42), Path.of("sheet.png"));}
 */
public final class ContactSheet {
    private static final int LABEL_WIDTH = 120;
    private static final int HEADER = 40;
    private static final int GAP = 6;
    private static final int MIN_TILE_WIDTH = 160;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ContactSheet() {
    }

    /**
     * Renders the sheet: for each class, one seeded choice of TRAIN image at {@code height x width},
     * then {@code copies} augmented versions.
     */
    public static BufferedImage render(CellImageDataset data, Augmentation augmentation, int height, int width, int copies,
                                       long seed) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Preview size must be positive, got " + width + "x" + height);
        }
        if (copies < 1 || copies > 20) {
            throw new IllegalArgumentException("Augmented copies per image must be 1 to 20, got " + copies);
        }
        int scale = Math.max(1, (MIN_TILE_WIDTH + width - 1) / width);
        int tileW = width * scale;
        int tileH = height * scale;
        int columns = 1 + copies;
        BufferedImage sheet = new BufferedImage(LABEL_WIDTH + columns * (tileW + GAP),
                HEADER + data.classes().size() * (tileH + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString("augmentation: " + augmentation.summary() + "   (" + width + "x" + height + ", seed " + seed + ")",
                    6, 15);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int col = 0; col < columns; col++) {
                g.drawString(col == 0 ? "original" : "epoch " + col, LABEL_WIDTH + col * (tileW + GAP), HEADER - 6);
            }
            List<LabeledImage> chosen = pick(data, seed);
            for (int row = 0; row < chosen.size(); row++) {
                LabeledImage image = chosen.get(row);
                byte[] pixels = null;
                List<LabeledImage> ofClass = ofClass(data, image.label());
                // Lenient mode: an unreadable choice is skipped (and recorded) for the next image of its class.
                for (int k = 0, start = ofClass.indexOf(image); pixels == null; k++) {
                    if (k == ofClass.size()) {
                        throw new IllegalArgumentException("None of the " + ofClass.size() + " TRAIN images of "
                                + image.label() + " could be read");
                    }
                    image = ofClass.get((start + k) % ofClass.size());
                    try {
                        pixels = data.rawPixels(image.file(), height, width);
                    } catch (BadImageException e) {
                        if (!data.lenient()) {
                            throw e;
                        }
                        data.recordSkipped(DataProblem.of(e));
                    }
                }
                int y = HEADER + row * (tileH + GAP);
                g.setColor(Color.BLACK);
                g.drawString(image.label().name(), 6, y + tileH / 2);
                int index = data.images(Split.TRAIN).indexOf(image);
                for (int col = 0; col < columns; col++) {
                    float[] hwc = col == 0 ? PixelLoader.toFloats(pixels)
                            : Augmenter.augment(pixels, height, width, augmentation, Augmenter.randomFor(seed, col, index));
                    draw(sheet, hwc, height, width, scale, LABEL_WIDTH + col * (tileW + GAP), y);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes the sheet as PNG atomically (a half-written file never replaces an older sheet). */
    public static void write(BufferedImage sheet, Path out) {
        AtomicFiles.write(out, stream -> {
            if (!ImageIO.write(sheet, "png", stream)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** One TRAIN image per class, chosen by the seed. */
    private static List<LabeledImage> pick(CellImageDataset data, long seed) {
        List<LabeledImage> out = new ArrayList<>();
        SplittableRandom rng = Augmenter.randomFor(seed, -99, 0);
        for (CellClass c : data.classes().classes()) {
            List<LabeledImage> ofClass = ofClass(data, c);
            out.add(ofClass.get(rng.nextInt(ofClass.size())));
        }
        return out;
    }

    private static List<LabeledImage> ofClass(CellImageDataset data, CellClass c) {
        return data.images(Split.TRAIN).stream().filter(i -> i.label().equals(c)).toList();
    }

    private static void draw(BufferedImage sheet, float[] hwc, int height, int width, int scale, int x0, int y0) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                int rgb = (clamp(hwc[p]) << 16) | (clamp(hwc[p + 1]) << 8) | clamp(hwc[p + 2]);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        sheet.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static int clamp(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }
}
