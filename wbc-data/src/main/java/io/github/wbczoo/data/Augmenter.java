package io.github.wbczoo.data;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.Augmentation.FillMode;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to one resized image with the semantics of Keras'
 * {@code ImageDataGenerator}: draw a rotation angle in [-r, r] degrees, a vertical shift in
 * [-h, h] x height and a horizontal shift in [-w, w] x width pixels, then inverse-map every
 * output pixel through rotation-about-the-centre and shift, sampling the input bilinearly
 * (Keras' {@code interpolation_order=1}) with the fill mode deciding what lies outside
 * ({@code nearest}: the edge pixel repeated), and finally flip left-right and/or top-bottom, each
 * with probability 1/2. This is {@code scipy.ndimage.affine_transform(x, A, b, order=1, mode=fill)}
 * per channel, which the tests check value by value. The rotation centre is the true pixel centre
 * ((h-1)/2, (w-1)/2) as in current Keras; Keras 2 used h/2+0.5, one pixel off.
 *
 * <p>Randomness comes from a {@link SplittableRandom} seeded per image and epoch
 * ({@link #randomFor}), so a seeded run augments identically whatever the thread scheduling.
 *
 * <p>Usage: {@code float[] hwc = Augmenter.apply(pixels, 60, 80, Augmenter.draw(aug, 60, 80, rng), aug.fillMode());}
 */
public final class Augmenter {
    private Augmenter() {
    }

    /**
     * One drawn transformation, in Keras' terms: {@code theta}, {@code tx} (rows), {@code ty}
     * (columns), {@code flip_horizontal}, {@code flip_vertical}.
     *
     * @param rotationDegrees rotation angle in degrees
     * @param rowShift        vertical shift in pixels (Keras {@code tx}): output row r samples input row r + rowShift
     * @param colShift        horizontal shift in pixels (Keras {@code ty})
     * @param flipHorizontal  mirror left-right after the affine part
     * @param flipVertical    mirror top-bottom after the affine part
     */
    public record Transform(double rotationDegrees, double rowShift, double colShift, boolean flipHorizontal,
                            boolean flipVertical) {
        /** Leaves the image as it is. */
        public static final Transform IDENTITY = new Transform(0, 0, 0, false, false);

        /** Whether there is a rotation or shift (needing resampling) rather than only flips. */
        public boolean isAffine() {
            return rotationDegrees != 0 || rowShift != 0 || colShift != 0;
        }
    }

    /** Draws a transformation as Keras' {@code get_random_transform} does, for an image of this size. */
    public static Transform draw(Augmentation a, int height, int width, SplittableRandom rng) {
        Objects.requireNonNull(a, "augmentation");
        double theta = a.rotationDegrees() > 0 ? uniform(rng, a.rotationDegrees()) : 0;
        double tx = a.heightShift() > 0 ? uniform(rng, a.heightShift()) * height : 0;
        double ty = a.widthShift() > 0 ? uniform(rng, a.widthShift()) * width : 0;
        boolean flipH = a.horizontalFlip() && rng.nextDouble() < 0.5;
        boolean flipV = a.verticalFlip() && rng.nextDouble() < 0.5;
        return new Transform(theta, tx, ty, flipH, flipV);
    }

    private static double uniform(SplittableRandom rng, double range) {
        return -range + 2 * range * rng.nextDouble();
    }

    /**
     * The random source for one image in one epoch of a seeded run: independent of batch size,
     * shuffling and threads.
     */
    public static SplittableRandom randomFor(long seed, int epoch, int imageIndex) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + mix(((long) epoch << 32) ^ imageIndex)));
    }

    /** Draws and applies in one step. */
    public static float[] augment(byte[] hwc, int height, int width, Augmentation a, SplittableRandom rng) {
        return apply(hwc, height, width, draw(a, height, width, rng), a.fillMode());
    }

    /**
     * Applies {@code t} to an 8-bit HWC RGB image and returns HWC floats in 0-255 (unrounded,
     * as Keras keeps them).
     */
    public static float[] apply(byte[] hwc, int height, int width, Transform t, FillMode fill) {
        float[] out = new float[hwc.length];
        apply(hwc, height, width, t, fill, out);
        return out;
    }

    /** As {@link #apply(byte[], int, int, Transform, FillMode)}, into {@code out} (same length as the input), to spare garbage. */
    public static void apply(byte[] hwc, int height, int width, Transform t, FillMode fill, float[] out) {
        if (hwc.length != height * width * 3) {
            throw new IllegalArgumentException("Image has " + hwc.length + " values, expected " + height + "x" + width
                    + "x3 = " + (height * width * 3));
        }
        if (out.length != hwc.length) {
            throw new IllegalArgumentException("Output has " + out.length + " values, expected " + hwc.length);
        }
        if (!t.isAffine()) {
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int s = (r * width + c) * 3;
                    int d = target(r, c, height, width, t);
                    out[d] = hwc[s] & 0xFF;
                    out[d + 1] = hwc[s + 1] & 0xFF;
                    out[d + 2] = hwc[s + 2] & 0xFF;
                }
            }
            return;
        }
        double theta = Math.toRadians(t.rotationDegrees());
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double or = (height - 1) / 2.0;
        double oc = (width - 1) / 2.0;
        // input = A * output + b with A the rotation and b = A (shift - centre) + centre:
        // Keras' offset_matrix . rotation . shift . reset_matrix.
        double br = cos * (t.rowShift() - or) - sin * (t.colShift() - oc) + or;
        double bc = sin * (t.rowShift() - or) + cos * (t.colShift() - oc) + oc;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double inR = cos * r - sin * c + br;
                double inC = sin * r + cos * c + bc;
                int d = target(r, c, height, width, t);
                sample(hwc, height, width, inR, inC, fill, out, d);
            }
        }
    }

    /** Where output pixel (r, c) of the affine step lands after the flips. */
    private static int target(int r, int c, int height, int width, Transform t) {
        int rr = t.flipVertical() ? height - 1 - r : r;
        int cc = t.flipHorizontal() ? width - 1 - c : c;
        return (rr * width + cc) * 3;
    }

    /** Bilinear sample of all three channels at (y, x), the fill mode mapping outside indices. */
    private static void sample(byte[] src, int height, int width, double y, double x, FillMode fill, float[] out, int d) {
        if (fill == FillMode.CONSTANT && (y < 0 || y > height - 1 || x < 0 || x > width - 1)) {
            // scipy's "constant" mode: no interpolation beyond the edges, the pixel is cval (0).
            out[d] = 0;
            out[d + 1] = 0;
            out[d + 2] = 0;
            return;
        }
        double fy = Math.floor(y);
        double fx = Math.floor(x);
        float wy = (float) (y - fy);
        float wx = (float) (x - fx);
        int y0 = index((int) fy, height, fill);
        int y1 = index((int) fy + 1, height, fill);
        int x0 = index((int) fx, width, fill);
        int x1 = index((int) fx + 1, width, fill);
        int p00 = (y0 * width + x0) * 3;
        int p01 = (y0 * width + x1) * 3;
        int p10 = (y1 * width + x0) * 3;
        int p11 = (y1 * width + x1) * 3;
        float w00 = (1 - wy) * (1 - wx);
        float w01 = (1 - wy) * wx;
        float w10 = wy * (1 - wx);
        float w11 = wy * wx;
        for (int ch = 0; ch < 3; ch++) {
            out[d + ch] = w00 * (src[p00 + ch] & 0xFF) + w01 * (src[p01 + ch] & 0xFF)
                    + w10 * (src[p10 + ch] & 0xFF) + w11 * (src[p11 + ch] & 0xFF);
        }
    }

    /** An index outside 0..n-1 mapped as scipy's fill modes extend the image. */
    private static int index(int i, int n, FillMode fill) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (fill) {
            case NEAREST, CONSTANT -> i < 0 ? 0 : n - 1;
            case REFLECT -> {
                // half-sample symmetric: d c b a | a b c d | d c b a
                int period = 2 * n;
                int m = Math.floorMod(i, period);
                yield m < n ? m : period - 1 - m;
            }
        };
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
