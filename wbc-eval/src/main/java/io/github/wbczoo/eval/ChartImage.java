package io.github.wbczoo.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * One rendered chart of a report: the image, the file name it is saved under in {@code charts/},
 * and the title and one-sentence caption shown with it.
 *
 * <p>Usage: {@code for (ChartImage c : ReportCharts.all(report)) Files.write(dir.resolve(c.fileName()), c.png());}
 *
 * @param fileName file name, e.g. {@code confusion-TEST.png}
 * @param title    short title
 * @param caption  how to read the chart
 * @param image    the rendered chart
 */
public record ChartImage(String fileName, String title, String caption, BufferedImage image) {

    /** The chart encoded as PNG. */
    public byte[] png() {
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

    /** A {@code data:} URI of the PNG, for embedding in HTML. */
    public String dataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png());
    }
}
