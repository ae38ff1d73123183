package io.github.wbczoo.data.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./wbc data audit} reports: the source cells (clusters of copies of one photograph)
 * per split and class, how many copies each has, the cells that span splits with the confirmed
 * pairs that join them, and the method with its precision and recall on planted copies.
 *
 * <p>JSON: {@code {"splits": {"TRAIN": {"images": 9957, "sourceCells": ..., ...}, ...},
 * "crossSplitDuplicates": [{"a": ..., "b": ..., "inliers": ...}, ...], "plantedRecall": ...,
 * "plantedPrecision": ..., ...}}.
 *
 * <p>Usage: {@code AuditReport r = BccdAudit.run(bccd, BccdAudit.Options.DEFAULT); System.out.println(Json.write(r));}
 *
 * @param dataDir              the images folder audited
 * @param method               how copies were found, one paragraph
 * @param settings             the finder's settings
 * @param images               images audited
 * @param sourceCells          clusters found in all (a cell in two splits counts once)
 * @param splits               per split: images, cells with an image there, per class
 * @param copiesPerCell        size distribution of the clusters (all splits together)
 * @param largestCells         the largest clusters, to spot a chain of false matches
 * @param spanning             per pair of splits: cells with images in both, image pairs across, confirmed pairs listed
 * @param crossSplitDuplicates the confirmed keypoint pairs whose images lie in different splits
 * @param identicalFiles       groups of byte-identical image files
 * @param crossClass           the check whether copies ever cross class folders
 * @param plantedPrecision     pair precision on planted copies ({@code planted})
 * @param plantedRecall        pair recall on planted copies
 * @param planted              the planted-copy score in full
 * @param keypointChecks       candidate pairs checked with keypoints
 * @param confirmedPairs       of them confirmed
 * @param unreadable           images that could not be decoded
 * @param seconds              how long the audit took when computed (cold)
 * @param cachedAt             the cache file it was read from, or null when computed now
 */
@JsonPropertyOrder({"dataDir", "method", "settings", "images", "sourceCells", "splits", "copiesPerCell", "largestCells",
        "spanning", "crossSplitDuplicates", "identicalFiles", "crossClass", "plantedPrecision", "plantedRecall", "planted",
        "keypointChecks", "confirmedPairs", "unreadable", "seconds", "cachedAt"})
public record AuditReport(String dataDir, String method, DuplicateFinder.Settings settings, int images, int sourceCells,
                          Map<String, SplitCells> splits, SizeDistribution copiesPerCell, List<Cell> largestCells,
                          Map<String, Spanning> spanning, List<PairCheck> crossSplitDuplicates,
                          List<List<String>> identicalFiles, CrossClass crossClass, double plantedPrecision,
                          double plantedRecall, PlantedCopies.Score planted, int keypointChecks, int confirmedPairs,
                          List<String> unreadable, double seconds, String cachedAt) {

    /** The same report, marked as read from {@code file}. */
    public AuditReport cachedAt(String file) {
        return new AuditReport(dataDir, method, settings, images, sourceCells, splits, copiesPerCell, largestCells,
                spanning, crossSplitDuplicates, identicalFiles, crossClass, plantedPrecision, plantedRecall, planted,
                keypointChecks, confirmedPairs, unreadable, seconds, file);
    }

    /**
     * One split.
     *
     * <p>Usage: {@code report.splits().get("TRAIN").sourceCells()}
     *
     * @param images        images in the split
     * @param sourceCells   clusters with at least one image in this split
     * @param onlyHere      of them, clusters with no image in another split
     * @param copiesPerCell images of this split per cluster
     * @param byClass       the same per class
     */
    @JsonPropertyOrder({"images", "sourceCells", "onlyHere", "copiesPerCell", "byClass"})
    public record SplitCells(int images, int sourceCells, int onlyHere, SizeDistribution copiesPerCell,
                             Map<String, ClassCells> byClass) {
    }

    /**
     * One class within a split.
     *
     * <p>Usage: {@code report.splits().get("TEST").byClass().get("EOSINOPHIL").sourceCells()}
     *
     * @param images      images
     * @param sourceCells clusters with an image here
     */
    public record ClassCells(int images, int sourceCells) {
    }

    /**
     * Cluster sizes.
     *
     * <p>Usage: {@code report.copiesPerCell().max()}
     *
     * @param clusters  number of clusters
     * @param min       smallest
     * @param median    median
     * @param max       largest
     * @param mean      mean
     * @param histogram clusters per size band ("1", "2-9", "10-19", ...)
     */
    @JsonPropertyOrder({"clusters", "min", "median", "max", "mean", "histogram"})
    public record SizeDistribution(int clusters, int min, double median, int max, double mean,
                                   Map<String, Integer> histogram) {
    }

    /**
     * One cluster.
     *
     * <p>Usage: {@code report.largestCells().get(0).images()}
     *
     * @param id      its {@link SourceCells} id
     * @param images  images in it
     * @param bySplit images per split
     * @param label   its class (all copies share it), or "mixed"
     * @param example one image of it
     */
    public record Cell(String id, int images, Map<String, Integer> bySplit, String label, String example) {
    }

    /**
     * Two splits' shared cells.
     *
     * <p>Usage: {@code report.spanning().get("TRAIN-TEST").sourceCells()}
     *
     * @param sourceCells    clusters with images in both splits
     * @param imagePairs     image pairs (one in each split) that lie in one cluster
     * @param confirmedPairs keypoint-confirmed pairs across the two splits (listed in crossSplitDuplicates)
     */
    public record Spanning(int sourceCells, long imagePairs, int confirmedPairs) {
    }

    /**
     * Whether copies cross class folders: a sample of images checked against their most
     * colour-similar images of the other classes.
     *
     * <p>Usage: {@code report.crossClass().confirmed()}
     *
     * @param sampled   images sampled
     * @param checked   pairs checked with keypoints
     * @param confirmed of them confirmed as copies
     * @param pairs     the confirmed ones
     */
    public record CrossClass(int sampled, int checked, int confirmed, List<PairCheck> pairs) {
    }
}
