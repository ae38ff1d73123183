package io.github.wbczoo.eval;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Small previews of misclassified images for the HTML report, so a reader sees the cell next to
 * the model's answer. Images that cannot be read are simply not previewed.
 *
 * <p>Usage: {@code String uri = Thumbnails.dataUri(path); // null when the image cannot be read}
 */
final class Thumbnails {
    static final int WIDTH = 96;

    private Thumbnails() {
    }

    /** A {@code data:} URI of a JPEG thumbnail {@value #WIDTH} pixels wide, or null when there is no readable image. */
    static String dataUri(Path image) {
        if (image == null || !Files.isRegularFile(image)) {
            return null;
        }
        try {
            BufferedImage source = ImageIO.read(image.toFile());
            if (source == null) {
                return null;
            }
            int height = Math.max(1, Math.round((float) source.getHeight() * WIDTH / source.getWidth()));
            BufferedImage small = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(source, 0, 0, WIDTH, height, null);
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
            if (!ImageIO.write(small, "jpg", out)) {
                return null;
            }
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            // A preview is a convenience: a broken or unreadable file must not stop the report.
            return null;
        }
    }
}
