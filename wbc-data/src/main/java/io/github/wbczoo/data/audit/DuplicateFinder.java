package io.github.wbczoo.data.audit;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_features2d.ORB;

/**
 * Finds which images are copies of one photograph (rotated, shifted, flipped, slightly zoomed,
 * re-encoded) and groups them into clusters, one per source photograph.
 *
 * <ol>
 *   <li>Describe every image ({@link CellFeatures}): a hue-saturation histogram of its non-black
 *       pixels, and up to {@link Settings#features()} ORB keypoints of it and of its mirror image.</li>
 *   <li>Shortlist: within each class (copies keep their label), the {@link Settings#shortlist()}
 *       images with the most similar histograms (Bhattacharyya coefficient) are each image's
 *       candidates. All pairs of 12,515 images by keypoints would take days on two cores; by
 *       histogram they take seconds.</li>
 *   <li>Confirm: candidate pairs, most similar first, are checked with ORB matching and a RANSAC
 *       similarity transform ({@link PairVerifier}); a pair whose images already share a cluster is
 *       skipped, since it cannot change the clusters.</li>
 *   <li>Cluster: union-find over the confirmed pairs.</li>
 * </ol>
 *
 * <p>Usage: {@code DuplicateFinder.Result r = new DuplicateFinder(DuplicateFinder.Settings.DEFAULT).find(images);}
 */
public final class DuplicateFinder {
    private final Settings settings;
    private final int threads;
    private Consumer<String> progress = s -> { };

    /**
     * The method's knobs; {@link #DEFAULT} is what the audit and its measured precision and recall use.
     *
     * <p>Usage: {@code new DuplicateFinder(Settings.DEFAULT.withShortlist(60))}
     *
     * @param features    ORB keypoints per image (and as many of its mirror image)
     * @param shortlist   candidates per image, by colour similarity
     * @param ratio       Lowe's ratio test: best match distance below this share of the second best
     * @param ransacPixels RANSAC inlier threshold, pixels
     * @param minInliers  matches one transform must explain to confirm a pair
     * @param minScale    smallest transform scale that counts as a copy
     * @param maxScale    largest transform scale that counts as a copy
     */
    public record Settings(int features, int shortlist, double ratio, double ransacPixels, int minInliers,
                           double minScale, double maxScale) {
        /** The settings the audit's figures were measured with. */
        public static final Settings DEFAULT = new Settings(500, 40, 0.8, 3.0, 20, 0.8, 1.25);

        public Settings {
            if (features < 10 || shortlist < 1 || ratio <= 0 || ratio > 1 || ransacPixels <= 0 || minInliers < 3
                    || minScale <= 0 || maxScale < minScale) {
                throw new IllegalArgumentException("Unusable duplicate finder settings: " + featuresText(features, shortlist,
                        ratio, ransacPixels, minInliers, minScale, maxScale));
            }
        }

        /** One line for reports. */
        public String describe() {
            return featuresText(features, shortlist, ratio, ransacPixels, minInliers, minScale, maxScale);
        }

        private static String featuresText(int features, int shortlist, double ratio, double ransacPixels,
                                           int minInliers, double minScale, double maxScale) {
            return "ORB " + features + " keypoints (and " + features + " of the mirror image), top " + shortlist
                    + " colour-histogram candidates per image within its class, ratio test " + ratio
                    + ", RANSAC similarity transform at " + ransacPixels + " px, confirmed at >= " + minInliers
                    + " inliers with scale " + minScale + "-" + maxScale;
        }

        public Settings withShortlist(int k) {
            return new Settings(features, k, ratio, ransacPixels, minInliers, minScale, maxScale);
        }

        public Settings withMinInliers(int n) {
            return new Settings(features, shortlist, ratio, ransacPixels, n, minScale, maxScale);
        }
    }

    /**
     * What the finder found.
     *
     * <p>Usage: {@code if (result.together(i, j)) ...; int cells = result.clusterCount();}
     *
     * @param images    the images, in the order given
     * @param clusterOf each image's cluster, numbered 0.. in order of each cluster's first image
     * @param checks    every pair the keypoint check looked at, confirmed or not, in the order checked
     * @param unreadable images that could not be decoded (each its own cluster, nothing compared with it)
     * @param seconds   wall time: features, shortlist and checks
     */
    public record Result(List<AuditImage> images, int[] clusterOf, List<PairCheck> checks, List<String> unreadable,
                         double seconds) {
        /** Number of clusters (source photographs, as far as the finder can tell). */
        public int clusterCount() {
            return Arrays.stream(clusterOf).max().orElse(-1) + 1;
        }

        /** Whether two images (by index) were put in one cluster. */
        public boolean together(int i, int j) {
            return clusterOf[i] == clusterOf[j];
        }
    }

    public DuplicateFinder(Settings settings) {
        this(settings, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public DuplicateFinder(Settings settings, int threads) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.threads = Math.max(1, threads);
    }

    /** Receives a line now and then (phase, counts), for a long run's console. */
    public DuplicateFinder progress(Consumer<String> sink) {
        this.progress = Objects.requireNonNull(sink, "sink");
        return this;
    }

    public Settings settings() {
        return settings;
    }

    /** Runs the four steps over {@code images} (names must be unique). */
    public Result find(List<AuditImage> images) {
        return run(images).result();
    }

    /** A result with the features it was computed from, for further checks in this package. */
    record Run(Result result, CellFeatures[] features) {
    }

    /**
     * Checks each of {@code sample} (indices into the run's images) against its {@code perImage}
     * most colour-similar images of the other classes: whether copies ever change class.
     */
    List<PairCheck> crossClass(Run run, int[] sample, int perImage) {
        List<AuditImage> images = run.result().images();
        CellFeatures[] f = run.features();
        PairVerifier verifier = new PairVerifier(settings);
        PairCheck[][] out = new PairCheck[sample.length][];
        parallel(sample.length, s -> {
            int i = sample[s];
            if (f[i] == null) {
                out[s] = new PairCheck[0];
                return;
            }
            int[] others = IntStream.range(0, images.size())
                    .filter(j -> f[j] != null && !images.get(j).label().equals(images.get(i).label())).boxed()
                    .sorted((x, y) -> Double.compare(f[i].similarity(f[y]), f[i].similarity(f[x])))
                    .limit(perImage).mapToInt(Integer::intValue).toArray();
            out[s] = Arrays.stream(others).mapToObj(j -> verifier.check(images.get(i).name(), f[i], images.get(j).name(),
                    f[j])).toArray(PairCheck[]::new);
        });
        return Arrays.stream(out).flatMap(Arrays::stream).toList();
    }

    Run run(List<AuditImage> images) {
        long start = System.nanoTime();
        int n = images.size();
        CellFeatures[] features = new CellFeatures[n];
        String[] bad = new String[n];
        // OpenCV's own threads would fight ours for the two cores: parallelism is per image here.
        opencv_core.setNumThreads(1);
        ThreadLocal<ORB> orb = ThreadLocal.withInitial(() -> ORB.create(settings.features(), 1.2f, 8, 15, 0, 2,
                ORB.HARRIS_SCORE, 15, 10));
        parallel(n, i -> {
            try {
                features[i] = CellFeatures.of(images.get(i), orb.get());
            } catch (BadImageException e) {
                bad[i] = images.get(i).name() + ": " + e.getMessage();
            }
        });
        progress.accept(String.format(java.util.Locale.ROOT, "described %d images in %.0f s", n,
                (System.nanoTime() - start) / 1e9));
        List<long[]> candidates = shortlist(images, features);
        progress.accept("shortlisted " + candidates.size() + " candidate pairs");
        UnionFind uf = new UnionFind(n);
        PairVerifier verifier = new PairVerifier(settings);
        List<PairCheck> checks = new ArrayList<>();
        int batch = 64 * threads;
        int done = 0;
        long lastReport = System.nanoTime();
        for (int from = 0; from < candidates.size(); ) {
            // The next batch of pairs not yet joined; checked in parallel, joined in order (deterministic).
            List<long[]> todo = new ArrayList<>(batch);
            while (from < candidates.size() && todo.size() < batch) {
                long[] c = candidates.get(from++);
                if (uf.find((int) c[0]) != uf.find((int) c[1])) {
                    todo.add(c);
                }
            }
            PairCheck[] out = new PairCheck[todo.size()];
            parallel(todo.size(), k -> {
                int i = (int) todo.get(k)[0];
                int j = (int) todo.get(k)[1];
                out[k] = verifier.check(images.get(i).name(), features[i], images.get(j).name(), features[j]);
            });
            for (int k = 0; k < out.length; k++) {
                checks.add(out[k]);
                if (out[k].confirmed()) {
                    uf.union((int) todo.get(k)[0], (int) todo.get(k)[1]);
                }
            }
            done = from;
            if (System.nanoTime() - lastReport > 30e9) {
                lastReport = System.nanoTime();
                progress.accept(String.format(java.util.Locale.ROOT, "checked %,d of %,d candidate pairs (%d keypoint"
                        + " checks) in %.0f s", done, candidates.size(), checks.size(), (lastReport - start) / 1e9));
            }
        }
        List<String> unreadable = Arrays.stream(bad).filter(Objects::nonNull).toList();
        return new Run(new Result(List.copyOf(images), uf.labels(), List.copyOf(checks), unreadable,
                (System.nanoTime() - start) / 1e9), features);
    }

    /**
     * Candidate pairs {i, j, similarity bits} with i < j: each image's top {@link Settings#shortlist()}
     * of its class by colour similarity, deduplicated, most similar first.
     */
    private List<long[]> shortlist(List<AuditImage> images, CellFeatures[] features) {
        List<long[]> pairs = new ArrayList<>();
        for (CellClass c : ClassSet.BCCD.classes()) {
            int[] members = IntStream.range(0, images.size())
                    .filter(i -> images.get(i).label().equals(c) && features[i] != null).toArray();
            int m = members.length;
            int k = Math.min(settings.shortlist(), m - 1);
            if (k <= 0) {
                continue;
            }
            int[][] top = new int[m][];
            parallel(m, a -> {
                double[] sim = new double[m];
                for (int b = 0; b < m; b++) {
                    sim[b] = b == a ? Double.NEGATIVE_INFINITY : features[members[a]].similarity(features[members[b]]);
                }
                top[a] = IntStream.range(0, m).boxed().sorted((x, y) -> Double.compare(sim[y], sim[x]))
                        .limit(k).mapToInt(Integer::intValue).toArray();
            });
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int a = 0; a < m; a++) {
                for (int b : top[a]) {
                    int i = Math.min(members[a], members[b]);
                    int j = Math.max(members[a], members[b]);
                    if (seen.add((long) i * images.size() + j)) {
                        pairs.add(new long[] {i, j, Double.doubleToLongBits(features[i].similarity(features[j]))});
                    }
                }
            }
        }
        pairs.sort(Comparator.<long[]>comparingDouble(p -> -Double.longBitsToDouble(p[2]))
                .thenComparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        return pairs;
    }

    private void parallel(int n, java.util.function.IntConsumer work) {
        if (threads == 1 || n < 2) {
            for (int i = 0; i < n; i++) {
                work.accept(i);
            }
            return;
        }
        ForkJoinPool pool = POOL.get(threads);
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(work)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** One pool per thread count, shared by the finder's runs. */
    private static final Pools POOL = new Pools();

    private static final class Pools {
        private final java.util.concurrent.ConcurrentHashMap<Integer, ForkJoinPool> pools =
                new java.util.concurrent.ConcurrentHashMap<>();

        ForkJoinPool get(int threads) {
            return pools.computeIfAbsent(threads, t -> new ForkJoinPool(t, p -> {
                var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setDaemon(true);
                w.setName("wbc-audit-" + w.getPoolIndex());
                return w;
            }, null, false));
        }
    }

    /** Disjoint sets with path halving and union by size. */
    static final class UnionFind {
        private final int[] parent;
        private final int[] size;

        UnionFind(int n) {
            parent = IntStream.range(0, n).toArray();
            size = new int[n];
            Arrays.fill(size, 1);
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return;
            }
            if (size[ra] < size[rb]) {
                int t = ra;
                ra = rb;
                rb = t;
            }
            parent[rb] = ra;
            size[ra] += size[rb];
        }

        /** Cluster labels 0.. numbered in order of each cluster's first element. */
        int[] labels() {
            int n = parent.length;
            int[] label = new int[n];
            int[] byRoot = new int[n];
            Arrays.fill(byRoot, -1);
            int next = 0;
            for (int i = 0; i < n; i++) {
                int r = find(i);
                if (byRoot[r] < 0) {
                    byRoot[r] = next++;
                }
                label[i] = byRoot[r];
            }
            return label;
        }
    }
}
