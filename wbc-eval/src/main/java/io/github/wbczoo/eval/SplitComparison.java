package io.github.wbczoo.eval;

import io.github.wbczoo.core.Paper;
import java.util.List;
import java.util.Locale;

/**
 * Two splits side by side: Chen & Zhu's central finding is that models scoring well on TEST
 * (augmented, balanced) score far worse on TEST_SIMPLE (the un-augmented originals, natural class
 * mix): ResNet18 85.7% against 25.4%. This puts accuracy, macro-F1, balanced accuracy, kappa and
 * macro AUROC of both splits next to each other, with differences, and for accuracy and macro-F1
 * the intervals, whether they overlap, and an interval for the difference itself.
 *
 * <p>Usage: {@code SplitComparison c = SplitComparison.of(test, testSimple); System.out.println(c.summary());}
 */
public final class SplitComparison {
    private static final String TEST = "TEST";
    private static final String TEST_SIMPLE = "TEST_SIMPLE";

    private final SplitEvaluation first;
    private final SplitEvaluation second;
    private final List<ComparedMetric> metrics;

    private SplitComparison(SplitEvaluation first, SplitEvaluation second) {
        if (first.name().equals(second.name())) {
            throw new IllegalArgumentException("Cannot compare split " + first.name() + " with itself");
        }
        this.first = first;
        this.second = second;
        BootstrapIntervals a = first.bootstrap();
        BootstrapIntervals b = second.bootstrap();
        this.metrics = List.of(
                new ComparedMetric("accuracy", first.metrics().accuracy(), second.metrics().accuracy(),
                        a.accuracy(), b.accuracy(), differenceInterval(a.accuracySamples(), b.accuracySamples(), a.level())),
                new ComparedMetric("macroF1", first.metrics().macro().f1(), second.metrics().macro().f1(),
                        a.macroF1(), b.macroF1(), differenceInterval(a.macroF1Samples(), b.macroF1Samples(), a.level())),
                new ComparedMetric("balancedAccuracy", first.metrics().balancedAccuracy(),
                        second.metrics().balancedAccuracy(), null, null, null),
                new ComparedMetric("kappa", first.metrics().kappa(), second.metrics().kappa(), null, null, null),
                new ComparedMetric("macroAuroc", first.roc().macroAuc(), second.roc().macroAuc(), null, null, null));
    }

    /** Compares {@code first} (e.g. TEST) with {@code second} (e.g. TEST_SIMPLE). */
    public static SplitComparison of(SplitEvaluation first, SplitEvaluation second) {
        return new SplitComparison(first, second);
    }

    // The splits were resampled independently, so pairing the k-th resample of each gives draws of the difference.
    private static ConfidenceInterval differenceInterval(double[] a, double[] b, double level) {
        int n = Math.min(a.length, b.length);
        double[] diff = new double[n];
        for (int k = 0; k < n; k++) {
            diff[k] = a[k] - b[k];
        }
        return ConfidenceInterval.percentile(diff, level);
    }

    public SplitEvaluation first() {
        return first;
    }

    public SplitEvaluation second() {
        return second;
    }

    /** The compared metrics: accuracy, macroF1, balancedAccuracy, kappa, macroAuroc. */
    public List<ComparedMetric> metrics() {
        return metrics;
    }

    public ComparedMetric accuracy() {
        return metrics.get(0);
    }

    public ComparedMetric macroF1() {
        return metrics.get(1);
    }

    /**
     * Plain-language account of the accuracy gap: which split is higher and by how many points, and
     * whether chance can explain it. Every sentence is worked out from the figures; Chen & Zhu's
     * finding is cited only when this model's TEST is really higher than its TEST_SIMPLE, as theirs was.
     */
    public String summary() {
        ComparedMetric acc = accuracy();
        ConfidenceInterval ai = acc.firstInterval();
        ConfidenceInterval bi = acc.secondInterval();
        ConfidenceInterval di = acc.differenceInterval();
        double diff = acc.difference();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Accuracy is %s on %s (%s CI %s to %s) and %s on %s (%s to %s): %s.",
                pct(acc.first()), first.name(), Format.level(ai.level()), pct(ai.lower()), pct(ai.upper()),
                pct(acc.second()), second.name(), pct(bi.lower()), pct(bi.upper()), gap(diff)));
        boolean beyondChance = !di.contains(0);
        if (!acc.intervalsOverlap()) {
            s.append(" The intervals do not overlap: the gap is far larger than chance would produce with these sample sizes.");
        } else if (beyondChance) {
            s.append(String.format(Locale.ROOT, " The intervals overlap, but the difference's own interval (%s to %s points)"
                    + " excludes 0: the gap is unlikely to be chance.", pts(di.lower()), pts(di.upper())));
        } else {
            s.append(String.format(Locale.ROOT, " The difference's interval (%s to %s points) includes 0: with %d and %d images"
                    + " the gap may be chance.", pts(di.lower()), pts(di.upper()), first.n(), second.n()));
        }
        // Accuracy depends on the class mix, balanced accuracy does not: say so when that explains much of the gap.
        double balancedDiff = first.metrics().balancedAccuracy() - second.metrics().balancedAccuracy();
        if (Math.abs(diff) >= 0.02 && Math.abs(balancedDiff) < Math.abs(diff) / 2) {
            s.append(String.format(Locale.ROOT, " Balanced accuracy, which the class mix does not affect, differs by only"
                            + " %.1f points (%s vs %s): much of the accuracy gap comes from the two splits' different class"
                            + " mix, not from how well each cell is recognised.", Math.abs(100 * balancedDiff),
                    pct(first.metrics().balancedAccuracy()), pct(second.metrics().balancedAccuracy())));
        }
        long shared = sharedCells();
        if (shared > 0) {
            s.append(String.format(Locale.ROOT, " The two splits share %d source cells (%s has %d, %s %d): this compares"
                    + " copies of the same cells, not two independent test populations.", shared, first.name(), first.cells(),
                    second.name(), second.cells()));
        }
        SplitEvaluation test = named(TEST);
        SplitEvaluation simple = named(TEST_SIMPLE);
        if (test != null && simple != null) {
            s.append(" TEST holds augmented, class-balanced images; TEST_SIMPLE holds un-augmented originals in the"
                    + " natural class mix.");
            double testMinusSimple = test.metrics().accuracy() - simple.metrics().accuracy();
            if (testMinusSimple > 0 && beyondChance) {
                s.append(" " + Paper.CHEN_ZHU.name() + " also found TEST higher than TEST_SIMPLE, in every model (ResNet18: 85.7% vs 25.4%).");
            }
        }
        return s.toString();
    }

    /** Source cells (groups) both splits have images of; 0 when either has no groups. */
    public long sharedCells() {
        if (!first.cellsKnown() || !second.cellsKnown()) {
            return 0;
        }
        java.util.Set<String> a = new java.util.HashSet<>(first.predictions().groups());
        a.remove(null);
        return second.predictions().groups().stream().filter(g -> g != null && a.contains(g)).distinct().count();
    }

    private SplitEvaluation named(String name) {
        return first.name().equals(name) ? first : second.name().equals(name) ? second : null;
    }

    // "TEST is 60.3 points higher than TEST_SIMPLE"; equal when the gap rounds to 0.0 points
    private String gap(double diff) {
        String points = String.format(Locale.ROOT, "%.1f", Math.abs(100 * diff));
        if (points.equals("0.0")) {
            return "the same on both";
        }
        SplitEvaluation higher = diff > 0 ? first : second;
        SplitEvaluation lower = diff > 0 ? second : first;
        return higher.name() + " is " + points + " points higher than " + lower.name();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String pts(double v) {
        return String.format(Locale.ROOT, "%+.1f", 100 * v);
    }
}
