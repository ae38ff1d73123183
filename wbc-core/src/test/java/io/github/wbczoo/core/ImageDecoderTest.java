package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of file the decoder meets: good ones give PIL's RGB values, bad ones a message naming the file. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    /** A noisy 64x48 JPEG: noise keeps the entropy-coded data long, so cutting the file loses real scan data. */
    private static byte[] noisyJpeg() throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    private static int[] rgbAt(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }

    @Test
    void anEmptyFileIsNamedWithWhatWasExpected() throws IOException {
        Path empty = Files.write(dir.resolve("empty.jpeg"), new byte[0]);
        assertThatThrownBy(() -> ImageDecoder.read(empty)).isInstanceOf(BadImageException.class)
                .hasMessage("Cannot use image " + empty + ": empty file (0 bytes); expected a JPEG or PNG image");
    }

    @Test
    void aNonImageFileShowsItsFirstBytes() throws IOException {
        Path text = Files.writeString(dir.resolve("broken.jpeg"), "not a jpeg");
        assertThatThrownBy(() -> ImageDecoder.read(text)).isInstanceOfSatisfying(BadImageException.class, e -> {
            assertThat(e.file()).isEqualTo(text);
            assertThat(e.reason()).isEqualTo("not an image format Java can read (it starts with bytes"
                    + " 6e 6f 74 20 61 20 6a 70 \"not a jp\"); expected a JPEG or PNG image");
            assertThat(e).hasMessage("Cannot use image " + text + ": " + e.reason());
        });
    }

    @Test
    void aMissingFileSaysItCannotBeRead() {
        Path missing = dir.resolve("nope.jpeg");
        assertThatThrownBy(() -> ImageDecoder.read(missing)).isInstanceOf(BadImageException.class).isInstanceOf(
                IllegalArgumentException.class).hasMessage("Cannot use image " + missing + ": cannot be read"
                + " (NoSuchFileException: " + missing + "); check that it exists and is readable");
    }

    @Test
    void aTruncatedJpegIsRejectedWherePlainImageIoPadsItWithGrey() throws IOException {
        byte[] jpeg = noisyJpeg();
        Path truncated = Files.write(dir.resolve("cut.jpeg"), Arrays.copyOf(jpeg, jpeg.length * 3 / 4));
        assertThat(ImageIO.read(truncated.toFile())).as("the JDK's silent grey padding").isNotNull();
        assertThatThrownBy(() -> ImageDecoder.read(truncated)).isInstanceOf(BadImageException.class)
                .hasMessage("Cannot use image " + truncated + ": corrupt or truncated image (decoder warning: Truncated"
                        + " File - Missing EOI marker); expected a JPEG or PNG image");
    }

    @Test
    void anOrdinaryJpegGivesTheJdkPixelsAsBgrBytes() throws IOException {
        Path file = Files.write(dir.resolve("cell.jpeg"), noisyJpeg());
        BufferedImage decoded = ImageDecoder.read(file);
        BufferedImage jdk = ImageIO.read(file.toFile());
        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR); // what the resizer reads directly
        assertThat(decoded.getRGB(0, 0, 64, 48, null, 0, 64)).containsExactly(jdk.getRGB(0, 0, 64, 48, null, 0, 64));
    }

    @Test
    void grayscalePngAndJpegKeepTheirStoredValues() throws IOException {
        BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                gray.getRaster().setSample(x, y, 0, 100);
            }
        }
        Path png = dir.resolve("gray.png");
        Path jpeg = dir.resolve("gray.JPG");
        ImageIO.write(gray, "png", png.toFile());
        ImageIO.write(gray, "jpeg", jpeg.toFile());
        for (Path file : new Path[] {png, jpeg}) {
            BufferedImage rgb = ImageDecoder.read(file);
            assertThat(rgbAt(rgb, 3, 4)).as("%s", file).containsExactly(100, 100, 100); // not Java2D's gamma-lifted 168
            assertThat(ImageResizer.resizeRgb(rgb, 6, 8)).as("%s", file).containsOnly(100f);
        }
    }

    @Test
    void aCmykJpegIsConvertedToItsRgbColour() throws IOException {
        Path file = dir.resolve("cmyk.jpeg");
        try (InputStream in = getClass().getResourceAsStream("cmyk.jpeg")) {
            // 16x12 CMYK JPEG made with ImageMagick: convert -size 16x12 xc:'rgb(200,40,60)' -colorspace CMYK cmyk.jpeg
            Files.copy(in, file);
        }
        BufferedImage rgb = ImageDecoder.read(file);
        assertThat(rgb.getWidth()).isEqualTo(16);
        assertThat(rgb.getHeight()).isEqualTo(12);
        int[] centre = rgbAt(rgb, 8, 6);
        assertThat(centre[0]).isBetween(194, 206);
        assertThat(centre[1]).isBetween(34, 46);
        assertThat(centre[2]).isBetween(54, 66);
    }

    @Test
    void anOddSizedPngWithAlphaKeepsItsColourBits() throws IOException {
        BufferedImage argb = new BufferedImage(37, 23, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                argb.setRGB(x, y, (128 << 24) | (50 << 16) | (100 << 8) | 150);
            }
        }
        Path file = dir.resolve("alpha-odd-size.png");
        ImageIO.write(argb, "png", file.toFile());
        BufferedImage decoded = ImageDecoder.read(file);
        assertThat(decoded.getWidth()).isEqualTo(37);
        assertThat(decoded.getHeight()).isEqualTo(23);
        assertThat(ImageResizer.resizeRgb(decoded, 6, 8)).containsSequence(50f, 100f, 150f, 50f, 100f, 150f);
    }

    @Test
    void imageExtensionsAreMatchedWithoutRegardToCase() {
        assertThat(ImageDecoder.hasImageExtension(Path.of("a/_0_1.jpeg"))).isTrue();
        assertThat(ImageDecoder.hasImageExtension(Path.of("b.JPG"))).isTrue();
        assertThat(ImageDecoder.hasImageExtension(Path.of("c.Png"))).isTrue();
        assertThat(ImageDecoder.hasImageExtension(Path.of("d.bmp"))).isTrue();
        assertThat(ImageDecoder.hasImageExtension(Path.of("notes.txt"))).isFalse();
        assertThat(ImageDecoder.hasImageExtension(Path.of("jpeg"))).isFalse();
    }
}
