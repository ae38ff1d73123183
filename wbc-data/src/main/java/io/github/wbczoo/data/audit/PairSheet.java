package io.github.wbczoo.data.audit;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A picture of checked pairs to judge the finder by eye: one row per pair, the two images side by
 * side at half size, and the check's figures (inliers, scale, rotation, mirrored) with its verdict.
 *
 * <p>Usage: {@code PairSheet.write(PairSheet.render("confirmed and rejected", checks, name -> load(name)), Path.of("pairs.png"));}
 */
public final class PairSheet {
    private static final int TILE_W = 128;
    private static final int TILE_H = 96;
    private static final int TEXT_W = 320;
    private static final int GAP = 4;
    private static final int HEADER = 24;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PairSheet() {
    }

    /** Renders the pairs; {@code images} turns an image name into its picture. */
    public static BufferedImage render(String title, List<PairCheck> pairs, Function<String, BufferedImage> images) {
        BufferedImage sheet = new BufferedImage(2 * (TILE_W + GAP) + TEXT_W, HEADER + pairs.size() * (TILE_H + GAP),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(title, 4, 16);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int row = 0; row < pairs.size(); row++) {
                PairCheck p = pairs.get(row);
                int y = HEADER + row * (TILE_H + GAP);
                g.drawImage(images.apply(p.a()), 0, y, TILE_W, TILE_H, null);
                g.drawImage(images.apply(p.b()), TILE_W + GAP, y, TILE_W, TILE_H, null);
                int x = 2 * (TILE_W + GAP) + 4;
                g.setColor(p.confirmed() ? new Color(0, 110, 0) : new Color(170, 0, 0));
                g.drawString(p.confirmed() ? "CONFIRMED copy" : "REJECTED", x, y + 14);
                g.setColor(Color.BLACK);
                g.drawString(p.a(), x, y + 29);
                g.drawString(p.b(), x, y + 43);
                g.drawString(String.format(Locale.ROOT, "%d of %d matches agree (RANSAC)", p.inliers(), p.matches()), x,
                        y + 59);
                g.drawString(String.format(Locale.ROOT, "scale %.3f, rotation %.1f deg%s", p.scale(), p.degrees(),
                        p.mirrored() ? ", mirrored" : ""), x, y + 73);
                g.drawString(String.format(Locale.ROOT, "colour similarity %.4f", p.similarity()), x, y + 87);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes the sheet as PNG atomically (as {@link io.github.wbczoo.data.ContactSheet#write} does). */
    public static void write(BufferedImage sheet, Path out) {
        io.github.wbczoo.data.ContactSheet.write(sheet, out);
    }
}
