/**
 * Which BCCD images are copies of one photograph (a "source cell"): the near-duplicate audit.
 *
 * <ul>
 *   <li>{@link io.github.wbczoo.data.audit.DuplicateFinder}: colour-histogram shortlist within a class,
 *       ORB keypoints and a RANSAC similarity transform (OpenCV) to confirm, union-find clusters.</li>
 *   <li>{@link io.github.wbczoo.data.audit.PlantedCopies}: copies with known truth, made with the
 *       project's {@link io.github.wbczoo.data.Augmenter}, for precision and recall.</li>
 *   <li>{@link io.github.wbczoo.data.audit.BccdAudit}, {@link io.github.wbczoo.data.audit.AuditReport}:
 *       what {@code ./wbc data audit} runs and prints, cached.</li>
 *   <li>{@link io.github.wbczoo.data.audit.SourceCells}: image -> source cell id, shipped for the Kaggle
 *       set, for group-aware splits.</li>
 * </ul>
 *
 * <p>Usage: {@code String group = SourceCells.bundled().requireMatches(bccd).groupOf(image);}
 */
package io.github.wbczoo.data.audit;
