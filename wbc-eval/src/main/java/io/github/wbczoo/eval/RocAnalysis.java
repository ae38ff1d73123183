package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-vs-rest ROC curve of every cell type and their macro AUROC.
 *
 * <p>Macro AUROC is the unweighted mean over the types whose AUROC is defined. A type absent from
 * the split has no AUROC (null) and is left out of the mean, and {@link #excluded()} names it so
 * reports can say so. (scikit-learn's {@code roc_auc_score} refuses to answer in that case;
 * leaving the type out keeps the other three comparable.)
 *
 * <p>Usage: {@code RocAnalysis roc = RocAnalysis.of(predictions); Double macro = roc.macroAuc();}
 */
public final class RocAnalysis {
    private final List<RocCurve> curves;

    private RocAnalysis(List<RocCurve> curves) {
        this.curves = List.copyOf(curves);
    }

    public static RocAnalysis of(Predictions predictions) {
        List<RocCurve> curves = new ArrayList<>();
        for (CellClass c : predictions.classes().classes()) {
            curves.add(RocCurve.oneVsRest(predictions, c));
        }
        return new RocAnalysis(curves);
    }

    /** Curves in {@link CellClass} order. */
    public List<RocCurve> curves() {
        return curves;
    }

    public RocCurve of(CellClass c) {
        return curves.get(c.index());
    }

    /** Mean AUROC over the types where it is defined; null when it is defined for none. */
    public Double macroAuc() {
        double sum = 0;
        int n = 0;
        for (RocCurve c : curves) {
            if (c.isDefined()) {
                sum += c.auc();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** Types left out of the macro AUROC because their AUROC is undefined. */
    public List<CellClass> excluded() {
        return curves.stream().filter(c -> !c.isDefined()).map(RocCurve::type).toList();
    }
}
