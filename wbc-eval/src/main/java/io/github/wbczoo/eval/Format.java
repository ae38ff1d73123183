package io.github.wbczoo.eval;

import java.util.Locale;

/**
 * Number formatting shared by the Markdown and HTML reports: percentages with one decimal,
 * fractions with three, and an em dash for an undefined value.
 *
 * <p>Usage: {@code Format.percent(0.857)} gives {@code "85.7%"}; {@code Format.decimal(null)} gives {@code "—"}.
 */
final class Format {
    /** Shown for a value that is undefined (JSON null). */
    static final String UNDEFINED = "—";

    private Format() {
    }

    static String percent(Double v) {
        return v == null || v.isNaN() ? UNDEFINED : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** A confidence level: "95%", or "97.5%". */
    static String level(double level) {
        double pct = 100 * level;
        return pct == Math.rint(pct) ? String.format(Locale.ROOT, "%.0f%%", pct) : String.format(Locale.ROOT, "%.1f%%", pct);
    }

    static String decimal(Double v) {
        return v == null || v.isNaN() ? UNDEFINED : String.format(Locale.ROOT, "%.3f", v);
    }

    /** "84.3–87.0%", or "94.9–100.0% exact" for an exact binomial interval. */
    static String percentInterval(ConfidenceInterval ci) {
        return ci == null ? UNDEFINED
                : String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * ci.lower(), 100 * ci.upper()) + exact(ci);
    }

    /** "0.843–0.870", or "0.000–0.459 exact" for an exact binomial interval. */
    static String decimalInterval(ConfidenceInterval ci) {
        return ci == null ? UNDEFINED : String.format(Locale.ROOT, "%.3f–%.3f", ci.lower(), ci.upper()) + exact(ci);
    }

    private static String exact(ConfidenceInterval ci) {
        return ci.exact() ? " exact" : "";
    }

    /** "85.7% (84.3–87.0%)" */
    static String percentWithInterval(Double v, ConfidenceInterval ci) {
        return ci == null ? percent(v) : percent(v) + " (" + percentInterval(ci) + ")";
    }

    /** A difference in percentage points: "+60.3 pts". */
    static String points(Double v) {
        return v == null ? UNDEFINED : String.format(Locale.ROOT, "%+.1f pts", 100 * v);
    }

    /** A learning rate in short scientific notation: "1.0e-4", "3.0e-3" (Java's {@code %e} would print "1.0e-04"). */
    static String scientific(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : UNDEFINED;
        }
        int exponent = (int) Math.floor(Math.log10(Math.abs(v)));
        double mantissa = v / Math.pow(10, exponent);
        // 9.96e-4 rounds to "10.0": carry it into the exponent
        if (Math.abs(Math.round(mantissa * 10) / 10.0) >= 10) {
            mantissa /= 10;
            exponent++;
        }
        return String.format(Locale.ROOT, "%.1fe%d", mantissa, exponent);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String yesNo(Boolean b) {
        return b == null ? UNDEFINED : b ? "yes" : "no";
    }

    /** Whether a compared metric is a share of images, shown as a percentage (the others are shown as decimals). */
    static boolean isShare(String metric) {
        return metric.equals("accuracy") || metric.equals("balancedAccuracy");
    }

    /** The reader's name of a metric key of {@link SplitComparison}. */
    static String metricLabel(String metric) {
        return switch (metric) {
            case "accuracy" -> "Accuracy";
            case "macroF1" -> "Macro-F1";
            case "balancedAccuracy" -> "Balanced accuracy";
            case "kappa" -> "Cohen's kappa";
            case "macroAuroc" -> "Macro AUROC";
            default -> metric;
        };
    }

    /** The last three parts of a path (split/class/file in the BCCD layout), or the label when there is no path. */
    static String shortPath(Misclassification m) {
        java.nio.file.Path p = m.path();
        if (p == null) {
            return m.label();
        }
        int n = p.getNameCount();
        return n <= 3 ? p.toString() : p.subpath(n - 3, n).toString();
    }
}
