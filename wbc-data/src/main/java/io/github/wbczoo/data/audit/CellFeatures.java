package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.BadImageException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.KeyPoint;
import org.bytedeco.opencv.opencv_core.KeyPointVector;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_features2d.ORB;

/**
 * What the finder keeps of one image, in Java arrays so that no native memory outlives the
 * extraction: a colour signature for the shortlist and ORB keypoints of the image and of its
 * mirror image (ORB is rotation- but not reflection-invariant, and BCCD's copies are flipped).
 *
 * <p>The signature is the hue-saturation histogram of the image's non-black pixels, square-rooted
 * and L2-normalised, so the dot product of two signatures is their Bhattacharyya coefficient. A
 * histogram ignores where pixels are, so it survives rotation, shifts and flips; each BCCD
 * photograph's staining and light give it its own colour, so copies rank first.
 *
 * <p>Black corners (rotation leaves them) are masked out of both, eroded by a few pixels so the
 * corners' straight edges yield no keypoints: those would match between any two rotated images.
 */
final class CellFeatures {
    static final int HUE_BINS = 30;
    static final int SATURATION_BINS = 16;
    /** Pixels darker than this (grey level) are the black fill of a rotation or shift. */
    private static final double BLACK = 12;
    private static final int ERODE = 9;

    final float[] signature;
    final Keypoints plain;
    final Keypoints mirrored;

    /** Keypoint positions (x, y interleaved) and their 32-byte ORB descriptors, row by row. */
    record Keypoints(float[] xy, byte[] descriptors) {
        int size() {
            return xy.length / 2;
        }
    }

    private CellFeatures(float[] signature, Keypoints plain, Keypoints mirrored) {
        this.signature = signature;
        this.plain = plain;
        this.mirrored = mirrored;
    }

    /** Decodes and describes an image; the caller's thread must not share {@code orb}. */
    static CellFeatures of(AuditImage image, ORB orb) {
        byte[] bytes = image.bytes();
        try (PointerScope scope = new PointerScope()) {
            Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, new BytePointer(bytes));
            Mat bgr = opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR);
            if (bgr.empty()) {
                throw new BadImageException(image.file() != null ? image.file() : java.nio.file.Path.of(image.name()),
                        "OpenCV cannot decode it; expected a JPEG or PNG image");
            }
            return of(bgr, orb);
        }
    }

    /** Describes a decoded BGR image. */
    static CellFeatures of(Mat bgr, ORB orb) {
        try (PointerScope scope = new PointerScope()) {
            Mat grey = new Mat();
            opencv_imgproc.cvtColor(bgr, grey, opencv_imgproc.COLOR_BGR2GRAY);
            Mat mask = new Mat();
            opencv_imgproc.threshold(grey, mask, BLACK, 255, opencv_imgproc.THRESH_BINARY);
            opencv_imgproc.erode(mask, mask, opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT,
                    new Size(ERODE, ERODE)));
            float[] signature = signature(bgr, mask);
            Keypoints plain = keypoints(grey, mask, orb);
            Mat greyFlip = new Mat();
            Mat maskFlip = new Mat();
            opencv_core.flip(grey, greyFlip, 1);
            opencv_core.flip(mask, maskFlip, 1);
            Keypoints mirrored = keypoints(greyFlip, maskFlip, orb);
            return new CellFeatures(signature, plain, mirrored);
        }
    }

    private static float[] signature(Mat bgr, Mat mask) {
        Mat hsv = new Mat();
        opencv_imgproc.cvtColor(bgr, hsv, opencv_imgproc.COLOR_BGR2HSV);
        Mat hist = new Mat();
        opencv_imgproc.calcHist(new MatVector(hsv), new IntPointer(0, 1), mask, hist,
                new IntPointer(HUE_BINS, SATURATION_BINS), new FloatPointer(0f, 180f, 0f, 256f), false);
        float[] v = new float[HUE_BINS * SATURATION_BINS];
        FloatIndexer h = hist.createIndexer();
        double sum = 0;
        for (int i = 0; i < HUE_BINS; i++) {
            for (int j = 0; j < SATURATION_BINS; j++) {
                sum += h.get(i, j);
            }
        }
        for (int i = 0; i < HUE_BINS; i++) {
            for (int j = 0; j < SATURATION_BINS; j++) {
                // sqrt(p) with sum(p) = 1: unit length, so a dot product is the Bhattacharyya coefficient
                v[i * SATURATION_BINS + j] = sum > 0 ? (float) Math.sqrt(h.get(i, j) / sum) : 0f;
            }
        }
        h.release();
        return v;
    }

    private static Keypoints keypoints(Mat grey, Mat mask, ORB orb) {
        KeyPointVector kp = new KeyPointVector();
        Mat desc = new Mat();
        orb.detectAndCompute(grey, mask, kp, desc);
        int n = desc.empty() ? 0 : desc.rows();
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            KeyPoint k = kp.get(i);
            xy[2 * i] = k.pt().x();
            xy[2 * i + 1] = k.pt().y();
        }
        byte[] d = new byte[n * 32];
        if (n > 0) {
            desc.data().get(d);
        }
        return new Keypoints(xy, d);
    }

    /** Bhattacharyya coefficient of the two colour signatures: 1 for identical histograms. */
    double similarity(CellFeatures other) {
        double s = 0;
        for (int i = 0; i < signature.length; i++) {
            s += signature[i] * other.signature[i];
        }
        return s;
    }
}
