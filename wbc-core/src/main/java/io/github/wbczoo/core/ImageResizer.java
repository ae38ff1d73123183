package io.github.wbczoo.core;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.util.Arrays;

/**
 * Resizes an image to a model's input size with the antialiased bilinear (triangle) filter that
 * PIL's {@code Image.resize(..., BILINEAR)} uses: when shrinking, the filter widens with the scale,
 * so every source pixel contributes (like area averaging), unlike Java2D's bilinear which samples
 * only 2x2 pixels and aliases at 4x reduction (320x240 to 80x60). The output is rounded to whole
 * values 0-255, like PIL's 8-bit images; training (wbc-data, which caches these values as bytes)
 * and {@link WbcModel#predict} both resize here, so they see bit-identical pixels.
 *
 * <p>Usage: {@code float[] rgb = ImageResizer.resizeRgb(image, 60, 80); // HWC, whole values 0-255}
 */
public final class ImageResizer {
    private static final int[] BGR_BAND_OFFSETS = {2, 1, 0};

    private ImageResizer() {
    }

    /**
     * The image's RGB pixels at {@code height x width}, row by row with channels innermost (HWC),
     * as whole numbers 0-255 stored in floats. Grayscale and indexed images are expanded to RGB;
     * alpha is ignored.
     */
    public static float[] resizeRgb(BufferedImage image, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Cannot resize to " + width + "x" + height + ": both sides must be positive");
        }
        int inW = image.getWidth();
        int inH = image.getHeight();
        float[] out = rgbPixels(image);
        // Like PIL, a side that keeps its size gets no pass (that pass would be the identity anyway).
        if (inW != width) {
            out = resample(out, inH, inW, width, true);
        }
        if (inH != height) {
            out = resample(out, inH, width, height, false);
        }
        if (inW != width || inH != height) {
            roundToBytes(out);
        }
        return out;
    }

    /**
     * The image's RGB pixels at its own size, HWC, whole values 0-255, as PIL's
     * {@code convert("RGB")} gives them: grey values are copied to R, G and B unchanged (Java2D's
     * {@code getRGB} would lift a stored 100 to 168 through its linear-grey-to-sRGB gamma curve).
     * 8-bit BGR and packed-int RGB images are read straight from their buffers, about 4x faster
     * than {@code getRGB}; everything else goes through {@code getRGB}.
     */
    public static float[] rgbPixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[w * h * 3];
        if (isGray(image)) {
            int[] gray = gray8(image);
            for (int i = 0, j = 0; i < gray.length; i++, j += 3) {
                float v = gray[i];
                out[j] = v;
                out[j + 1] = v;
                out[j + 2] = v;
            }
            return out;
        }
        byte[] bgr = plainBgrBytes(image);
        if (bgr != null) {
            for (int j = 0; j < out.length; j += 3) {
                out[j] = bgr[j + 2] & 0xFF;
                out[j + 1] = bgr[j + 1] & 0xFF;
                out[j + 2] = bgr[j] & 0xFF;
            }
            return out;
        }
        int[] packed = plainPackedRgb(image);
        if (packed == null) {
            packed = image.getRGB(0, 0, w, h, null, 0, w);
        }
        for (int i = 0, j = 0; i < w * h; i++, j += 3) {
            int p = packed[i];
            out[j] = (p >> 16) & 0xFF;
            out[j + 1] = (p >> 8) & 0xFF;
            out[j + 2] = p & 0xFF;
        }
        return out;
    }

    /** Whether the image's colour space is grey (any bit depth, with or without alpha). */
    static boolean isGray(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * A grey image's stored values scaled to 8 bits, row by row: 16-bit values keep their high
     * byte, values of fewer bits are stretched to 0-255 (as Java2D and PIL do for 1-bit images).
     */
    static int[] gray8(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        Raster raster = gray.getRaster();
        int bits = raster.getSampleModel().getSampleSize(0);
        int[] out = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
        if (bits > 8) {
            for (int i = 0; i < out.length; i++) {
                out[i] >>= bits - 8;
            }
        } else if (bits < 8) {
            int max = (1 << bits) - 1;
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] * 255 / max;
            }
        }
        return out;
    }

    /**
     * The pixel bytes of a TYPE_3BYTE_BGR sRGB image whose buffer holds exactly its pixels, in
     * order (the JPEG reader's usual output), else null (e.g. a sub-image sharing a larger buffer).
     */
    private static byte[] plainBgrBytes(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR || !image.getColorModel().getColorSpace().isCS_sRGB()) {
            return null;
        }
        Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer) || !holdsExactlyItsPixels(raster, buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || sm.getPixelStride() != 3 || sm.getScanlineStride() != 3 * image.getWidth()
                || !Arrays.equals(sm.getBandOffsets(), BGR_BAND_OFFSETS)) {
            return null;
        }
        return buffer.getData();
    }

    /**
     * The pixels of a TYPE_INT_RGB or TYPE_INT_ARGB sRGB image as 0xAARRGGBB ints when its buffer
     * holds exactly its pixels, else null. Non-premultiplied ARGB stores the same RGB bits that
     * {@code getRGB} returns; premultiplied types are left to {@code getRGB}.
     */
    private static int[] plainPackedRgb(BufferedImage image) {
        int type = image.getType();
        if ((type != BufferedImage.TYPE_INT_RGB && type != BufferedImage.TYPE_INT_ARGB)
                || !image.getColorModel().getColorSpace().isCS_sRGB()) {
            return null;
        }
        Raster raster = image.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferInt buffer) || !holdsExactlyItsPixels(raster, buffer)
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm)
                || sm.getScanlineStride() != image.getWidth()) {
            return null;
        }
        int[] masks = sm.getBitMasks();
        if (masks[0] != 0xFF0000 || masks[1] != 0xFF00 || masks[2] != 0xFF) {
            return null;
        }
        return buffer.getData();
    }

    private static boolean holdsExactlyItsPixels(Raster raster, DataBuffer buffer) {
        return buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    }

    /** Rounds half up and clamps to 0-255, as PIL does when it stores a resized 8-bit image. */
    private static void roundToBytes(float[] values) {
        for (int i = 0; i < values.length; i++) {
            int v = Math.round(values[i]);
            values[i] = v < 0 ? 0 : Math.min(v, 255);
        }
    }

    /**
     * One separable pass. {@code alongWidth} resizes each row from {@code cols} to {@code outSize}
     * columns; otherwise each column from {@code rows} to {@code outSize} rows.
     */
    private static float[] resample(float[] src, int rows, int cols, int outSize, boolean alongWidth) {
        int inSize = alongWidth ? cols : rows;
        Coefficients k = Coefficients.bilinear(inSize, outSize);
        int outRows = alongWidth ? rows : outSize;
        int outCols = alongWidth ? outSize : cols;
        float[] dst = new float[outRows * outCols * 3];
        for (int r = 0; r < outRows; r++) {
            for (int c = 0; c < outCols; c++) {
                int o = alongWidth ? c : r;
                int first = k.first[o];
                float sr = 0;
                float sg = 0;
                float sb = 0;
                for (int t = 0; t < k.count[o]; t++) {
                    float w = k.weights[o][t];
                    int s = alongWidth ? (r * cols + first + t) * 3 : ((first + t) * cols + c) * 3;
                    sr += w * src[s];
                    sg += w * src[s + 1];
                    sb += w * src[s + 2];
                }
                int d = (r * outCols + c) * 3;
                dst[d] = sr;
                dst[d + 1] = sg;
                dst[d + 2] = sb;
            }
        }
        return dst;
    }

    /** PIL's {@code precompute_coeffs} for the triangle filter (support 1). */
    private record Coefficients(int[] first, int[] count, float[][] weights) {
        static Coefficients bilinear(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            float[][] weights = new float[outSize][];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), inSize);
                float[] w = new float[max - min];
                double total = 0;
                for (int x = 0; x < w.length; x++) {
                    double d = Math.abs((x + min - center + 0.5) / filterScale);
                    w[x] = (float) (d < 1 ? 1 - d : 0);
                    total += w[x];
                }
                for (int x = 0; x < w.length && total != 0; x++) {
                    w[x] = (float) (w[x] / total);
                }
                first[o] = min;
                count[o] = w.length;
                weights[o] = w;
            }
            return new Coefficients(first, count, weights);
        }
    }
}
