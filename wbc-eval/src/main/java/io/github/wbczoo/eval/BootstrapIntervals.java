package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * 95% (or any level) bootstrap confidence intervals for accuracy, balanced accuracy, macro-F1,
 * macro AUROC and each class's precision, recall and F1: the split's source cells (its groups,
 * when known; else its images) are drawn with replacement, {@code resamples} times, the metrics
 * recomputed on each draw, and the middle {@code level} of the results kept (percentile method).
 * TEST_SIMPLE has 71 images and 4 monocytes: a figure without its interval misleads.
 *
 * <p>A resample that happens to contain no image of a class says nothing about that class's
 * recall and is skipped for that interval only ({@link ConfidenceInterval#resamples()} counts
 * what was used). A class absent from the split has no recall interval (null). Where every image
 * (of the split, or of a class) was right, or none was, every resample says the same and the
 * percentile interval shrinks to a point; the exact binomial interval is given instead
 * ({@link ConfidenceInterval#allOrNone}).
 *
 * <p>Usage: {@code BootstrapIntervals b = BootstrapIntervals.of(predictions, 1000, 42L, 0.95); b.accuracy().lower();}
 */
public final class BootstrapIntervals {
    private final int resamples;
    private final long seed;
    private final double level;
    private final double[] accuracySamples;
    private final double[] macroF1Samples;
    private final ConfidenceInterval accuracy;
    private final ConfidenceInterval accuracyImages;
    private final ConfidenceInterval balancedAccuracy;
    private final ConfidenceInterval macroAuc;
    private final ConfidenceInterval macroF1;
    private final List<ConfidenceInterval> recall;
    private final List<ConfidenceInterval> precision;
    private final ClassSet classes;
    private final List<ConfidenceInterval> f1;
    private final int groups;
    private final boolean clustered;

    private BootstrapIntervals(int resamples, long seed, double level, double[] accuracySamples, double[] macroF1Samples,
                               ConfidenceInterval accuracy, ConfidenceInterval accuracyImages, List<ConfidenceInterval> recall,
                               int groups, boolean clustered, ConfidenceInterval balancedAccuracy, ConfidenceInterval macroAuc,
                               List<ConfidenceInterval> precision, List<ConfidenceInterval> f1, ClassSet classes) {
        this.classes = classes;
        this.precision = precision;
        this.f1 = f1;
        this.accuracyImages = accuracyImages;
        this.balancedAccuracy = balancedAccuracy;
        this.macroAuc = macroAuc;
        this.groups = groups;
        this.clustered = clustered;
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
        this.accuracySamples = accuracySamples;
        this.macroF1Samples = macroF1Samples;
        this.accuracy = accuracy;
        this.macroF1 = ConfidenceInterval.percentile(macroF1Samples, level);
        this.recall = recall;
    }

    /**
     * Draws {@code resamples} resamples with a generator seeded by {@code seed}: the same inputs
     * always give the same intervals.
     */
    public static BootstrapIntervals of(Predictions predictions, int resamples, long seed, double level) {
        int n = predictions.size();
        if (n == 0) {
            throw new IllegalArgumentException("Cannot bootstrap an empty split (0 images)");
        }
        if (resamples < 2) {
            throw new IllegalArgumentException("Need at least 2 bootstrap resamples, got " + resamples);
        }
        int[] truth = predictions.trueClassIndices();
        int[] predicted = predictions.predictedClassIndices();

        double[] accuracy = new double[resamples];
        double[] macroF1 = new double[resamples];
        double[] balanced = new double[resamples];
        double[] auc = new double[resamples];
        int[] aucUsed = {0};
        double[][] recall = new double[predictions.classes().size()][resamples];
        int[] recallUsed = new int[predictions.classes().size()];
        double[][] precision = new double[predictions.classes().size()][resamples];
        int[] precisionUsed = new int[predictions.classes().size()];
        double[][] f1 = new double[predictions.classes().size()][resamples];
        int[] f1Used = new int[predictions.classes().size()];
        int[] b = {0};
        List<RocCurve.Ranking> rankings = rankings(predictions);
        draws(predictions, predictions.groupIndices(), resamples, seed, (weights, confusion) -> {
            ClassificationMetrics m = ClassificationMetrics.of(confusion);
            accuracy[b[0]] = m.accuracy();
            balanced[b[0]] = m.balancedAccuracy();
            macroF1[b[0]++] = m.macro().f1();
            Double a = macroAuc(rankings, weights);
            if (a != null) {
                auc[aucUsed[0]++] = a;
            }
            for (ClassMetrics c : m.perClass()) {
                int k = c.type().index();
                if (c.precision() != null) {
                    precision[k][precisionUsed[k]++] = c.precision();
                }
                if (c.f1() != null) {
                    f1[k][f1Used[k]++] = c.f1();
                }
                if (c.recall() != null) {
                    recall[c.type().index()][recallUsed[c.type().index()]++] = c.recall();
                }
            }
        });

        ClassificationMetrics whole = ClassificationMetrics.of(ConfusionMatrix.of(predictions));
        // the exact all-or-none interval counts what was resampled: cells when they are known
        ConfidenceInterval accuracyInterval = orExact(ConfidenceInterval.percentile(accuracy, level), whole.accuracy(),
                predictions.groupCount(i -> true), level);
        ConfidenceInterval imageInterval = accuracyInterval;
        if (predictions.hasGroups()) {
            // the interval an analysis that takes every image as independent would give, for comparison
            double[] imageAccuracy = new double[resamples];
            int[] k = {0};
            resampleImages(predictions, resamples, seed, m -> imageAccuracy[k[0]++] = ClassificationMetrics.of(m).accuracy());
            imageInterval = orExact(ConfidenceInterval.percentile(imageAccuracy, level), whole.accuracy(), n, level);
        }
        List<ConfidenceInterval> recallIntervals = new ArrayList<>();
        for (ClassMetrics c : whole.perClass()) {
            int k = c.type().index();
            if (c.support() == 0) {
                recallIntervals.add(null);
            } else if (recallUsed[k] == 0) {
                // Possible only with very few resamples: no resample held the class, so nothing is known.
                recallIntervals.add(new ConfidenceInterval(0, 1, level, 0));
            } else {
                recallIntervals.add(orExact(ConfidenceInterval.percentile(Arrays.copyOf(recall[k], recallUsed[k]), level),
                        c.recall(), predictions.groupCount(i -> truth[i] == k), level));
            }
        }
        List<ConfidenceInterval> precisionIntervals = new ArrayList<>();
        List<ConfidenceInterval> f1Intervals = new ArrayList<>();
        for (ClassMetrics c : whole.perClass()) {
            int k = c.type().index();
            // undefined in a draw where the class was never predicted (precision) or absent and never predicted (F1)
            precisionIntervals.add(precisionUsed[k] < 2 || c.precision() == null ? null
                    : orExact(ConfidenceInterval.percentile(Arrays.copyOf(precision[k], precisionUsed[k]), level), c.precision(),
                    predictions.groupCount(i -> predicted[i] == k), level));
            f1Intervals.add(f1Used[k] < 2 || c.f1() == null ? null
                    : orExact(ConfidenceInterval.percentile(Arrays.copyOf(f1[k], f1Used[k]), level), c.f1(),
                    predictions.groupCount(i -> truth[i] == k || predicted[i] == k), level));
        }
        ConfidenceInterval aucInterval = aucUsed[0] < 2 ? null
                : ConfidenceInterval.percentile(Arrays.copyOf(auc, aucUsed[0]), level);
        return new BootstrapIntervals(resamples, seed, level, accuracy, macroF1, accuracyInterval, imageInterval,
                recallIntervals, predictions.groupCount(), predictions.hasGroups(), ConfidenceInterval.percentile(balanced, level),
                aucInterval, java.util.Collections.unmodifiableList(precisionIntervals),
                java.util.Collections.unmodifiableList(f1Intervals), predictions.classes());
    }

    /** Each class's one-vs-rest ranking of the split's images, sorted once for all draws. */
    private static List<RocCurve.Ranking> rankings(Predictions predictions) {
        List<RocCurve.Ranking> out = new ArrayList<>();
        for (CellClass c : predictions.classes().classes()) {
            double[] scores = new double[predictions.size()];
            boolean[] positive = new boolean[predictions.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = predictions.probability(i, c);
                positive[i] = predictions.trueClass(i).equals(c);
            }
            out.add(new RocCurve.Ranking(scores, positive));
        }
        return out;
    }

    /** The mean one-vs-rest AUROC over the classes both present and absent in a draw (images weighted by their draws). */
    private static Double macroAuc(List<RocCurve.Ranking> rankings, int[] weights) {
        double sum = 0;
        int defined = 0;
        for (RocCurve.Ranking r : rankings) {
            Double auc = r.auc(weights);
            if (auc != null) {
                sum += auc;
                defined++;
            }
        }
        return defined == 0 ? null : sum / defined;
    }

    /**
     * The resampling every bootstrap figure shares: {@code resamples} times, draw the split's
     * groups with replacement when it has groups (a cluster bootstrap: copies of one source cell,
     * or the images of one patient, go in or out together, as many groups as it has), else its
     * images (generator seeded by {@code seed}), and hand over the confusion matrix of the draw.
     * The same inputs always give the same sequence of matrices.
     */
    public static void resample(Predictions predictions, int resamples, long seed, Consumer<ConfusionMatrix> each) {
        draws(predictions, predictions.groupIndices(), resamples, seed, (weights, confusion) -> each.accept(confusion));
    }

    /** {@link #resample} over images, ignoring any groups: each image drawn on its own. */
    public static void resampleImages(Predictions predictions, int resamples, long seed, Consumer<ConfusionMatrix> each) {
        int[] own = java.util.stream.IntStream.range(0, predictions.size()).toArray();
        draws(predictions, own, resamples, seed, (weights, confusion) -> each.accept(confusion));
    }

    /**
     * The one resampling loop, also handing over how often each image was drawn: draw as many groups as there are, with replacement, each bringing
     * all its images. Images without groups are groups of one (index i for image i), so the image
     * bootstrap is the same loop and draws the same sequence it always did.
     */
    private static void draws(Predictions predictions, int[] group, int resamples, long seed,
                              java.util.function.BiConsumer<int[], ConfusionMatrix> each) {
        int n = predictions.size();
        int[] truth = predictions.trueClassIndices();
        int[] predicted = predictions.predictedClassIndices();
        int g = group.length == 0 ? 0 : Arrays.stream(group).max().getAsInt() + 1;
        int[][] members = new int[g][];
        int[] sizes = new int[g];
        for (int x : group) {
            sizes[x]++;
        }
        for (int x = 0; x < g; x++) {
            members[x] = new int[sizes[x]];
            sizes[x] = 0;
        }
        for (int i = 0; i < group.length; i++) {
            members[group[i]][sizes[group[i]]++] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int k0 = predictions.classes().size();
        long[][] counts = new long[k0][k0];
        int[] weights = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (long[] row : counts) {
                Arrays.fill(row, 0);
            }
            Arrays.fill(weights, 0);
            for (int k = 0; k < g; k++) {
                for (int i : members[random.nextInt(g)]) {
                    counts[truth[i]][predicted[i]]++;
                    weights[i]++;
                }
            }
            each.accept(weights, ConfusionMatrix.ofCounts(predictions.classes(), counts));
        }
    }

    /** The bootstrap interval, unless it shrank to a point at 0 or 1: then the exact binomial one. */
    private static ConfidenceInterval orExact(ConfidenceInterval bootstrap, double proportion, long n, double level) {
        if (bootstrap.width() == 0 && (proportion == 0 || proportion == 1)) {
            return ConfidenceInterval.allOrNone(proportion == 1, n, level);
        }
        return bootstrap;
    }

    /** Resamples drawn. */
    public int resamples() {
        return resamples;
    }

    /** The generator's seed. */
    public long seed() {
        return seed;
    }

    /** Coverage of every interval, e.g. 0.95. */
    public double level() {
        return level;
    }

    public ConfidenceInterval accuracy() {
        return accuracy;
    }

    /**
     * The accuracy interval that draws images one by one, as if they were independent: narrower
     * than {@link #accuracy()} when copies of one cell are in the split. Equal to it without groups.
     */
    public ConfidenceInterval accuracyImages() {
        return accuracyImages;
    }

    /** Balanced accuracy (mean recall of the classes present), by the same draws as every interval here. */
    public ConfidenceInterval balancedAccuracy() {
        return balancedAccuracy;
    }

    /** Macro one-vs-rest AUROC by the same draws, or null when too few draws had every class present and absent. */
    public ConfidenceInterval macroAuc() {
        return macroAuc;
    }

    /** Whether the intervals resample groups (source cells, patients) rather than images. */
    public boolean clustered() {
        return clustered;
    }

    /** Groups the intervals resample (images when there are no groups). */
    public int groups() {
        return groups;
    }

    public ConfidenceInterval macroF1() {
        return macroF1;
    }

    private int column(CellClass c) {
        return classes.get(c.name()).index();
    }

    /** Interval of one class's precision (by the same draws), or null when too few draws predicted the class. */
    public ConfidenceInterval precision(CellClass c) {
        return precision.get(column(c));
    }

    /** Interval of one class's F1 (by the same draws), or null when too few draws define it. */
    public ConfidenceInterval f1(CellClass c) {
        return f1.get(column(c));
    }

    /** Interval of one class's recall, or null when the split has no image of that class. */
    public ConfidenceInterval recall(CellClass c) {
        return recall.get(column(c));
    }

    /** The accuracy of each resample, in draw order (for intervals of differences between splits). */
    double[] accuracySamples() {
        return accuracySamples.clone();
    }

    /** The macro-F1 of each resample, in draw order. */
    double[] macroF1Samples() {
        return macroF1Samples.clone();
    }
}
