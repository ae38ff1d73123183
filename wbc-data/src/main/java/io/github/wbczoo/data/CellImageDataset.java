package io.github.wbczoo.data;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.DataRequest;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.WbcDataSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A labelled cell-image dataset, the data source every command and model trains on: BCCD's
 * {@code dataset2-master} layout ({@link BccdDataset#open}), any lab's class folders
 * ({@code ROOT/CLASS/*} or {@code ROOT/SPLIT/CLASS/*}, {@link #folders}) or a CSV manifest
 * ({@code path,label[,group][,split]}, {@link #manifest}), all with the same checks, splits,
 * normalisation statistics, augmentation and DL4J iterators. Decoded, resized images are cached
 * in memory (and, optionally, on disk), so each file is decoded once per process and size.
 *
 * <p>Strict mode (the default) fails on any unusable file with a message naming it and
 * {@link #SKIP_HINT}: stray files and empty or unreadable images when the dataset is opened,
 * corrupt ones when they are first decoded. Lenient mode ({@code --skip-bad-images} on the
 * command line) skips such files and lists them in {@link #skipped()}: stray files from the
 * start, images (empty ones included, like truncated ones) once they fail to decode. Layout
 * errors (missing, misnamed or unknown folders, empty classes) always fail.
 *
 * <p>Usage:
 * <pre>{@code
 * CellImageDataset bccd = BccdDataset.open(Path.of("../shared/bccd"));   // or CellImageDataset.folders(Path.of("cells"))
 * TrainingData d = bccd.trainingData(new DataRequest(config, SplitPolicy.validationFraction(0.2),
 *         Augmentation.kerasInception(), 32, 42, 0));
 * BccdIterator test = bccd.iterator(Split.TEST, d.dataConfig(), 32);
 * }</pre>
 */
public final class CellImageDataset implements WbcDataSource {

    /** Images per split and class in the Kaggle set (Chen & Zhu's Table 1, the dataset README). */
    public static final Map<Split, Map<CellClass, Integer>> PUBLISHED_COUNTS = publishedCounts();
    /** All images in the Kaggle set. */
    public static final int PUBLISHED_TOTAL = 12_515;
    /** How to get past an unusable file, ending strict mode's messages (the CLI's option for lenient mode). */
    public static final String SKIP_HINT = "fix or remove it, or rerun with --skip-bad-images";

    private final Path imagesDir;
    private final Map<Split, List<LabeledImage>> folders;
    private final ClassSet classes;
    private final boolean bccdLayout;
    /** Where the images' groups (source cells, patients) come from, or why there are none. */
    private final String groupsNote;
    private final boolean lenient;
    private final PixelLoader loader;
    private final ConcurrentLinkedQueue<DataProblem> skipped = new ConcurrentLinkedQueue<>();
    private final Set<Path> skippedFiles = ConcurrentHashMap.newKeySet();
    private final Map<StatsKey, float[][]> statistics = new ConcurrentHashMap<>();

    private record StatsKey(int height, int width, List<LabeledImage> images) {
    }

    private CellImageDataset(BccdLayout.Scan scan, boolean bccdLayout, boolean lenient, PixelLoader loader) {
        this.imagesDir = scan.imagesDir();
        this.classes = scan.classes();
        this.bccdLayout = bccdLayout;
        Map<Split, List<LabeledImage>> f = new LinkedHashMap<>();
        scan.images().forEach((k, v) -> f.put(k, List.copyOf(v)));
        String note = f.values().stream().flatMap(List::stream).anyMatch(i -> i.group() != null) ? "groups from the manifest"
                : "no groups known: splits and intervals treat images as independent";
        if (bccdLayout) {
            note = withSourceCells(f, scan.imagesDir());
        }
        this.groupsNote = note;
        this.folders = Collections.unmodifiableMap(f);
        this.lenient = lenient;
        this.loader = loader;
        scan.skipped().forEach(this::recordSkipped);
    }

    /**
     * Gives BCCD's images their source cell as group, from the audit shipped with the library
     * ({@code ./wbc data audit}: augmented copies of one cell share it), when the dataset is the
     * audited one (its SHA256SUMS and image names); returns what was done, for logs.
     */
    private static String withSourceCells(Map<Split, List<LabeledImage>> folders, Path imagesDir) {
        io.github.wbczoo.data.audit.SourceCells cells = io.github.wbczoo.data.audit.SourceCells.bundled();
        Path sums = sumsFile(imagesDir).orElse(null);
        List<String> names = folders.values().stream().flatMap(List::stream).map(LabeledImage::relativeName).sorted().toList();
        String why = cells.mismatch(sums, names);
        if (why != null) {
            return "source cells unknown (" + why + "): splits and intervals treat images as independent; run ./wbc data audit";
        }
        folders.replaceAll((split, images) -> images.stream().map(i -> new LabeledImage(i.file(), i.label(), i.folder(),
                cells.groupOf(i))).toList());
        return "source cells from the bundled audit (" + cells.groups().size() + " cells)";
    }

    /** Whether this is BCCD's {@code dataset2-master} layout (its splits, classes and published counts). */
    public boolean bccdLayout() {
        return bccdLayout;
    }

    /** Where the images' groups come from (BCCD's audited source cells, a manifest's column), or why there are none. */
    public String groupsNote() {
        return groupsNote;
    }

    /** BCCD's layout in strict mode with the shared memory cache and the default disk cache (as {@link BccdDataset#open}). */
    public static CellImageDataset open(Path path) {
        return builder(path).open();
    }

    /** Class folders {@code ROOT/CLASS/*} or split folders {@code ROOT/SPLIT/CLASS/*}, strict mode, default caches. */
    public static CellImageDataset folders(Path root) {
        return builder(root).classFolders().open();
    }

    /** A CSV manifest {@code path,label[,group][,split]} (paths relative to the CSV), strict mode, default caches. */
    public static CellImageDataset manifest(Path csv) {
        return builder(csv).manifest().open();
    }

    /**
     * The layout a path has, for a {@code --data} argument: a {@code .csv} file is a manifest, a
     * folder with BCCD's layout ({@code dataset2-master}, or TRAIN/TEST/TEST_SIMPLE) is BCCD, any
     * other folder class folders or split folders.
     */
    public static Builder detect(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (java.nio.file.Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return builder(p).manifest();
        }
        boolean bccd = java.nio.file.Files.isDirectory(p.resolve("dataset2-master"))
                || java.nio.file.Files.isDirectory(p.resolve("images").resolve("TRAIN"))
                || (java.nio.file.Files.isDirectory(p.resolve("TRAIN")) && java.nio.file.Files.isDirectory(p.resolve("TEST_SIMPLE")));
        return bccd ? builder(p) : builder(p).classFolders();
    }

    /**
     * Starts configuring a dataset: by default BCCD's layout at its root (the folder holding
     * {@code dataset2-master}), {@code dataset2-master} or its {@code images} folder; switch with
     * {@link Builder#classFolders()} or {@link Builder#manifest()}.
     */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** Options for {@link CellImageDataset}: layout, strictness and caches. */
    public static final class Builder {
        private final Path path;
        private boolean lenient;
        private PixelCache memory = PixelCache.shared();
        private Optional<DiskCache> disk = DiskCache.defaultCache();
        private BccdLayout.Lister lister = BccdLayout.FILES;
        private boolean classFolders;
        private boolean manifest;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /**
         * Any lab's image folders instead of BCCD's layout: {@code ROOT/CLASS/*} or
         * {@code ROOT/SPLIT/CLASS/*} (a {@code train} split and any others), classes from the folder names.
         */
        public Builder classFolders() {
            this.classFolders = true;
            this.manifest = false;
            return this;
        }

        /** A CSV manifest instead of BCCD's layout: rows {@code path,label[,group][,split]}, paths relative to the CSV. */
        public Builder manifest() {
            this.manifest = true;
            this.classFolders = false;
            return this;
        }

        /** Lenient: skip unusable files (listing them in {@link #skipped()}) instead of failing. */
        public Builder lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /** The memory cache to use (default {@link PixelCache#shared()}). */
        public Builder memoryCache(PixelCache cache) {
            this.memory = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Keep resized pixels in this folder across runs (it must lie outside the dataset). */
        public Builder diskCache(Path dir) {
            this.disk = Optional.of(new DiskCache(Objects.requireNonNull(dir, "dir")));
            return this;
        }

        /** No disk cache: decode in every new process. */
        public Builder noDiskCache() {
            this.disk = Optional.empty();
            return this;
        }

        Builder lister(BccdLayout.Lister l) {
            this.lister = l;
            return this;
        }

        /**
         * Checks the layout and lists the images (about 0.1 s for the 12,515 files; no image is
         * decoded or hashed here).
         *
         * @throws IllegalArgumentException naming the path and what was expected when the layout is wrong,
         *                                  or (strict mode) a file is unusable
         */
        public CellImageDataset open() {
            Path images = manifest ? path.toAbsolutePath().normalize().getParent()
                    : classFolders ? path.toAbsolutePath().normalize() : BccdLayout.findImagesDir(path, lister);
            if (disk.isPresent()) {
                Path datasetRoot = datasetRoot(images);
                if (disk.get().dir().startsWith(datasetRoot)) {
                    throw new IllegalArgumentException("The disk cache folder " + disk.get().dir() + " lies inside the"
                            + " dataset " + datasetRoot + ", which must stay read-only: choose a cache folder elsewhere");
                }
            }
            BccdLayout.Scan scan = manifest ? BccdLayout.scanManifest(path, lenient)
                    : classFolders ? BccdLayout.scanFolders(images, lenient, lister) : BccdLayout.scan(images, lenient, lister);
            return new CellImageDataset(scan, !classFolders && !manifest, lenient, new PixelLoader(memory, disk.orElse(null)));
        }
    }

    /** The folder holding {@code dataset2-master} when the layout has one, else the images folder. */
    private static Path datasetRoot(Path imagesDir) {
        Path parent = imagesDir.getParent();
        if (imagesDir.getFileName().toString().equals("images") && parent != null
                && parent.getFileName() != null && parent.getFileName().toString().equals("dataset2-master")
                && parent.getParent() != null) {
            return parent.getParent();
        }
        return imagesDir;
    }

    // ---------------------------------------------------------------- contents

    /** The {@code images} folder holding TRAIN, TEST and TEST_SIMPLE. */
    public Path imagesDir() {
        return imagesDir;
    }

    /** The images of one split folder, sorted by file name. */
    public List<LabeledImage> images(Split split) {
        List<LabeledImage> images = folders.get(Objects.requireNonNull(split, "split"));
        if (images == null) {
            throw new IllegalArgumentException("No split " + split + " in " + imagesDir + "; its splits: " + folders.keySet());
        }
        return images;
    }

    /** The classes: BCCD's four, or the class folder names of other image folders (sorted). */
    public ClassSet classes() {
        return classes;
    }

    /** The splits, training split first: BCCD's TRAIN, TEST and TEST_SIMPLE, or the split folders of other data. */
    public List<Split> splitNames() {
        return List.copyOf(folders.keySet());
    }

    /** Every image of every folder. */
    public List<LabeledImage> allImages() {
        List<LabeledImage> all = new ArrayList<>();
        folders.values().forEach(all::addAll);
        return all;
    }

    /** Images per split and class, in enum order. */
    public Map<Split, Map<CellClass, Integer>> counts() {
        Map<Split, Map<CellClass, Integer>> c = new LinkedHashMap<>();
        folders.forEach((split, images) -> c.put(split, SplitPlan.countByClass(images, classes())));
        return c;
    }

    /** All images. */
    public int total() {
        return folders.values().stream().mapToInt(List::size).sum();
    }

    /** Whether the counts are exactly those of the Kaggle set ({@link #PUBLISHED_COUNTS}). */
    public boolean matchesPublishedCounts() {
        return bccdLayout && counts().equals(PUBLISHED_COUNTS);
    }

    public boolean lenient() {
        return lenient;
    }

    /**
     * Files skipped so far in lenient mode: stray files when the folders were listed, and images
     * that failed to decode since (empty ones included), in the order met.
     */
    public List<DataProblem> skipped() {
        return List.copyOf(skipped);
    }

    /** One line: where, how many per split, whether the counts are the published ones, what was skipped. */
    public String summary() {
        String perSplit = folders.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size())
                .collect(Collectors.joining(", "));
        String s = bccdLayout ? "BCCD at " + imagesDir + ": " + perSplit + " (" + total() + " images"
                + (matchesPublishedCounts() ? ", the published counts)" : ", NOT the published counts of "
                + PUBLISHED_TOTAL + ")")
                : "Images at " + imagesDir + ": " + perSplit + " (" + total() + " images, classes " + classes + ")";
        List<DataProblem> skip = skipped();
        if (!skip.isEmpty()) {
            s += "; skipped " + skip.size() + " unusable files: " + skip.stream().limit(5).map(DataProblem::toString)
                    .collect(Collectors.joining("; ")) + (skip.size() > 5 ? "; ..." : "");
        }
        return s;
    }

    public PixelCache memoryCache() {
        return loader.memory();
    }

    public Optional<DiskCache> diskCache() {
        return Optional.ofNullable(loader.disk());
    }

    /** Files decoded by this dataset so far (cache hits not counted). */
    public long decodes() {
        return loader.decodes();
    }

    // ---------------------------------------------------------------- splits and training data

    /** The split {@code policy} makes with {@code seed}: stratified, seeded, no file in two parts. */
    public SplitPlan splits(SplitPolicy policy, long seed) {
        return SplitPlan.of(folders, classes(), Objects.requireNonNull(policy, "policy"), seed, bccdLayout ? "BCCD" : "Data");
    }

    /** Name of the pooled split's own test part, as reports show it. */
    public static final String POOLED_TEST = "pooled test";
    /** Images per batch of the held-out splits (inference only, so larger than most training batches). */
    public static final int TEST_BATCH = 32;

    /**
     * Splits as the request says, fits z-score or centering statistics on the training part
     * (once per size and image set), and returns a shuffled, augmented training iterator, a
     * fixed-order, never augmented validation iterator, and the held-out splits a model trained on
     * this split is evaluated on: TEST and TEST_SIMPLE, or for a pooled split its own test part
     * (marked leaky). The request's {@code testLimitPerClass} shortens those for smoke tests.
     */
    @Override
    public TrainingData trainingData(DataRequest request) {
        SplitPlan plan = splits(request.split(), request.seed()).limitPerClass(request.limitPerClass());
        DataConfig config = fitNormalization(request.dataConfig(), plan.train());
        BccdIterator train = iteratorBuilder(plan.train(), config).batchSize(request.batchSize())
                .shuffle(request.seed()).augmentation(request.augmentation()).build();
        BccdIterator validation = iteratorBuilder(plan.validation(), config).batchSize(request.batchSize()).build();
        String text = plan.description() + "; " + config.sizeLabel() + " " + config.normalization()
                + (request.augmentation().isIdentity() ? "" : "; augmented: " + request.augmentation().summary());
        List<TestSet> tests = new ArrayList<>();
        heldOut(plan, request).forEach((name, images) ->
                // under validationOnTest the kept weights were chosen on TEST, and TEST_SIMPLE holds its cells' originals
                tests.add(new TestSet(name, iterator(images, config, TEST_BATCH), files(images),
                        plan.leaky() || plan.policy().validatesOnTest())));
        return new TrainingData(train, validation, config, plan.leaky(), text, files(validation.images()), tests, classes());
    }

    /**
     * The held-out images a model trained as the request says is evaluated on, by split name in
     * report order: TEST and TEST_SIMPLE, or a pooled split's own test part ({@link #POOLED_TEST});
     * at most {@code testLimitPerClass} per class when the request sets it.
     */
    public Map<String, List<LabeledImage>> heldOutImages(DataRequest request) {
        return heldOut(splits(request.split(), request.seed()), request);
    }

    /** BCCD's held-out splits for a split policy: {@link #POOLED_TEST} for a pooled split, else TEST and TEST_SIMPLE. */
    public static List<String> heldOutSplits(SplitPolicy policy) {
        return policy.kind() == SplitPolicy.Kind.POOLED ? List.of(POOLED_TEST)
                : List.of(Split.TEST.name(), Split.TEST_SIMPLE.name());
    }

    /**
     * This dataset's held-out splits for a policy: {@link #POOLED_TEST} for a pooled split, else
     * every split but TRAIN (TEST is validation under {@code validationOnTest}, and still reported).
     */
    public List<String> heldOutSplitsOf(SplitPolicy policy) {
        return policy.kind() == SplitPolicy.Kind.POOLED ? List.of(POOLED_TEST)
                : folders.keySet().stream().filter(s -> !s.equals(Split.TRAIN)).map(Split::name).toList();
    }

    private Map<String, List<LabeledImage>> heldOut(SplitPlan plan, DataRequest request) {
        Map<String, List<LabeledImage>> all = new LinkedHashMap<>();
        for (String name : heldOutSplitsOf(plan.policy())) {
            all.put(name, name.equals(POOLED_TEST) ? plan.test() : images(Split.named(name)));
        }
        all.replaceAll((name, images) -> PerClassSample.atMost(images, request.testLimitPerClass(), request.seed(),
                PerClassSample.TEST));
        return all;
    }

    private static List<Path> files(List<LabeledImage> images) {
        return images.stream().map(LabeledImage::file).toList();
    }

    /**
     * {@code config} with its normalisation fitted on {@code trainImages} at the config's size:
     * per-channel mean and (population) standard deviation of the 0-255 pixels, before
     * augmentation. Returned unchanged when it needs no statistics or already has them.
     */
    public DataConfig fitNormalization(DataConfig config, List<LabeledImage> trainImages) {
        Normalization n = config.normalization();
        if (!n.needsStatistics() || n.isFitted()) {
            return config;
        }
        float[][] stats = channelStatistics(trainImages, config.height(), config.width());
        return config.withNormalization(n.fitted(stats[0], stats[1]));
    }

    /** Per-channel {mean, std} of the images' pixels (0-255) at this size; computed once per size and image set. */
    public float[][] channelStatistics(List<LabeledImage> images, int height, int width) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("Cannot compute normalisation statistics of no images");
        }
        StatsKey key = new StatsKey(height, width, List.copyOf(images));
        return statistics.computeIfAbsent(key, k -> computeStatistics(k.images(), height, width)).clone();
    }

    private float[][] computeStatistics(List<LabeledImage> images, int height, int width) {
        long[][] partial = new long[images.size()][];
        DataThreads.forEach(images.size(), i -> {
            byte[] p = loadOrSkip(images.get(i), height, width);
            if (p == null) {
                return;
            }
            long[] s = new long[6];
            for (int j = 0; j < p.length; j += 3) {
                for (int c = 0; c < 3; c++) {
                    long v = p[j + c] & 0xFF;
                    s[c] += v;
                    s[3 + c] += v * v;
                }
            }
            partial[i] = s;
        });
        long[] total = new long[6];
        long pixels = 0;
        for (long[] s : partial) {
            if (s != null) {
                for (int k = 0; k < 6; k++) {
                    total[k] += s[k];
                }
                pixels += (long) height * width;
            }
        }
        if (pixels == 0) {
            throw new IllegalArgumentException("None of the " + images.size() + " training images could be read");
        }
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            double m = (double) total[c] / pixels;
            double var = (double) total[3 + c] / pixels - m * m;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(var, 1e-12));
        }
        return new float[][] {mean, std};
    }

    // ---------------------------------------------------------------- iterators and pixels

    /** A fixed-order, unaugmented iterator over one split folder, e.g. TEST for evaluation. */
    public BccdIterator iterator(Split split, DataConfig config, int batchSize) {
        return iterator(images(split), config, batchSize);
    }

    /** A fixed-order, unaugmented iterator over any images, e.g. {@code splits(policy, seed).test()}. */
    public BccdIterator iterator(List<LabeledImage> images, DataConfig config, int batchSize) {
        return iteratorBuilder(images, config).batchSize(batchSize).build();
    }

    /** Starts an iterator with this dataset's caches and strictness; see {@link BccdIterator.Builder}. */
    public BccdIterator.Builder iteratorBuilder(List<LabeledImage> images, DataConfig config) {
        BccdIterator.Builder b = BccdIterator.builder(images, config, classes(), loader);
        return lenient ? b.skipUnreadable(this::recordSkipped) : b;
    }

    /**
     * An image's pixels at {@code height x width}: HWC, 0-255, exactly what the iterators feed
     * (before augmentation and normalisation). Cached like the iterators' images.
     *
     * @throws BadImageException when the file cannot be decoded
     */
    public float[] pixels(Path file, int height, int width) {
        return PixelLoader.toFloats(loader.load(file.toAbsolutePath().normalize(), height, width));
    }

    /** The cached 8-bit pixels (HWC); do not modify the array. */
    byte[] rawPixels(Path file, int height, int width) {
        return loader.load(file, height, width);
    }

    /**
     * Decodes and resizes every image of the list on all cores, so the first epoch finds them
     * cached. In lenient mode unreadable images are skipped and recorded. Returns the number loaded.
     */
    public int preload(List<LabeledImage> images, int height, int width) {
        int[] loaded = new int[images.size()];
        DataThreads.forEach(images.size(), i -> loaded[i] = loadOrSkip(images.get(i), height, width) == null ? 0 : 1);
        int n = 0;
        for (int l : loaded) {
            n += l;
        }
        return n;
    }

    private byte[] loadOrSkip(LabeledImage image, int height, int width) {
        try {
            return loader.load(image.file(), height, width);
        } catch (BadImageException e) {
            if (!lenient) {
                throw e;
            }
            recordSkipped(DataProblem.of(e));
            return null;
        }
    }

    /** Lists a file as skipped (once); for lenient callers in this package, e.g. the contact sheet. */
    void recordSkipped(DataProblem p) {
        if (skippedFiles.add(p.file())) {
            skipped.add(p);
        }
    }

    // ---------------------------------------------------------------- integrity

    /** The dataset's SHA256SUMS file (in the images folder, {@code dataset2-master} or the root), if any. */
    public Optional<Path> checksumFile() {
        return sumsFile(imagesDir);
    }

    private static Optional<Path> sumsFile(Path imagesDir) {
        Path dir = imagesDir;
        for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
            Path f = dir.resolve("SHA256SUMS");
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Hashes every image and compares with SHA256SUMS: about 2 s for the 130 MB set on two busy
     * cores when the files are in the OS cache, against 0.25 s for {@link Builder#open()}, which
     * is why opening does not do it.
     */
    public ChecksumReport verifyChecksums() {
        return check(false).checksums();
    }

    /**
     * Decodes every image (sizes, corrupt files) and verifies SHA256SUMS, on all cores; what
     * {@code ./wbc data check} prints. Never throws for a bad image: bad images are listed.
     */
    public DataCheckReport check() {
        return check(true);
    }

    private DataCheckReport check(boolean decode) {
        long start = System.nanoTime();
        Optional<Path> sumsFile = checksumFile();
        Map<String, String> expected = sumsFile.map(CellImageDataset::readSums).orElse(Map.of());
        List<LabeledImage> all = allImages();
        String[] actual = new String[all.size()];
        String[] sizes = new String[all.size()];
        DataProblem[] corrupt = new DataProblem[all.size()];
        DataThreads.forEach(all.size(), i -> {
            Path file = all.get(i).file();
            byte[] content;
            try {
                content = ImageDecoder.readBytes(file);
            } catch (BadImageException e) {
                corrupt[i] = DataProblem.of(e);
                return;
            }
            actual[i] = Sha256.hex(content);
            if (decode) {
                try {
                    BufferedImage img = ImageDecoder.decode(file, content);
                    sizes[i] = img.getWidth() + "x" + img.getHeight();
                } catch (BadImageException e) {
                    corrupt[i] = DataProblem.of(e);
                }
            }
        });
        List<String> mismatches = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int checked = 0;
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).relativeName();
            seen.add(name);
            String want = expected.get(name);
            if (sumsFile.isEmpty() || actual[i] == null) {
                continue;
            }
            if (want == null) {
                unlisted.add(name);
            } else {
                checked++;
                if (!want.equals(actual[i])) {
                    mismatches.add(name);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        Set<Path> skippedNow = skipped().stream().map(DataProblem::file).collect(Collectors.toSet());
        for (String name : expected.keySet()) {
            if (!seen.contains(name) && !skippedNow.contains(imagesDir.resolve(name))) {
                missing.add(name);
            }
        }
        Collections.sort(missing);
        ChecksumReport sums = sumsFile.isEmpty() ? ChecksumReport.absent()
                : new ChecksumReport(sumsFile.get(), checked, mismatches, missing, unlisted);
        Map<String, Integer> sizeCounts = new TreeMap<>();
        List<DataProblem> corruptList = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (sizes[i] != null) {
                sizeCounts.merge(sizes[i], 1, Integer::sum);
            }
            if (corrupt[i] != null) {
                corruptList.add(corrupt[i]);
            }
        }
        Map<String, Map<String, Integer>> splits = new LinkedHashMap<>();
        counts().forEach((split, byClass) -> {
            Map<String, Integer> m = new LinkedHashMap<>();
            byClass.forEach((c, n) -> m.put(c.name(), n));
            splits.put(split.name(), m);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        // An image skipped by an earlier pass is corrupt here: list it once.
        Set<Path> corruptFiles = corruptList.stream().map(DataProblem::file).collect(Collectors.toSet());
        List<DataProblem> skippedList = skipped().stream().filter(p -> !corruptFiles.contains(p.file())).toList();
        // BCCD's own check is its published counts; other data gets told which classes have too few images to learn
        List<String> few = bccdLayout ? List.of() : SplitPlan.countByClass(images(Split.TRAIN), classes).entrySet().stream()
                .filter(e -> e.getValue() < DataCheckReport.FEW_IMAGES).map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        return new DataCheckReport(imagesDir.toString(), splits, total(), matchesPublishedCounts(), sizeCounts,
                corruptList, skippedList, mismatches.size(), sums, seconds, bccdLayout, few);
    }

    /** SHA256SUMS as relative name -> hash; {@code ./} prefixes and {@code *} binary markers removed. */
    static Map<String, String> readSums(Path file) {
        Map<String, String> sums = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + " (" + ImageDecoder.describe(e) + ")", e);
        }
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space != 64) {
                throw new IllegalArgumentException(file + " line " + lineNo + " is not '<sha256 hex>  <path>': " + line);
            }
            String name = line.substring(space).trim();
            if (name.startsWith("*")) {
                name = name.substring(1);
            }
            if (name.startsWith("./")) {
                name = name.substring(2);
            }
            sums.put(name, line.substring(0, 64).toLowerCase(Locale.ROOT));
        }
        return sums;
    }

    private static Map<Split, Map<CellClass, Integer>> publishedCounts() {
        int[][] table = {
            {2497, 2483, 2478, 2499}, // TRAIN
            {623, 620, 620, 624},     // TEST
            {13, 6, 4, 48},           // TEST_SIMPLE
        };
        Map<Split, Map<CellClass, Integer>> m = new LinkedHashMap<>();
        for (Split s : Split.bccd()) {
            Map<CellClass, Integer> byClass = new LinkedHashMap<>();
            for (CellClass c : ClassSet.BCCD.classes()) {
                byClass.put(c, table[Split.bccd().indexOf(s)][c.index()]);
            }
            m.put(s, Collections.unmodifiableMap(byClass));
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return summary();
    }
}
