package io.github.wbczoo.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./wbc data check} reports: counts per split and class, whether they are the
 * published ones, every image decoded (sizes and corrupt files), and the checksum result. Its JSON
 * form is {@code {"splits": {"TRAIN": {"EOSINOPHIL": 2497, ...}, ...}, "total": 12515, "corrupt": [],
 * "checksumMismatches": 0, ...}}.
 *
 * <p>Usage: {@code DataCheckReport r = dataset.check(); System.out.println(Json.write(r));}
 *
 * @param dataDir               the images folder checked
 * @param splits                image files per split and class (stray files left out, unusable images counted)
 * @param total                 all image files
 * @param countsMatchPublished  whether the counts are those of the Kaggle set (Chen & Zhu's Table 1)
 * @param imageSizes            decoded images per "WxH" size
 * @param corrupt               image files that could not be read or decoded: empty, unreadable, truncated, not an image
 * @param skipped               stray files left out when the folder was listed (lenient mode)
 * @param checksumMismatches    files whose SHA-256 differs from SHA256SUMS
 * @param checksums             the full checksum result
 * @param seconds               how long the check took
 */
@JsonPropertyOrder({"dataDir", "splits", "total", "countsMatchPublished", "imageSizes", "corrupt", "skipped",
        "checksumMismatches", "checksums", "seconds"})
public record DataCheckReport(String dataDir, Map<String, Map<String, Integer>> splits, int total,
                              boolean countsMatchPublished, Map<String, Integer> imageSizes, List<DataProblem> corrupt,
                              List<DataProblem> skipped, int checksumMismatches, ChecksumReport checksums,
                              double seconds, boolean bccdLayout, List<String> fewImages) {
    /** A class with fewer training images than this is reported: too few to learn it or to validate it. */
    public static final int FEW_IMAGES = 10;

    public DataCheckReport {
        corrupt = List.copyOf(corrupt);
        skipped = List.copyOf(skipped);
        fewImages = List.copyOf(fewImages);
    }

    /** True when nothing is wrong: published counts, no corrupt or skipped file, checksums fine. */
    @JsonIgnore
    public boolean ok() {
        return (countsMatchPublished || !bccdLayout) && corrupt.isEmpty() && skipped.isEmpty() && checksums.ok()
                && fewImages.isEmpty();
    }

    /** What is wrong, one short phrase per kind of problem (empty when {@link #ok()}). */
    @JsonIgnore
    public List<String> problems() {
        List<String> p = new java.util.ArrayList<>();
        if (bccdLayout && !countsMatchPublished) {
            p.add("counts differ from the published BCCD counts");
        }
        if (!fewImages.isEmpty()) {
            p.add("classes with fewer than " + FEW_IMAGES + " training images: " + String.join(", ", fewImages));
        }
        if (!corrupt.isEmpty()) {
            p.add(corrupt.size() + " corrupt files (e.g. " + corrupt.get(0) + ")");
        }
        if (!skipped.isEmpty()) {
            p.add(skipped.size() + " unusable files skipped (e.g. " + skipped.get(0) + ")");
        }
        if (!checksums.ok()) {
            p.add(checksums.summary());
        }
        return p;
    }
}
