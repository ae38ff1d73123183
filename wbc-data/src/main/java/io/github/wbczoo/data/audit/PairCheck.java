package io.github.wbczoo.data.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The keypoint check of one candidate pair: how many ORB matches passed the ratio test, how many
 * of them a RANSAC similarity transform (rotation, uniform scale, shift) explains, that transform,
 * and whether the second image had to be mirrored. {@code confirmed} is the finder's decision.
 *
 * <p>Usage: {@code if (check.confirmed()) System.out.println(check.a() + " ~ " + check.b() + ", " + check.inliers() + " inliers");}
 *
 * @param a          first image's name
 * @param b          second image's name
 * @param similarity the colour signatures' Bhattacharyya coefficient (the shortlist's score)
 * @param matches    keypoint matches that passed the ratio test
 * @param inliers    matches the fitted transform maps to within the RANSAC threshold
 * @param scale      the transform's scale (1: same size); 0 when none was fitted
 * @param degrees    the transform's rotation
 * @param mirrored   whether {@code b} was matched as its mirror image (a flipped copy)
 * @param confirmed  whether the pair counts as copies of one photograph
 */
@JsonPropertyOrder({"a", "b", "similarity", "matches", "inliers", "scale", "degrees", "mirrored", "confirmed"})
public record PairCheck(String a, String b, double similarity, int matches, int inliers, double scale, double degrees,
                        boolean mirrored, boolean confirmed) {
}
