package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Reference values come from PIL 9.4 resizing the same synthetic image, channel by channel as
 * 32-bit float images (mode "F", so PIL does not round): {@code Image.fromarray(chan, 'F').resize((w, h), Image.BILINEAR)}.
 * The resizer rounds like PIL's 8-bit output, so each value must be a whole number within half a
 * step (plus float slack) of the unrounded reference.
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

    /** A whole number 0-255 within 0.5 (plus float slack) of PIL's unrounded value. */
    private static void assertRoundedFrom(float actual, float pilUnrounded, String what) {
        assertThat(actual).as(what).isEqualTo((float) Math.rint(actual)).isBetween(0f, 255f)
                .isCloseTo(pilUnrounded, within(0.5f + 1e-3f));
    }

    /** The same pixels as another image type, drawn through Java2D's exact sRGB-to-sRGB copy. */
    private static BufferedImage as(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** {@code getRGB}'s values, HWC: what the buffer fast paths must reproduce. */
    private static float[] viaGetRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = (argb[i] >> 16) & 0xFF;
            out[3 * i + 1] = (argb[i] >> 8) & 0xFF;
            out[3 * i + 2] = argb[i] & 0xFF;
        }
        return out;
    }

    @Test
    void downscaleMatchesPilBilinearRoundedToWholeValues() {
        float[] out = ImageResizer.resizeRgb(synthetic(), 4, 5);
        assertThat(out).hasSize(PIL_5X4.length);
        for (int i = 0; i < out.length; i++) {
            assertRoundedFrom(out[i], PIL_5X4[i], "value " + i);
        }
    }

    @Test
    void upscaleMatchesPilBilinearRoundedToWholeValues() {
        float[] out = ImageResizer.resizeRgb(synthetic(), 11, 17);
        double sum = 0;
        for (float v : out) {
            assertThat(v).isEqualTo((float) Math.rint(v)).isBetween(0f, 255f);
            sum += v;
        }
        // 561 values, each moved by at most 0.5 from PIL's unrounded total
        assertThat(sum).isCloseTo(70970.12, within(561 * 0.5));
        int p = (7 * 17 + 3) * 3; // row 7, column 3
        assertRoundedFrom(out[p], 142.52942f, "R");
        assertRoundedFrom(out[p + 1], 100.882355f, "G");
        assertRoundedFrom(out[p + 2], 187.25134f, "B");
        assertThat(out[p]).isEqualTo(143f);
        assertThat(out[p + 1]).isEqualTo(101f);
        assertThat(out[p + 2]).isEqualTo(187f);
    }

    @Test
    void resizingOneSideOnlyRoundsToo() {
        float[] wider = ImageResizer.resizeRgb(synthetic(), H, 17);
        float[] taller = ImageResizer.resizeRgb(synthetic(), 11, W);
        assertThat(wider).hasSize(H * 17 * 3);
        assertThat(taller).hasSize(11 * W * 3);
        for (float v : wider) {
            assertThat(v).isEqualTo((float) Math.rint(v)).isBetween(0f, 255f);
        }
        for (float v : taller) {
            assertThat(v).isEqualTo((float) Math.rint(v)).isBetween(0f, 255f);
        }
    }

    @Test
    void halfwayValuesRoundUpAndExtremesStayInRange() {
        // Two columns 100 and 101 averaged to one: exactly 100.5, which PIL's 8-bit resize stores as 101.
        BufferedImage pair = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        pair.setRGB(0, 0, (100 << 16) | (0 << 8) | 255);
        pair.setRGB(1, 0, (101 << 16) | (1 << 8) | 254);
        assertThat(ImageResizer.resizeRgb(pair, 1, 1)).containsExactly(101f, 1f, 255f);
        // Pure black and white stay exactly 0 and 255 when shrunk or enlarged (no 255.00002 or -0.0).
        BufferedImage bw = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 7; x++) {
            for (int y = 0; y < 5; y++) {
                bw.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFFFF : 0);
            }
        }
        for (float[] out : new float[][] {ImageResizer.resizeRgb(bw, 2, 3), ImageResizer.resizeRgb(bw, 13, 17)}) {
            for (float v : out) {
                assertThat(v).isEqualTo((float) Math.rint(v)).isBetween(0f, 255f);
                assertThat(Float.floatToIntBits(v)).isNotEqualTo(Float.floatToIntBits(-0f));
            }
        }
        BufferedImage white = new BufferedImage(9, 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 9, 4);
        g.dispose();
        assertThat(ImageResizer.resizeRgb(white, 3, 5)).containsOnly(255f);
    }

    @Test
    void sameSizeIsTheStoredPixels() {
        assertThat(ImageResizer.resizeRgb(synthetic(), H, W)).containsExactly(viaGetRgb(synthetic()));
    }

    @Test
    void grayValuesAreCopiedToRgbWithoutJava2dGamma() {
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 0, 0, 200);
        gray.getRaster().setSample(2, 1, 0, 100);
        assertThat(viaGetRgb(gray)[15]).isEqualTo(168f); // what getRGB makes of a stored 100
        float[] out = ImageResizer.resizeRgb(gray, 2, 3);
        assertThat(out).containsExactly(0, 0, 0, 200, 200, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 100, 100);

        BufferedImage flat = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage flat16 = new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                flat.getRaster().setSample(x, y, 0, 100);
                flat16.getRaster().setSample(x, y, 0, 100 << 8 | 0x7F);
            }
        }
        assertThat(ImageResizer.rgbPixels(flat)).containsOnly(100f);
        assertThat(ImageResizer.resizeRgb(flat, 6, 8)).containsOnly(100f);
        assertThat(ImageResizer.resizeRgb(flat16, 6, 8)).containsOnly(100f); // 16-bit keeps its high byte
    }

    @Test
    void bgrAndPackedIntFastPathsEqualGetRgb() {
        BufferedImage rgb = synthetic();
        BufferedImage argb = as(rgb, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(4, 2, (0x30 << 24) | 0x123456); // a translucent pixel: its colour bits are read, alpha ignored
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage img = as(rgb, type);
            assertThat(ImageResizer.rgbPixels(img)).as("type %d", type).containsExactly(viaGetRgb(img));
            assertThat(ImageResizer.resizeRgb(img, 4, 5)).as("type %d", type)
                    .containsExactly(ImageResizer.resizeRgb(as(rgb, BufferedImage.TYPE_INT_BGR), 4, 5)); // a getRGB-only type
        }
        assertThat(ImageResizer.rgbPixels(argb)).containsExactly(viaGetRgb(argb));
        assertThat(ImageResizer.rgbPixels(argb)[(2 * W + 4) * 3]).isEqualTo(0x12);
    }

    @Test
    void subImagesSharingALargerBufferAreReadCorrectly() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage sub = as(synthetic(), type).getSubimage(2, 3, 7, 4);
            assertThat(ImageResizer.rgbPixels(sub)).as("type %d", type).containsExactly(viaGetRgb(sub));
        }
    }

    @Test
    void aNonPositiveSizeIsRefused() {
        assertThatThrownBy(() -> ImageResizer.resizeRgb(synthetic(), 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot resize to 5x0: both sides must be positive");
    }
}
