package io.github.wbczoo.data;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of checking every image against the dataset's {@code SHA256SUMS}.
 *
 * <p>Usage: {@code ChecksumReport r = dataset.verifyChecksums(); if (!r.ok()) System.err.println(r.summary());}
 *
 * @param sumsFile   the SHA256SUMS file, or null when the dataset has none
 * @param checked    files whose hash was compared
 * @param mismatches files whose content differs from the listed hash (relative names)
 * @param missing    files listed but not on disk
 * @param unlisted   images on disk that the list does not name
 */
public record ChecksumReport(@JsonSerialize(using = ToStringSerializer.class) Path sumsFile, int checked,
                             List<String> mismatches, List<String> missing, List<String> unlisted) {

    public ChecksumReport {
        mismatches = List.copyOf(mismatches);
        missing = List.copyOf(missing);
        unlisted = List.copyOf(unlisted);
    }

    /** A dataset without a SHA256SUMS file: nothing was checked. */
    static ChecksumReport absent() {
        return new ChecksumReport(null, 0, List.of(), List.of(), List.of());
    }

    /** Whether a SHA256SUMS file was found. */
    public boolean present() {
        return sumsFile != null;
    }

    /** True when every listed file is present with the listed content and nothing is unlisted (or there is no list). */
    public boolean ok() {
        return mismatches.isEmpty() && missing.isEmpty() && unlisted.isEmpty();
    }

    /** One line, e.g. {@code SHA256SUMS: 12515 files verified}. */
    public String summary() {
        if (!present()) {
            return "SHA256SUMS: none (checksums not verified)";
        }
        if (ok()) {
            return "SHA256SUMS: " + checked + " files verified";
        }
        return "SHA256SUMS: " + mismatches.size() + " mismatches" + example(mismatches) + ", " + missing.size()
                + " listed files missing" + example(missing) + ", " + unlisted.size() + " images not listed"
                + example(unlisted) + " (of " + checked + " checked)";
    }

    private static String example(List<String> names) {
        return names.isEmpty() ? "" : " (e.g. " + names.get(0) + ")";
    }
}
