package io.github.wbczoo.data.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.DiskCache;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The near-duplicate audit of a BCCD folder: runs the {@link DuplicateFinder} over every image,
 * scores the same method on planted copies of TEST_SIMPLE's originals, checks a sample across
 * classes, and summarises it all in an {@link AuditReport} with the {@link SourceCells} groups.
 * Results are cached (a cold run on the 12,515 images takes minutes on two cores): in the disk
 * cache's folder ({@link DiskCache#defaultLocation()}, off when {@code CI=true}) under
 * {@code audit-v1/}, keyed by every image's content hash and the settings.
 *
 * <p>Usage: {@code BccdAudit.Outcome o = BccdAudit.run(bccd, BccdAudit.Options.DEFAULT); o.cells().groupOf(image);}
 */
public final class BccdAudit {
    /** Bump when the method or the report changes, so old cache entries are ignored. */
    static final String FORMAT = "audit-v1";
    /** Images checked across classes, and candidates each. */
    static final int CROSS_CLASS_SAMPLE = 300;
    static final int CROSS_CLASS_CANDIDATES = 3;

    /** What was chosen: the method's one paragraph, also in the report and the README. */
    public static final String METHOD = "Each image is described by a hue-saturation histogram of its non-black pixels"
            + " (rotation, shift and flip leave it nearly unchanged; each photograph's stain and light make it its own)"
            + " and by ORB keypoints of it and of its mirror image (OpenCV 4.5.5). Within each class, every image's most"
            + " similar images by histogram (Bhattacharyya coefficient) are its candidates; a candidate pair is"
            + " confirmed when ORB matches (ratio test) agree on one RANSAC similarity transform (rotation, uniform"
            + " scale, shift) with enough inliers and a scale near 1. Confirmed pairs are joined with union-find into"
            + " source cells; pairs already in one cluster are not checked again.";

    private BccdAudit() {
    }

    /**
     * How to run.
     *
     * <p>Usage: {@code Options.DEFAULT.withCacheDir(Optional.empty()).withProgress(System.err::println)}
     *
     * @param settings       the finder's settings
     * @param plantedCopies  planted copies per TEST_SIMPLE source image
     * @param seed           seed of the planted copies
     * @param cacheDir       the cache folder (its {@code audit-v1/} is used), or empty for none
     * @param refresh        compute even when the cache has the result (and replace it)
     * @param progress       receives progress lines
     */
    public record Options(DuplicateFinder.Settings settings, int plantedCopies, long seed, Optional<Path> cacheDir,
                          boolean refresh, Consumer<String> progress) {
        /** The default settings, 3 planted copies, seed 42, the default cache folder, quiet. */
        public static final Options DEFAULT = new Options(DuplicateFinder.Settings.DEFAULT, 3, 42,
                DiskCache.defaultLocation().dir(), false, s -> { });

        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(cacheDir, "cacheDir");
            Objects.requireNonNull(progress, "progress");
        }

        public Options withCacheDir(Optional<Path> dir) {
            return new Options(settings, plantedCopies, seed, dir, refresh, progress);
        }

        public Options withRefresh(boolean r) {
            return new Options(settings, plantedCopies, seed, cacheDir, r, progress);
        }

        public Options withProgress(Consumer<String> p) {
            return new Options(settings, plantedCopies, seed, cacheDir, refresh, p);
        }
    }

    /**
     * The audit's results.
     *
     * <p>Usage: {@code Outcome o = BccdAudit.run(bccd, Options.DEFAULT); o.cells().write(Path.of("cells.tsv.gz"));}
     *
     * @param report   the summary ({@code ./wbc data audit --json})
     * @param cells    image -> source cell id
     * @param examples pairs worth looking at: confirmed ones across splits and the hardest confirmed,
     *                 the rejected ones that came closest
     */
    public record Outcome(AuditReport report, SourceCells cells, List<PairCheck> examples) {
    }

    record Cached(AuditReport report, List<PairCheck> examples) {
    }

    /** Audits {@code dataset} (or reads the cached audit of exactly these images and settings). */
    public static Outcome run(CellImageDataset dataset, Options options) {
        if (!dataset.bccdLayout()) {
            throw new IllegalArgumentException("The audit reads BCCD's dataset2-master (TRAIN, TEST, TEST_SIMPLE and its four"
                    + " classes); " + dataset.imagesDir() + " is another layout: give --data the BCCD folder");
        }
        long start = System.nanoTime();
        List<LabeledImage> all = dataset.allImages();
        List<AuditImage> images = all.stream().map(AuditImage::of).toList();
        List<String> hashes = IntStream.range(0, images.size()).parallel()
                .mapToObj(i -> Hashes.sha256(images.get(i).bytes())).toList();
        String sumsSha = dataset.checksumFile().map(BccdAudit::hashFile).orElse("");
        StringBuilder keyText = new StringBuilder(FORMAT).append('\n').append(options.settings().describe())
                .append("\nplanted ").append(options.plantedCopies()).append(' ').append(options.seed()).append('\n');
        for (int i = 0; i < images.size(); i++) {
            keyText.append(images.get(i).name()).append(' ').append(hashes.get(i)).append('\n');
        }
        String key = Hashes.sha256(keyText.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        Optional<Path> reportFile = options.cacheDir().map(d -> d.resolve(FORMAT).resolve(key + ".json"));
        Optional<Path> cellsFile = options.cacheDir().map(d -> d.resolve(FORMAT).resolve(key + ".cells.tsv.gz"));
        if (!options.refresh() && reportFile.isPresent() && Files.isRegularFile(reportFile.get())
                && Files.isRegularFile(cellsFile.get())) {
            try {
                Cached c = Json.mapper().readValue(reportFile.get().toFile(), Cached.class);
                options.progress().accept("read the audit from the cache: " + reportFile.get());
                return new Outcome(c.report().cachedAt(reportFile.get().toString()), SourceCells.read(cellsFile.get()),
                        c.examples());
            } catch (IOException | RuntimeException e) {
                options.progress().accept("the cached audit " + reportFile.get() + " cannot be read (" + e.getMessage()
                        + "); computing it again");
            }
        }
        DuplicateFinder finder = new DuplicateFinder(options.settings()).progress(options.progress());
        options.progress().accept("auditing " + images.size() + " images (" + options.settings().describe() + ")");
        DuplicateFinder.Run run = finder.run(images);
        DuplicateFinder.Result result = run.result();
        SourceCells cells = SourceCells.of(result, hashes, sumsSha, options.settings().describe());

        options.progress().accept("checking a sample across classes");
        int[] sample = IntStream.range(0, CROSS_CLASS_SAMPLE).map(s -> (int) ((long) s * images.size() / CROSS_CLASS_SAMPLE))
                .toArray();
        List<PairCheck> crossChecks = finder.crossClass(run, sample, CROSS_CLASS_CANDIDATES);
        List<PairCheck> crossConfirmed = crossChecks.stream().filter(PairCheck::confirmed).toList();
        AuditReport.CrossClass crossClass = new AuditReport.CrossClass(sample.length, crossChecks.size(),
                crossConfirmed.size(), crossConfirmed);

        options.progress().accept("scoring the method on planted copies");
        PlantedCopies.Score planted = planted(dataset, options);

        AuditReport report = summarise(dataset, options.settings(), result, cells, hashes, crossClass, planted,
                (System.nanoTime() - start) / 1e9);
        List<PairCheck> examples = examples(result, options.settings());
        Outcome out = new Outcome(report, cells, examples);
        if (reportFile.isPresent()) {
            try {
                AtomicFiles.writeString(reportFile.get(), Json.write(new Cached(report, examples)));
                cells.write(cellsFile.get());
            } catch (RuntimeException e) {
                options.progress().accept("cannot write the audit cache " + reportFile.get() + " (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    /**
     * The planted-copy score: TEST_SIMPLE's un-augmented images, four in seven as sources with
     * {@link Options#plantedCopies()} copies each, the rest as distractors.
     */
    public static PlantedCopies.Score planted(CellImageDataset dataset, Options options) {
        List<LabeledImage> simple = dataset.images(Split.TEST_SIMPLE);
        List<LabeledImage> sources = new ArrayList<>();
        List<LabeledImage> distractors = new ArrayList<>();
        for (int i = 0; i < simple.size(); i++) {
            (i % 7 < 4 ? sources : distractors).add(simple.get(i));
        }
        PlantedCopies p = PlantedCopies.make(sources, distractors, options.plantedCopies(), options.seed());
        return p.score(new DuplicateFinder(options.settings()).find(p.images()));
    }

    private static String hashFile(Path f) {
        try {
            return Hashes.sha256(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + f, e);
        }
    }

    static AuditReport summarise(CellImageDataset dataset, DuplicateFinder.Settings settings, DuplicateFinder.Result r,
                                 SourceCells cells, List<String> hashes,
                                 AuditReport.CrossClass crossClass, PlantedCopies.Score planted, double seconds) {
        List<AuditImage> images = r.images();
        int[] cluster = r.clusterOf();
        int clusters = r.clusterCount();
        int[][] perSplit = new int[Split.bccd().size()][clusters];
        for (int i = 0; i < images.size(); i++) {
            perSplit[Split.bccd().indexOf(images.get(i).split())][cluster[i]]++;
        }
        Map<String, AuditReport.SplitCells> splits = new LinkedHashMap<>();
        for (Split s : Split.bccd()) {
            List<Integer> sizes = new ArrayList<>();
            int onlyHere = 0;
            for (int c = 0; c < clusters; c++) {
                if (perSplit[Split.bccd().indexOf(s)][c] > 0) {
                    sizes.add(perSplit[Split.bccd().indexOf(s)][c]);
                    int elsewhere = 0;
                    for (Split o : Split.bccd()) {
                        elsewhere += o.equals(s) ? 0 : perSplit[Split.bccd().indexOf(o)][c];
                    }
                    onlyHere += elsewhere == 0 ? 1 : 0;
                }
            }
            Map<String, AuditReport.ClassCells> byClass = new LinkedHashMap<>();
            for (CellClass k : ClassSet.BCCD.classes()) {
                Set<Integer> ids = new HashSet<>();
                int n = 0;
                for (int i = 0; i < images.size(); i++) {
                    if (images.get(i).split() == s && images.get(i).label() == k) {
                        ids.add(cluster[i]);
                        n++;
                    }
                }
                byClass.put(k.name(), new AuditReport.ClassCells(n, ids.size()));
            }
            splits.put(s.name(), new AuditReport.SplitCells(sizes.stream().mapToInt(Integer::intValue).sum(),
                    sizes.size(), onlyHere, distribution(sizes), byClass));
        }
        int[] size = new int[clusters];
        for (int c : cluster) {
            size[c]++;
        }
        String[] idOf = new String[clusters];
        String[] example = new String[clusters];
        Map<Integer, Set<CellClass>> labels = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            idOf[cluster[i]] = cells.groupOf(images.get(i).name()).orElseThrow();
            if (example[cluster[i]] == null) {
                example[cluster[i]] = images.get(i).name();
            }
            labels.computeIfAbsent(cluster[i], k -> new HashSet<>()).add(images.get(i).label());
        }
        List<AuditReport.Cell> largest = IntStream.range(0, clusters).boxed()
                .sorted(Comparator.<Integer>comparingInt(c -> -size[c]).thenComparing(c -> idOf[c])).limit(10)
                .map(c -> {
                    Map<String, Integer> by = new LinkedHashMap<>();
                    for (Split s : Split.bccd()) {
                        by.put(s.name(), perSplit[Split.bccd().indexOf(s)][c]);
                    }
                    Set<CellClass> l = labels.get(c);
                    return new AuditReport.Cell(idOf[c], size[c], by, l.size() == 1 ? l.iterator().next().name() : "mixed",
                            example[c]);
                }).toList();
        Map<String, Split> splitOf = new HashMap<>();
        images.forEach(a -> splitOf.put(a.name(), a.split()));
        List<PairCheck> cross = r.checks().stream().filter(PairCheck::confirmed)
                .filter(p -> splitOf.get(p.a()) != splitOf.get(p.b())).toList();
        Map<String, AuditReport.Spanning> spanning = new LinkedHashMap<>();
        Split[][] pairs = {{Split.TRAIN, Split.TEST}, {Split.TRAIN, Split.TEST_SIMPLE}, {Split.TEST, Split.TEST_SIMPLE}};
        for (Split[] p : pairs) {
            int shared = 0;
            long imagePairs = 0;
            for (int c = 0; c < clusters; c++) {
                long a = perSplit[Split.bccd().indexOf(p[0])][c];
                long b = perSplit[Split.bccd().indexOf(p[1])][c];
                if (a > 0 && b > 0) {
                    shared++;
                    imagePairs += a * b;
                }
            }
            Set<Split> want = Set.of(p[0], p[1]);
            int confirmed = (int) cross.stream().filter(x -> Set.of(splitOf.get(x.a()), splitOf.get(x.b())).equals(want))
                    .count();
            spanning.put(p[0].name() + "-" + p[1].name(), new AuditReport.Spanning(shared, imagePairs, confirmed));
        }
        Map<String, List<String>> byHash = new TreeMap<>();
        for (int i = 0; i < images.size(); i++) {
            byHash.computeIfAbsent(hashes.get(i), h -> new ArrayList<>()).add(images.get(i).name());
        }
        List<List<String>> identical = byHash.values().stream().filter(l -> l.size() > 1).map(List::copyOf).toList();
        int confirmedPairs = (int) r.checks().stream().filter(PairCheck::confirmed).count();
        return new AuditReport(dataset.imagesDir().toString(), METHOD, settings,
                images.size(), clusters, splits, distribution(Arrays.stream(size).boxed().toList()), largest, spanning,
                cross, identical, crossClass, planted.precision(), planted.recall(), planted, r.checks().size(),
                confirmedPairs, r.unreadable(), Math.round(seconds * 10) / 10.0, null);
    }

    static AuditReport.SizeDistribution distribution(List<Integer> sizes) {
        if (sizes.isEmpty()) {
            return new AuditReport.SizeDistribution(0, 0, 0, 0, 0, Map.of());
        }
        int[] s = sizes.stream().mapToInt(Integer::intValue).sorted().toArray();
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        int[] bands = {1, 2, 10, 20, 30, 40, 50, 60, 80, 100, 200, 500};
        Map<String, Integer> hist = new LinkedHashMap<>();
        for (int b = 0; b < bands.length; b++) {
            int lo = bands[b];
            int hi = b + 1 < bands.length ? bands[b + 1] - 1 : Integer.MAX_VALUE;
            String label = lo == hi ? String.valueOf(lo) : hi == Integer.MAX_VALUE ? lo + "+" : lo + "-" + hi;
            int n = (int) Arrays.stream(s).filter(v -> v >= lo && v <= hi).count();
            if (n > 0) {
                hist.put(label, n);
            }
        }
        return new AuditReport.SizeDistribution(s.length, s[0], median, s[s.length - 1],
                Math.round(Arrays.stream(s).average().orElse(0) * 100) / 100.0, hist);
    }

    /**
     * Pairs for the contact sheet: up to 3 confirmed across splits, the 3 confirmed with the fewest
     * inliers, the 2 rejected pairs with the most inliers whose images the clusters keep apart
     * (plausible transform, too few inliers: the decisions nearest the threshold), and the 2 rejected
     * with the most inliers of all (RANSAC's degenerate fits, scale near 0).
     */
    static List<PairCheck> examples(DuplicateFinder.Result r, DuplicateFinder.Settings settings) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < r.images().size(); i++) {
            index.put(r.images().get(i).name(), i);
        }
        Map<String, Split> splitOf = new HashMap<>();
        r.images().forEach(a -> splitOf.put(a.name(), a.split()));
        List<PairCheck> confirmed = r.checks().stream().filter(PairCheck::confirmed).toList();
        List<PairCheck> rejected = r.checks().stream().filter(p -> !p.confirmed()).toList();
        List<PairCheck> out = new ArrayList<>();
        confirmed.stream().filter(p -> splitOf.get(p.a()) != splitOf.get(p.b())).limit(3).forEach(out::add);
        confirmed.stream().sorted(Comparator.comparingInt(PairCheck::inliers)).filter(p -> !out.contains(p)).limit(3)
                .forEach(out::add);
        rejected.stream().filter(p -> !r.together(index.get(p.a()), index.get(p.b())))
                .filter(p -> p.scale() >= settings.minScale() && p.scale() <= settings.maxScale())
                .sorted(Comparator.comparingInt(PairCheck::inliers).reversed()).limit(2).forEach(out::add);
        rejected.stream().sorted(Comparator.comparingInt(PairCheck::inliers).reversed()).filter(p -> !out.contains(p))
                .limit(2).forEach(out::add);
        return out;
    }
}
