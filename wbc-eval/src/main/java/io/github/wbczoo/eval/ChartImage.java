package io.github.wbczoo.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * One rendered chart of a report: the image (encoded as PNG once), the file name it is saved under
 * in {@code charts/}, and the title and one-sentence caption shown with it.
 *
 * <p>Usage: {@code for (ChartImage c : ReportCharts.all(report)) Files.write(dir.resolve(c.fileName()), c.png());}
 */
public final class ChartImage {
    private final String fileName;
    private final String title;
    private final String caption;
    private final BufferedImage image;
    private final byte[] png;

    /**
     * @param fileName file name, e.g. {@code confusion-TEST.png}
     * @param title    short title
     * @param caption  how to read the chart
     * @param image    the rendered chart
     */
    public ChartImage(String fileName, String title, String caption, BufferedImage image) {
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.title = Objects.requireNonNull(title, "title");
        this.caption = Objects.requireNonNull(caption, "caption");
        this.image = Objects.requireNonNull(image, "image");
        this.png = encode(image, fileName);
    }

    private static byte[] encode(BufferedImage image, String fileName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer available in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode chart " + fileName + " as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public String fileName() {
        return fileName;
    }

    public String title() {
        return title;
    }

    public String caption() {
        return caption;
    }

    public BufferedImage image() {
        return image;
    }

    /** The chart encoded as PNG (a copy). */
    public byte[] png() {
        return png.clone();
    }

    /** A {@code data:} URI of the PNG, for embedding in HTML. */
    public String dataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
