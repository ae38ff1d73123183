package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything measured on one split (TEST, TEST_SIMPLE, validation, ...): counting metrics, ROC
 * curves, bootstrap intervals, calibration, the mistakes, and whether predictions collapsed.
 *
 * <p>Usage: {@code SplitEvaluation e = new Evaluator().evaluate("TEST_SIMPLE", predictions); e.metrics().accuracy();}
 */
public final class SplitEvaluation {
    private final String name;
    private final boolean leaky;
    private final Predictions predictions;
    private final ClassificationMetrics metrics;
    private final RocAnalysis roc;
    private final BootstrapIntervals bootstrap;
    private final Calibration calibration;
    private final List<Misclassification> misclassified;
    private final PredictionCollapse collapse;
    private final EvaluationSettings settings;

    /**
     * Evaluates one split.
     *
     * @param name        the split's name, e.g. {@code TEST_SIMPLE}
     * @param predictions the model's predictions on every image of the split
     * @param leaky       true when images of this split may be augmented copies of training images
     * @param settings    bootstrap, calibration and collapse settings
     */
    public static SplitEvaluation of(String name, Predictions predictions, boolean leaky, EvaluationSettings settings) {
        return new SplitEvaluation(name, predictions, leaky, settings);
    }

    private SplitEvaluation(String name, Predictions predictions, boolean leaky, EvaluationSettings settings) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A split needs a name, e.g. TEST or TEST_SIMPLE");
        }
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(settings, "settings");
        if (predictions.size() == 0) {
            throw new IllegalArgumentException("Split " + name + " has no images to evaluate");
        }
        this.name = name;
        this.leaky = leaky;
        this.settings = settings;
        this.predictions = predictions;
        ConfusionMatrix confusion = ConfusionMatrix.of(predictions);
        this.metrics = ClassificationMetrics.of(confusion);
        this.roc = RocAnalysis.of(predictions);
        // The split's name is mixed into the seed so that two splits get independent resamples
        // (their difference interval needs that), while each split's interval stays reproducible.
        this.bootstrap = BootstrapIntervals.of(predictions, settings.bootstrapResamples(),
                splitSeed(settings.seed(), name), settings.confidenceLevel());
        this.calibration = Calibration.of(predictions, settings.calibrationBins());
        this.misclassified = findMistakes(predictions);
        this.collapse = PredictionCollapse.detect(confusion, settings.collapseThreshold()).orElse(null);
    }

    static long splitSeed(long seed, String split) {
        long h = seed ^ (split.hashCode() * 0x9E3779B97F4A7C15L);
        return h ^ (h >>> 31);
    }

    private static List<Misclassification> findMistakes(Predictions p) {
        List<Misclassification> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            CellClass predicted = p.predictedClass(i);
            if (!predicted.equals(p.trueClass(i))) {
                out.add(new Misclassification(i, p.path(i), p.trueClass(i), predicted, p.probabilities(i)));
            }
        }
        // Most confident first; equal confidence keeps split order, so the list is reproducible.
        out.sort(Comparator.comparingDouble(Misclassification::confidence).reversed()
                .thenComparingInt(Misclassification::index));
        return List.copyOf(out);
    }

    /** The split's name, e.g. {@code TEST}. */
    public String name() {
        return name;
    }

    /** Whether images of this split may be augmented copies of training images (Rao's pooled split). */
    public boolean leaky() {
        return leaky;
    }

    /** The classes of this split's labels and the model's output columns. */
    public ClassSet classes() {
        return predictions().classes();
    }

    /** Images in the split. */
    public int n() {
        return predictions.size();
    }

    /** Whether the images' source cells (or patients, slides) are known, so intervals resample them. */
    public boolean cellsKnown() {
        return predictions.hasGroups();
    }

    /** Source cells (groups) among the images; the image count when they are not known. */
    public int cells() {
        return predictions.groupCount();
    }

    /**
     * The per-cell view: each source cell's copies vote by their mean probability, and the share of
     * cells whose vote is their (majority) true class; null when cells are not known.
     */
    public Double cellAccuracy() {
        if (!predictions.hasGroups()) {
            return null;
        }
        int[] group = predictions.groupIndices();
        int g = predictions.groupCount();
        int k = predictions.classes().size();
        double[][] sum = new double[g][k];
        int[][] truth = new int[g][k];
        for (int i = 0; i < group.length; i++) {
            double[] p = predictions.probabilities(i);
            for (int c = 0; c < k; c++) {
                sum[group[i]][c] += p[c];
            }
            truth[group[i]][predictions.trueClass(i).index()]++;
        }
        int right = 0;
        for (int x = 0; x < g; x++) {
            if (argMax(sum[x]) == argMax(truth[x])) {
                right++;
            }
        }
        return (double) right / g;
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMax(int[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    public Predictions predictions() {
        return predictions;
    }

    public ClassificationMetrics metrics() {
        return metrics;
    }

    public ConfusionMatrix confusion() {
        return metrics.confusion();
    }

    public RocAnalysis roc() {
        return roc;
    }

    public BootstrapIntervals bootstrap() {
        return bootstrap;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** Every wrongly predicted image, most confident mistake first. */
    public List<Misclassification> misclassified() {
        return misclassified;
    }

    /** The settings this split was evaluated with. */
    public EvaluationSettings settings() {
        return settings;
    }

    /** The collapse to one answer, when predictions collapsed. */
    public Optional<PredictionCollapse> collapse() {
        return Optional.ofNullable(collapse);
    }

    /** One line: {@code TEST: n 2487, accuracy 0.853 (95% CI 0.839–0.867), macro-F1 0.851}, and {@code , leaky} for a leaky split. */
    @Override
    public String toString() {
        ConfidenceInterval ci = bootstrap.accuracy();
        return name + ": n " + n() + ", accuracy " + Format.decimal(metrics.accuracy()) + " (" + Format.level(ci.level())
                + " CI " + Format.decimalInterval(ci) + "), macro-F1 " + Format.decimal(metrics.macro().f1())
                + (leaky ? ", leaky" : "");
    }
}
