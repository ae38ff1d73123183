package io.github.wbczoo.data.audit;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_calib3d;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.DMatch;
import org.bytedeco.opencv.opencv_core.DMatchVector;
import org.bytedeco.opencv.opencv_core.DMatchVectorVector;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_features2d.BFMatcher;

/**
 * Confirms or rejects one candidate pair with OpenCV: brute-force Hamming matching of the ORB
 * descriptors with Lowe's ratio test, then {@code estimateAffinePartial2D} (a similarity transform:
 * rotation, uniform scale, shift) under RANSAC. A pair is a copy when enough matches agree on one
 * transform whose scale is near 1: BCCD's copies are rotated, shifted, flipped and at most slightly
 * zoomed. The scale bound also rejects RANSAC's degenerate fits, which collapse many matches onto
 * one spot (scale near 0) on repetitive red-cell texture. The mirrored keypoints are tried only when
 * the plain ones do not confirm.
 */
final class PairVerifier {
    private final DuplicateFinder.Settings settings;

    PairVerifier(DuplicateFinder.Settings settings) {
        this.settings = settings;
    }

    PairCheck check(String nameA, CellFeatures a, String nameB, CellFeatures b) {
        double similarity = a.similarity(b);
        Fit plain = fit(a.plain, b.plain);
        if (accepts(plain)) {
            return plain.toCheck(nameA, nameB, similarity, false, true);
        }
        Fit mirrored = fit(a.plain, b.mirrored);
        boolean useMirror = mirrored.inliers > plain.inliers;
        Fit best = useMirror ? mirrored : plain;
        return best.toCheck(nameA, nameB, similarity, useMirror, accepts(best));
    }

    private boolean accepts(Fit f) {
        return f.inliers >= settings.minInliers() && f.scale >= settings.minScale() && f.scale <= settings.maxScale();
    }

    private record Fit(int matches, int inliers, double scale, double degrees) {
        PairCheck toCheck(String a, String b, double similarity, boolean mirrored, boolean confirmed) {
            return new PairCheck(a, b, Math.round(similarity * 1e4) / 1e4, matches, inliers, Math.round(scale * 1e3) / 1e3,
                    Math.round(degrees * 10) / 10.0, mirrored, confirmed);
        }
    }

    private Fit fit(CellFeatures.Keypoints a, CellFeatures.Keypoints b) {
        if (a.size() < 2 || b.size() < 2) {
            return new Fit(0, 0, 0, 0);
        }
        try (PointerScope scope = new PointerScope()) {
            Mat da = descriptors(a);
            Mat db = descriptors(b);
            DMatchVectorVector knn = new DMatchVectorVector();
            new BFMatcher(opencv_core.NORM_HAMMING, false).knnMatch(da, db, knn, 2);
            int n = (int) knn.size();
            int[] qi = new int[n];
            int[] ti = new int[n];
            int good = 0;
            for (int i = 0; i < n; i++) {
                DMatchVector v = knn.get(i);
                if (v.size() < 2) {
                    continue;
                }
                DMatch m0 = v.get(0);
                if (m0.distance() < settings.ratio() * v.get(1).distance()) {
                    qi[good] = m0.queryIdx();
                    ti[good] = m0.trainIdx();
                    good++;
                }
            }
            if (good < Math.max(3, settings.minInliers())) {
                return new Fit(good, 0, 0, 0); // too few matches to ever confirm: spare the RANSAC
            }
            Mat src = new Mat(good, 1, opencv_core.CV_32FC2);
            Mat dst = new Mat(good, 1, opencv_core.CV_32FC2);
            FloatIndexer s = src.createIndexer();
            FloatIndexer d = dst.createIndexer();
            for (int i = 0; i < good; i++) {
                s.put(i, 0, 0, a.xy()[2 * qi[i]]);
                s.put(i, 0, 1, a.xy()[2 * qi[i] + 1]);
                d.put(i, 0, 0, b.xy()[2 * ti[i]]);
                d.put(i, 0, 1, b.xy()[2 * ti[i] + 1]);
            }
            s.release();
            d.release();
            Mat inliers = new Mat();
            Mat t = opencv_calib3d.estimateAffinePartial2D(src, dst, inliers, opencv_calib3d.RANSAC,
                    settings.ransacPixels(), 2000, 0.995, 10);
            if (t.empty()) {
                return new Fit(good, 0, 0, 0);
            }
            DoubleIndexer ti2 = t.createIndexer();
            double scale = Math.hypot(ti2.get(0, 0), ti2.get(1, 0));
            double degrees = Math.toDegrees(Math.atan2(ti2.get(1, 0), ti2.get(0, 0)));
            ti2.release();
            return new Fit(good, opencv_core.countNonZero(inliers), scale, degrees);
        }
    }

    private static Mat descriptors(CellFeatures.Keypoints k) {
        return new Mat(k.size(), 32, opencv_core.CV_8UC1, new BytePointer(k.descriptors()));
    }
}
