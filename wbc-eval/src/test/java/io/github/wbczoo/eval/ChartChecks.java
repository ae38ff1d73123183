package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks that a PNG is a real chart: it decodes, has the chart size, and is not blank. */
final class ChartChecks {
    private ChartChecks() {
    }

    static void assertRealChart(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("%s decodes as an image", png).isNotNull();
        assertThat(img.getWidth()).as("%s width", png).isEqualTo(ReportCharts.WIDTH);
        assertThat(img.getHeight()).as("%s height", png).isIn(ReportCharts.HEIGHT, ReportCharts.CURVE_HEIGHT);
        assertNotBlank(img, png.toString());
    }

    static void assertNotBlank(BufferedImage img, String what) {
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    inked++;
                }
            }
        }
        assertThat(colours.size()).as("%s distinct colours", what).isGreaterThan(20);
        assertThat((double) inked / ((long) img.getWidth() * img.getHeight())).as("%s inked share", what).isGreaterThan(0.02);
    }
}
