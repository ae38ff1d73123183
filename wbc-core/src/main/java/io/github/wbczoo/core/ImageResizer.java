package io.github.wbczoo.core;

import java.awt.image.BufferedImage;

/**
 * Resizes an image to a model's input size with the antialiased bilinear (triangle) filter that
 * PIL's {@code Image.resize(..., BILINEAR)} uses: when shrinking, the filter widens with the scale,
 * so every source pixel contributes (like area averaging), unlike Java2D's bilinear which samples
 * only 2x2 pixels and aliases at 4x reduction (320x240 to 80x60).
 *
 * <p>Usage: {@code float[] rgb = ImageResizer.resizeRgb(image, 60, 80); // HWC, values 0-255}
 */
public final class ImageResizer {
    private ImageResizer() {
    }

    /**
     * The image's RGB pixels at {@code height x width}, row by row with channels innermost (HWC),
     * as floats in 0-255. Grayscale and indexed images are expanded to RGB; alpha is ignored.
     */
    public static float[] resizeRgb(BufferedImage image, int height, int width) {
        int inW = image.getWidth();
        int inH = image.getHeight();
        float[] src = rgbPixels(image);
        if (inW == width && inH == height) {
            return src;
        }
        float[] horizontal = resample(src, inH, inW, width, true);
        return resample(horizontal, inH, width, height, false);
    }

    /** The image's RGB pixels at its own size, HWC, 0-255. */
    public static float[] rgbPixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[w * h * 3];
        for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
            int p = argb[i];
            out[j] = (p >> 16) & 0xFF;
            out[j + 1] = (p >> 8) & 0xFF;
            out[j + 2] = p & 0xFF;
        }
        return out;
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
