package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.ChecksumReport;
import io.github.wbczoo.data.LabeledImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Which source cell (photograph) each BCCD image is a copy of: image name ({@code
 * TRAIN/EOSINOPHIL/_0_1169.jpeg}, as SHA256SUMS names it) to a group id, so that splits can keep
 * every copy of a cell on one side without rerunning the audit. The ids are stable: a cluster's id is
 * {@code cell-} plus the first 12 hex digits of the smallest SHA-256 among its images' contents, so it
 * does not depend on the order images were listed in or on the run.
 *
 * <p>The result of the audit of the Kaggle set ships as a resource ({@link #bundled()}); it records
 * the SHA-256 of the SHA256SUMS file it was computed for, and {@link #requireMatches(CellImageDataset)}
 * checks that a dataset is that one, file by file, before its ids are trusted.
 *
 * <p>File format (gzip, UTF-8): comment lines {@code # key: value} ({@code sha256sums}, {@code method}),
 * then one {@code name<TAB>group} line per image, sorted by name.
 *
 * <p>Usage:
 * <pre>{@code
 * SourceCells cells = SourceCells.bundled().requireMatches(bccd);
 * String group = cells.groupOf(labeledImage);   // e.g. "cell-3a6d530b9f44"
 * }</pre>
 */
public final class SourceCells {
    /** The shipped audit of the Kaggle {@code dataset2-master} images. */
    public static final String RESOURCE = "/io/github/wbczoo/data/audit/bccd-source-cells.tsv.gz";

    private final Map<String, String> groupOf;
    private final String sumsSha256;
    private final String method;

    private SourceCells(Map<String, String> groupOf, String sumsSha256, String method) {
        this.groupOf = Collections.unmodifiableMap(new TreeMap<>(groupOf));
        this.sumsSha256 = sumsSha256;
        this.method = method;
    }

    /**
     * The groups of a finder's result: image index -> cluster, named by content.
     *
     * @param sha256     each image's content hash, in the result's order
     * @param sumsSha256 the SHA-256 of the dataset's SHA256SUMS file, or "" when it has none
     */
    public static SourceCells of(DuplicateFinder.Result result, List<String> sha256, String sumsSha256, String method) {
        if (sha256.size() != result.images().size()) {
            throw new IllegalArgumentException("Expected one hash per image: " + sha256.size() + " for "
                    + result.images().size());
        }
        int[] cluster = result.clusterOf();
        String[] smallest = new String[result.clusterCount()];
        for (int i = 0; i < cluster.length; i++) {
            String h = sha256.get(i);
            if (smallest[cluster[i]] == null || h.compareTo(smallest[cluster[i]]) < 0) {
                smallest[cluster[i]] = h;
            }
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < cluster.length; i++) {
            m.put(result.images().get(i).name(), "cell-" + smallest[cluster[i]].substring(0, 12));
        }
        return new SourceCells(m, sumsSha256, method);
    }

    private static volatile SourceCells bundled;

    /** The shipped audit of the Kaggle set (read once per process). */
    public static SourceCells bundled() {
        SourceCells b = bundled;
        if (b == null) {
            b = readBundled();
            bundled = b;
        }
        return b;
    }

    private static SourceCells readBundled() {
        InputStream in = SourceCells.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("The resource " + RESOURCE + " is missing from the wbc-data jar");
        }
        try (in) {
            return read(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** Reads a file written by {@link #write(Path)}. */
    public static SourceCells read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read source cells " + file, e);
        }
    }

    private static SourceCells read(InputStream raw, String where) throws IOException {
        Map<String, String> m = new TreeMap<>();
        String sums = "";
        String method = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.startsWith("# sha256sums: ")) {
                    sums = line.substring(14).trim();
                } else if (line.startsWith("# method: ")) {
                    method = line.substring(10).trim();
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    int tab = line.indexOf('\t');
                    if (tab <= 0) {
                        throw new IllegalArgumentException(where + " line " + n + " is not 'name<TAB>group': " + line);
                    }
                    m.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return new SourceCells(m, sums, method);
    }

    /** Writes the groups (gzip TSV, sorted: the same groups give the same bytes). */
    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            GZIPOutputStream gz = new GZIPOutputStream(out);
            Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8);
            w.write("# wbc-zoo source cells: image -> the photograph it is a copy of (./wbc data audit)\n");
            w.write("# sha256sums: " + sumsSha256 + "\n");
            w.write("# method: " + method + "\n");
            for (Map.Entry<String, String> e : groupOf.entrySet()) {
                w.write(e.getKey() + "\t" + e.getValue() + "\n");
            }
            w.flush();
            gz.finish();
        });
    }

    /** The group of an image by its dataset name, if the audit saw it. */
    public Optional<String> groupOf(String name) {
        return Optional.ofNullable(groupOf.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * The group of a dataset image.
     *
     * @throws IllegalArgumentException when the audit did not see it (another dataset: check with {@link #requireMatches})
     */
    public String groupOf(LabeledImage image) {
        return groupOf(image.relativeName()).orElseThrow(() -> new IllegalArgumentException(image.relativeName()
                + " is not in the source-cell audit; it covers " + groupOf.size() + " images"));
    }

    /** Every image name -> group, sorted by name. */
    public Map<String, String> asMap() {
        return groupOf;
    }

    /** Groups with their images, sorted. */
    public Map<String, List<String>> groups() {
        Map<String, List<String>> g = new TreeMap<>();
        groupOf.forEach((name, group) -> g.computeIfAbsent(group, k -> new ArrayList<>()).add(name));
        return g;
    }

    /** Images covered. */
    public int size() {
        return groupOf.size();
    }

    /** The SHA-256 of the SHA256SUMS file the audit ran on ("" when the dataset had none). */
    public String sumsSha256() {
        return sumsSha256;
    }

    public String method() {
        return method;
    }

    /**
     * Why these groups may not describe the images (null when they do, as far as a cheap check
     * tells): the SHA256SUMS file must be the audited one and the image names the audited names.
     * {@link #requireMatches} also hashes every image.
     */
    public String mismatch(Path sumsFile, List<String> sortedNames) {
        if (sumsFile == null) {
            return "the dataset has no SHA256SUMS file";
        }
        String actual;
        try {
            actual = Hashes.sha256(Files.readAllBytes(sumsFile));
        } catch (IOException e) {
            return "its SHA256SUMS cannot be read (" + e.getMessage() + ")";
        }
        if (!actual.equals(sumsSha256)) {
            return sumsFile + " is not the audited one";
        }
        if (!sortedNames.equals(new ArrayList<>(groupOf.keySet()))) {
            return "it lists " + sortedNames.size() + " images, the audit " + groupOf.size();
        }
        return null;
    }

    /**
     * Checks that {@code dataset} is the one these groups were computed for: its SHA256SUMS file has
     * the recorded hash, every image matches SHA256SUMS (about 2 s: every file is hashed), and it has
     * exactly the audited images. Returns this, for chaining.
     *
     * @throws IllegalStateException naming what differs
     */
    public SourceCells requireMatches(CellImageDataset dataset) {
        Path sums = dataset.checksumFile().orElseThrow(() -> new IllegalStateException("The dataset at "
                + dataset.imagesDir() + " has no SHA256SUMS file, so it cannot be checked against the source-cell audit;"
                + " run ./wbc data audit on it instead"));
        String actual;
        try {
            actual = Hashes.sha256(Files.readAllBytes(sums));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + sums, e);
        }
        if (!actual.equals(sumsSha256)) {
            throw new IllegalStateException(sums + " is not the one the source-cell audit was made for (SHA-256 "
                    + actual + ", expected " + sumsSha256 + "): run ./wbc data audit on this dataset");
        }
        ChecksumReport c = dataset.verifyChecksums();
        if (!c.ok()) {
            throw new IllegalStateException("The images differ from SHA256SUMS (" + c.summary() + "), so the source-cell"
                    + " audit does not describe them: run ./wbc data audit");
        }
        List<String> names = dataset.allImages().stream().map(LabeledImage::relativeName).sorted().toList();
        if (!names.equals(new ArrayList<>(groupOf.keySet()))) {
            throw new IllegalStateException("The dataset lists " + names.size() + " images, the source-cell audit "
                    + groupOf.size() + ": run ./wbc data audit on this dataset");
        }
        return this;
    }
}
