package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Reference values come from PIL 9.4 resizing the same synthetic image, channel by channel as
 * 32-bit float images (mode "F", so PIL does not round): {@code Image.fromarray(chan, 'F').resize((w, h), Image.BILINEAR)}.
 */
class ImageResizerTest {
    private static final int W = 13;
    private static final int H = 9;

    /** PIL output for 13x9 -> 5x4 (width x height), HWC. */
    private static final float[] PIL_5X4 = {
        48.5810f, 5.6190f, 235.3333f, 133.5688f, 16.0797f, 205.4727f, 150.6572f, 40.8286f, 171.2000f, 72.6597f,
        79.3524f, 136.9273f, 157.6476f, 124.0191f, 107.0667f, 70.8569f, 28.9333f, 221.1577f, 155.8448f, 39.3939f,
        191.2971f, 149.7415f, 64.1429f, 157.0244f, 94.9357f, 102.6667f, 122.7517f, 179.9236f, 147.3333f, 92.8911f,
        96.0764f, 83.9577f, 205.1089f, 178.2262f, 94.4183f, 175.2483f, 101.1045f, 119.1673f, 140.9756f, 120.1552f,
        157.1234f, 106.7029f, 199.5236f, 189.2455f, 76.8423f, 118.3524f, 157.8476f, 190.9333f, 172.3100f, 168.3082f,
        161.0727f, 78.5314f, 184.9069f, 126.8000f, 142.4312f, 147.5775f, 92.5273f, 165.9790f, 104.3619f, 62.6667f,
    };

    static BufferedImage synthetic() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int r = Math.floorMod(x * 37 + y * 11, 256);
                int g = Math.floorMod(x * x + 3 * y * y, 256);
                int b = Math.floorMod(255 - x * 13 - y * 7, 256);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    @Test
    void downscaleMatchesPilBilinear() {
        float[] out = ImageResizer.resizeRgb(synthetic(), 4, 5);
        assertThat(out).hasSize(PIL_5X4.length);
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).as("value %d", i).isCloseTo(PIL_5X4[i], within(2e-3f));
        }
    }

    @Test
    void upscaleMatchesPilBilinear() {
        float[] out = ImageResizer.resizeRgb(synthetic(), 11, 17);
        double sum = 0;
        for (float v : out) {
            sum += v;
        }
        assertThat(sum).isCloseTo(70970.12, within(0.5));
        int p = (7 * 17 + 3) * 3; // row 7, column 3
        assertThat(out[p]).isCloseTo(142.52942f, within(2e-3f));
        assertThat(out[p + 1]).isCloseTo(100.882355f, within(2e-3f));
        assertThat(out[p + 2]).isCloseTo(187.25134f, within(2e-3f));
    }

    @Test
    void sameSizeIsIdentityAndGrayscaleBecomesRgb() {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 0, 0, 200);
        float[] out = ImageResizer.resizeRgb(gray, 2, 3);
        assertThat(out).hasSize(18);
        assertThat(out[3]).isEqualTo(out[4]).isEqualTo(out[5]).isGreaterThan(150f);
        assertThat(out[0]).isZero();
    }
}
