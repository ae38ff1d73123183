package io.github.wbczoo.reproduce;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import java.util.Locale;
import java.util.Objects;

/**
 * One figure a paper reports and we measure: accuracy on a split, a class's precision, recall,
 * F1 or support on a split, or the training accuracy of the last epoch.
 *
 * <p>Usage: {@code Measure.accuracy(Measure.TEST)}, {@code Measure.of(Measure.Kind.F1, Measure.POOLED_TEST, BccdClasses.EOSINOPHIL)}
 *
 * @param kind     what is measured
 * @param split    where: {@link #TEST}, {@link #TEST_SIMPLE}, {@link #POOLED_TEST} or {@link #TRAINING}
 * @param forClass the class for per-class figures, null otherwise
 */
public record Measure(Kind kind, String split, CellClass forClass) {
    /** The BCCD TEST folder (2,487 augmented images). */
    public static final String TEST = "TEST";
    /** The BCCD TEST_SIMPLE folder (71 original images). */
    public static final String TEST_SIMPLE = "TEST_SIMPLE";
    /** The test part of a pooled split (Rao et al.): leaky, augmented copies of one cell are also in training. */
    public static final String POOLED_TEST = io.github.wbczoo.data.CellImageDataset.POOLED_TEST;
    /** The training batches of the last epoch, as Keras reports {@code accuracy}. */
    public static final String TRAINING = "training";
    /** The validation part of the training split, as the training history recorded it. */
    public static final String VALIDATION = "validation";

    /**
     * What is measured.
     *
     * <p>Usage: {@code if (measure.kind().perClass()) ...}
     */
    public enum Kind {
        ACCURACY(false), PRECISION(true), RECALL(true), F1(true), SUPPORT(true), TRAIN_ACCURACY(false),
        /** Macro-averaged F1 on a test split. */
        MACRO_F1(false),
        /** Validation accuracy of the epoch whose weights the model keeps (the best by the recipe's monitor). */
        VALIDATION_ACCURACY(false);

        private final boolean perClass;

        Kind(boolean perClass) {
            this.perClass = perClass;
        }

        public boolean perClass() {
            return perClass;
        }
    }

    public Measure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(split, "split");
        if (kind.perClass() != (forClass != null)) {
            throw new IllegalArgumentException(kind + (kind.perClass() ? " needs a class" : " takes no class"));
        }
        if ((kind == Kind.TRAIN_ACCURACY) != split.equals(TRAINING)) {
            throw new IllegalArgumentException("Training accuracy is measured on the " + TRAINING + " split only");
        }
        if ((kind == Kind.VALIDATION_ACCURACY) != split.equals(VALIDATION)) {
            throw new IllegalArgumentException("Validation accuracy is measured on the " + VALIDATION + " split only");
        }
    }

    public static Measure accuracy(String split) {
        return new Measure(Kind.ACCURACY, split, null);
    }

    public static Measure trainAccuracy() {
        return new Measure(Kind.TRAIN_ACCURACY, TRAINING, null);
    }

    public static Measure validationAccuracy() {
        return new Measure(Kind.VALIDATION_ACCURACY, VALIDATION, null);
    }

    public static Measure macroF1(String split) {
        return new Measure(Kind.MACRO_F1, split, null);
    }

    public static Measure of(Kind kind, String split, CellClass forClass) {
        return new Measure(kind, split, forClass);
    }

    /** Whether the figure is evaluated on a held-out split (so it gets a bootstrap interval). */
    public boolean onTestSplit() {
        return kind != Kind.TRAIN_ACCURACY && kind != Kind.VALIDATION_ACCURACY;
    }

    /** For tables, e.g. {@code TEST accuracy}, {@code EOSINOPHIL precision}, {@code training accuracy (last epoch)}. */
    public String label() {
        String what = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return switch (kind) {
            case TRAIN_ACCURACY -> "training accuracy (last epoch)";
            case VALIDATION_ACCURACY -> "validation accuracy (kept epoch)";
            case MACRO_F1 -> split + " macro-F1";
            case ACCURACY -> split + " accuracy";
            case F1 -> forClass + " F1";
            default -> forClass + " " + what;
        };
    }

    /** Accuracies are shown as percentages (as Chen & Zhu print them), per-class figures as fractions (as Rao et al.). */
    public String format(double value) {
        return switch (kind) {
            case ACCURACY, TRAIN_ACCURACY, VALIDATION_ACCURACY, MACRO_F1 -> String.format(Locale.ROOT, "%.1f%%", 100 * value);
            case SUPPORT -> String.format(Locale.ROOT, "%d", Math.round(value));
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }
}
