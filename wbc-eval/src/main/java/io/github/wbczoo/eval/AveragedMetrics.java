package io.github.wbczoo.eval;

/**
 * Precision, recall and F1 averaged over the cell types, one way or another (see
 * {@link ClassificationMetrics#macro()} and {@link ClassificationMetrics#weighted()}).
 *
 * <p>Usage: {@code double macroF1 = metrics.macro().f1();}
 *
 * @param precision averaged precision
 * @param recall    averaged recall
 * @param f1        averaged per-class F1 (not the F1 of the averaged precision and recall)
 */
public record AveragedMetrics(double precision, double recall, double f1) {
}
