package io.github.wbczoo.reproduce;

import java.util.Objects;

/**
 * A figure as a paper prints it, or "—" where the paper gives none, with where it is printed.
 *
 * <p>Usage: {@code PaperFigure.reported(Measure.accuracy(Measure.TEST), "85.4%", 0.854, "Table 2")},
 * {@code PaperFigure.notReported(Measure.accuracy(Measure.TEST_SIMPLE), "TEST only")}
 *
 * @param measure  what the figure is
 * @param reported the figure exactly as the paper prints it ({@code "85.4%"}, {@code "~70%"}, {@code "0.96"}), or {@value #NONE}
 * @param value    the same as a number (fraction for accuracies and per-class figures, a count for support), null for none
 * @param source   the table, figure or section it comes from; for a missing figure, why there is none
 */
public record PaperFigure(Measure measure, String reported, Double value, String source) {
    /** What the table shows where the paper gives no number. */
    public static final String NONE = "—";

    public PaperFigure {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(source, "source");
        if ((value == null) != reported.equals(NONE)) {
            throw new IllegalArgumentException("A figure has both its printed form and its value, or neither: " + reported);
        }
    }

    /** A number the paper prints. */
    public static PaperFigure reported(Measure measure, String printed, double value, String source) {
        return new PaperFigure(measure, printed, value, source);
    }

    /** A figure the paper does not give (the row is still measured). */
    public static PaperFigure notReported(Measure measure, String why) {
        return new PaperFigure(measure, NONE, null, why);
    }

    public boolean isReported() {
        return value != null;
    }
}
