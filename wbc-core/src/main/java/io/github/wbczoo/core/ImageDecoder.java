package io.github.wbczoo.core;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
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
 * fails with a {@link BadImageException} naming the file and what is wrong. The one decoder for
 * training (wbc-data) and prediction ({@link WbcModel#predict(Path)}, {@code ./wbc predict}), so
 * both see the same pixels. JPEG (including CMYK and YCCK, through the TwelveMonkeys reader), PNG
 * and BMP are read. Truncated JPEGs, which the JDK decoder (and so plain {@code ImageIO.read})
 * silently pads with grey, are rejected: decoder warnings count as errors here, except
 * colour-management notices.
 * Grayscale images are expanded to R = G = B with their stored values (Java2D would otherwise
 * apply a gamma curve when converting its linear grey colour space to sRGB).
 *
 * <p>Usage: {@code BufferedImage rgb = ImageDecoder.read(Path.of("cell.jpeg"));}
 */
public final class ImageDecoder {
    /** File name endings of the formats read here (lower case, without the dot); what a BCCD folder may hold. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpeg", "jpg", "png", "bmp", "tif", "tiff");

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

    /**
     * Reads and decodes a file.
     *
     * @throws BadImageException when the file cannot be read or is not a usable image
     */
    public static BufferedImage read(Path file) {
        return decode(file, readBytes(file));
    }

    /**
     * The file's bytes (callers that also hash them, like wbc-data's disk cache, read once and
     * then {@link #decode}).
     *
     * @throws BadImageException saying why they cannot be read
     */
    public static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadImageException(file, "cannot be read (" + describe(e) + "); check that it exists and is readable", e);
        }
    }

    /**
     * Decodes {@code bytes} (the content of {@code file}, which is only used in messages) to an
     * image whose {@code getRGB} gives the pixel values PIL would give.
     *
     * @throws BadImageException when the bytes are not a usable image
     */
    public static BufferedImage decode(Path file, byte[] bytes) {
        if (bytes.length == 0) {
            throw new BadImageException(file, "empty file (0 bytes); " + EXPECTED);
        }
        BufferedImage image;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(file, "not an image format Java can read (it starts with "
                        + leadingBytes(bytes) + "); " + EXPECTED);
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
            throw new BadImageException(file, "corrupt or truncated image (" + describe(e) + "); " + EXPECTED, e);
        }
        if (!warnings.isEmpty()) {
            throw new BadImageException(file, "corrupt or truncated image (decoder warning: " + warnings.get(0) + "); "
                    + EXPECTED);
        }
        if (image == null || image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new BadImageException(file, "the decoder returned no pixels; " + EXPECTED);
        }
        // JPEG's usual TYPE_3BYTE_BGR is returned as is: the resizer reads its bytes directly.
        return ImageResizer.isGray(image) ? grayToRgb(image) : image;
    }

    /**
     * Colour-management notices (e.g. a CMYK JPEG without an ICC profile, converted with a
     * generic profile) describe a usable image; every other decoder warning means damaged data.
     */
    private static boolean isColourNotice(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("icc") || w.contains("profile") || w.contains("color") || w.contains("colour");
    }

    /** R = G = B = the stored grey value (scaled to 8 bits), as PIL's {@code convert("RGB")} does for mode L. */
    private static BufferedImage grayToRgb(BufferedImage gray) {
        int[] values = ImageResizer.gray8(gray);
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            rgb[i] = (v << 16) | (v << 8) | v;
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

    /** A failure as one line for messages: its type and message, e.g. {@code NoSuchFileException: /x/a.jpeg}. */
    public static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
