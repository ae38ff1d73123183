package io.github.wbczoo.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files to RGB the way PIL's {@code Image.open(f).convert("RGB")} sees them, and
 * fails with a {@link BadImageException} naming the file and what is wrong. JPEG (including CMYK
 * and YCCK, through the TwelveMonkeys reader), PNG and BMP are read. Truncated JPEGs, which the
 * JDK decoder silently pads with grey, are rejected: decoder warnings count as errors here, except
 * colour-management notices.
 * Grayscale images are expanded to R = G = B with their stored values (Java2D would otherwise
 * apply a gamma curve when converting its linear grey colour space to sRGB).
 *
 * <p>Usage: {@code BufferedImage rgb = ImageDecoder.read(Path.of("cell.jpeg"));}
 */
public final class ImageDecoder {
    /** File name endings the dataset may hold (lower case, without the dot). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpeg", "jpg", "png", "bmp");

    private static final String EXPECTED = "expected a JPEG or PNG image";

    static {
        // Registers TwelveMonkeys' readers (ServiceLoader) even where the context class loader is unusual.
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    /** Whether a file name ends in one of {@link #IMAGE_EXTENSIONS}. */
    public static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Reads and decodes a file. */
    public static BufferedImage read(Path file) {
        return decode(file, readBytes(file));
    }

    /** The file's bytes, or a {@link BadImageException} saying why they cannot be read. */
    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadImageException(new DataProblem(file, "cannot be read (" + describe(e) + "); check that it exists"
                    + " and is readable"), e);
        }
    }

    /**
     * Decodes {@code bytes} (the content of {@code file}, which is only used in messages) to an
     * image whose {@code getRGB} gives the pixel values PIL would give.
     */
    public static BufferedImage decode(Path file, byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadImageException(new DataProblem(file, "empty file (0 bytes); " + EXPECTED));
        }
        BufferedImage image;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(new DataProblem(file, "not an image format Java can read (it starts with "
                        + leadingBytes(bytes) + "); " + EXPECTED));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> {
                    if (!isColourNotice(warning)) {
                        warnings.add(warning);
                    }
                });
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Broken files make some decoders throw runtime exceptions (index out of bounds, ...), not IOExceptions.
            throw new BadImageException(new DataProblem(file, "corrupt or truncated image (" + describe(e) + "); "
                    + EXPECTED), e);
        }
        if (!warnings.isEmpty()) {
            throw new BadImageException(new DataProblem(file, "corrupt or truncated image (decoder warning: "
                    + warnings.get(0) + "); " + EXPECTED));
        }
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new BadImageException(new DataProblem(file, "the decoder returned no pixels; " + EXPECTED));
        }
        if (isGray(image)) {
            return grayToRgb(image);
        }
        return isPlainSrgbBgr(image) ? bgrToIntRgb(image) : image;
    }

    /** The JPEG reader's usual output: 8-bit BGR bytes in sRGB, no ICC profile to apply. */
    private static boolean isPlainSrgbBgr(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getColorModel().getColorSpace().isCS_sRGB()
                && image.getRaster().getDataBuffer() instanceof DataBufferByte
                && image.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel sm
                && sm.getPixelStride() == 3 && sm.getScanlineStride() == 3 * image.getWidth()
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0;
    }

    /**
     * The same pixels as TYPE_INT_RGB. Why: the core resizer reads pixels with {@code getRGB},
     * which is several times cheaper on packed ints than on BGR bytes; this copy saves about a
     * quarter of the decode-and-resize time and changes no value.
     */
    private static BufferedImage bgrToIntRgb(BufferedImage bgr) {
        byte[] src = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(bgr.getWidth(), bgr.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0, j = 0; i < dst.length; i++, j += 3) {
            dst[i] = ((src[j + 2] & 0xFF) << 16) | ((src[j + 1] & 0xFF) << 8) | (src[j] & 0xFF);
        }
        return out;
    }

    /**
     * Colour-management notices (e.g. a CMYK JPEG without an ICC profile, converted with a
     * generic profile) describe a usable image; every other decoder warning means damaged data.
     */
    private static boolean isColourNotice(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("icc") || w.contains("profile") || w.contains("color") || w.contains("colour");
    }

    private static boolean isGray(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** R = G = B = the stored grey value (scaled to 8 bits), as PIL's {@code convert("RGB")} does for mode L. */
    private static BufferedImage grayToRgb(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        Raster raster = gray.getRaster();
        int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
        int[] row = new int[w];
        int[] rgb = new int[w];
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int v = row[x] >> shift;
                rgb[x] = (v << 16) | (v << 8) | v;
            }
            out.setRGB(0, y, w, 1, rgb, 0, w);
        }
        return out;
    }

    private static String leadingBytes(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            int b = bytes[i] & 0xFF;
            hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b));
            text.append(b >= 32 && b < 127 ? (char) b : '.');
        }
        return "bytes " + hex + " \"" + text + "\"";
    }

    static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
