package io.github.wbczoo.data;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.ImageResizer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gets an image's resized 8-bit RGB pixels the cheapest way: from memory, else from the disk
 * cache, else by decoding the file with the core {@link ImageDecoder} and resizing it with the
 * core {@link ImageResizer} (the one decoder and resizer, shared with prediction), then
 * remembers them.
 *
 * <p>Usage: {@code byte[] hwc = loader.load(file, 60, 80);}
 */
final class PixelLoader {
    private final PixelCache memory;
    private final DiskCache disk;
    private final AtomicLong decodes = new AtomicLong();

    /** {@code disk} may be null (no disk cache). */
    PixelLoader(PixelCache memory, DiskCache disk) {
        this.memory = memory;
        this.disk = disk;
    }

    /**
     * The pixels of {@code file} at {@code height x width}, HWC, one unsigned byte per value.
     * Callers must not modify the returned array (it is shared through the cache).
     *
     * @throws BadImageException when the file cannot be read or decoded
     */
    byte[] load(Path file, int height, int width) {
        byte[] pixels = memory.get(file, height, width);
        if (pixels != null) {
            return pixels;
        }
        byte[] content = ImageDecoder.readBytes(file);
        String sha = disk == null ? null : Sha256.hex(content);
        if (disk != null) {
            pixels = disk.get(sha, height, width);
        }
        if (pixels == null) {
            pixels = decodeAndResize(file, content, height, width);
            decodes.incrementAndGet();
            if (disk != null) {
                disk.put(sha, height, width, pixels);
            }
        }
        memory.put(file, height, width, pixels);
        return pixels;
    }

    /** Decodes and resizes exactly as {@code WbcModel.predict} does; the resizer's output is already whole 0-255. */
    static byte[] decodeAndResize(Path file, byte[] content, int height, int width) {
        BufferedImage image = ImageDecoder.decode(file, content);
        return toBytes(ImageResizer.resizeRgb(image, height, width));
    }

    /** Whole values 0-255 (the resizer's output) as unsigned bytes: {@link #toFloats} gives them back unchanged. */
    static byte[] toBytes(float[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) (int) values[i];
        }
        return out;
    }

    static float[] toFloats(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xFF;
        }
        return out;
    }

    /** Files decoded (not served from a cache) by this loader. */
    long decodes() {
        return decodes.get();
    }

    PixelCache memory() {
        return memory;
    }

    DiskCache disk() {
        return disk;
    }
}
