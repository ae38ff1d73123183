package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.List;

/**
 * The Markdown form of an {@link EvaluationReport}, for a README or a paper: summary, warnings,
 * the split comparison, per split Rao et al.'s per-class table, the confusion matrix, charts
 * (linked as {@code charts/NAME.png}) and the most confident mistakes, then learning curves and how
 * every figure is computed.
 *
 * <p>Usage: {@code String md = MarkdownReport.write(report, ReportCharts.all(report));}
 */
final class MarkdownReport {
    private MarkdownReport() {
    }

    static String write(EvaluationReport report, List<ChartImage> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of ").append(report.model()).append("\n\n");
        if (!report.modelFacts().isEmpty()) {
            md.append("| Model | |\n|---|---|\n");
            report.modelFacts().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
            md.append('\n');
        }

        List<String> warnings = report.pageWarnings();
        if (!warnings.isEmpty()) {
            md.append("## Warnings\n\n");
            warnings.forEach(w -> md.append("- **").append(w).append("**\n"));
            md.append('\n');
        }

        md.append("## Summary\n\n");
        String level = Format.level(report.splits().values().iterator().next().bootstrap().level());
        md.append("| Split | Images | Accuracy (").append(level).append(" CI) | Balanced accuracy | Macro-F1 (")
                .append(level).append(" CI) | Cohen's kappa | Macro AUROC | ECE |\n");
        md.append("|---|---:|---|---:|---|---:|---:|---:|\n");
        for (SplitEvaluation s : report.splits().values()) {
            ClassificationMetrics m = s.metrics();
            md.append("| ").append(s.name()).append(s.leaky() ? " (leaky)" : "")
                    .append(" | ").append(Format.count(s.n())).append(s.cellsKnown() ? " / " + Format.count(s.cells()) + " cells" : "")
                    .append(" | ").append(Format.percentWithInterval(m.accuracy(), s.bootstrap().accuracy()))
                    .append(" | ").append(Format.percent(m.balancedAccuracy()))
                    .append(" | ").append(Format.decimal(m.macro().f1())).append(" (")
                    .append(Format.decimalInterval(s.bootstrap().macroF1())).append(")")
                    .append(" | ").append(Format.decimal(m.kappa()))
                    .append(" | ").append(Format.decimal(s.roc().macroAuc()))
                    .append(" | ").append(Format.decimal(s.calibration().expectedCalibrationError()))
                    .append(" |\n");
        }
        md.append('\n');

        for (SplitComparison c : report.comparisons()) {
            md.append("## ").append(c.first().name()).append(" against ").append(c.second().name()).append("\n\n");
            md.append(c.summary()).append("\n\n");
            md.append("| Metric | ").append(c.first().name()).append(" | ").append(c.second().name())
                    .append(" | Difference | Difference ").append(level).append(" CI | Intervals overlap |\n");
            md.append("|---|---|---|---:|---|---|\n");
            for (ComparedMetric m : c.metrics()) {
                boolean share = Format.isShare(m.metric());
                md.append("| ").append(Format.metricLabel(m.metric()))
                        .append(" | ").append(share ? Format.percentWithInterval(m.first(), m.firstInterval())
                                : decimalWithInterval(m.first(), m.firstInterval()))
                        .append(" | ").append(share ? Format.percentWithInterval(m.second(), m.secondInterval())
                                : decimalWithInterval(m.second(), m.secondInterval()))
                        .append(" | ").append(share ? Format.points(m.difference()) : signed(m.difference()))
                        .append(" | ").append(m.differenceInterval() == null ? Format.UNDEFINED
                                : share ? Format.points(m.differenceInterval().lower()) + " to "
                                        + Format.points(m.differenceInterval().upper())
                                : signed(m.differenceInterval().lower()) + " to " + signed(m.differenceInterval().upper()))
                        .append(" | ").append(Format.yesNo(m.intervalsOverlap())).append(" |\n");
            }
            md.append('\n');
            chart(md, charts, "splits.png");
        }

        for (SplitEvaluation s : report.splits().values()) {
            split(md, s, charts);
        }

        if (report.history() != null) {
            md.append("## Learning curves\n\n");
            if (report.history().stopReason() != null) {
                md.append("Training stopped early: ").append(report.history().stopReason()).append("\n\n");
            }
            chart(md, charts, "learning-loss.png");
            chart(md, charts, "learning-accuracy.png");
            chart(md, charts, "learning-rate.png");
            for (String sentence : LearningCurveText.sentences(report.history())) {
                md.append(sentence).append("\n\n");
            }
        } else {
            md.append("## Learning curves\n\nThe model has no training history, so there are no learning curves.\n\n");
        }

        md.append("## How these figures are computed\n\n");
        for (String[] note : MetricNotes.of(report)) {
            md.append("- **").append(note[0]).append(".** ").append(note[1]).append('\n');
        }
        return md.toString();
    }

    private static void split(StringBuilder md, SplitEvaluation s, List<ChartImage> charts) {
        String slug = ReportCharts.slug(s.name());
        ClassificationMetrics m = s.metrics();
        md.append("## ").append(s.name()).append(" (").append(Format.count(s.n())).append(" images")
                .append(s.cellsKnown() ? " / " + Format.count(s.cells()) + " cells" : "")
                .append(s.leaky() ? ", leaky" : "").append(")\n\n");
        if (s.cellsKnown()) {
            md.append("Intervals resample the ").append(Format.count(s.cells())).append(" source cells, not the images: copies"
                    + " of one cell are not independent. Taking the images as independent would give accuracy ")
                    .append(Format.percentWithInterval(m.accuracy(), s.bootstrap().accuracyImages()))
                    .append(". Per cell (the copies' mean probability votes): ").append(Format.percent(s.cellAccuracy()))
                    .append(" of ").append(Format.count(s.cells())).append(" cells.\n\n");
        }
        s.collapse().ifPresent(c -> md.append("**").append(c.message()).append("**\n\n"));

        md.append("### Per class\n\n");
        md.append("| Target class | F1-score | Precision | Recall (").append(levelOf(s)).append(" CI) | Support | AUROC |\n");
        md.append("|---|---:|---:|---|---:|---:|\n");
        for (ClassMetrics c : m.perClass()) {
            md.append("| ").append(c.type().name())
                    .append(" | ").append(Format.decimal(c.f1()))
                    .append(" | ").append(Format.decimal(c.precision()))
                    .append(" | ").append(Format.decimal(c.recall()))
                    .append(s.bootstrap().recall(c.type()) == null ? ""
                            : " (" + Format.decimalInterval(s.bootstrap().recall(c.type())) + ")")
                    .append(" | ").append(Format.count(c.support()))
                    .append(" | ").append(Format.decimal(s.roc().of(c.type()).auc())).append(" |\n");
        }
        md.append("| *macro average* | ").append(Format.decimal(m.macro().f1())).append(" | ")
                .append(Format.decimal(m.macro().precision())).append(" | ").append(Format.decimal(m.macro().recall()))
                .append(" | ").append(Format.count(s.n())).append(" | ").append(Format.decimal(s.roc().macroAuc())).append(" |\n");
        md.append("| *weighted average* | ").append(Format.decimal(m.weighted().f1())).append(" | ")
                .append(Format.decimal(m.weighted().precision())).append(" | ").append(Format.decimal(m.weighted().recall()))
                .append(" | ").append(Format.count(s.n())).append(" | |\n\n");

        md.append("### Confusion matrix\n\nRows: true class; columns: predicted class; each cell: images (share of the row).\n\n");
        md.append("| true \\ predicted |");
        for (CellClass c : s.classes().classes()) {
            md.append(' ').append(c.name()).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(s.classes().size())).append('\n');
        long[][] counts = s.confusion().counts();
        double[][] shares = s.confusion().rowNormalised();
        for (CellClass t : s.classes().classes()) {
            md.append("| **").append(t.name()).append("** |");
            for (CellClass p : s.classes().classes()) {
                md.append(' ').append(Format.count(counts[t.index()][p.index()])).append(" (")
                        .append(Format.percent(shares[t.index()][p.index()])).append(") |");
            }
            md.append('\n');
        }
        md.append('\n');
        chart(md, charts, "confusion-" + slug + ".png");
        chart(md, charts, "roc-" + slug + ".png");

        md.append("### Calibration\n\n");
        md.append("Expected calibration error ").append(Format.decimal(s.calibration().expectedCalibrationError()))
                .append(", maximum ").append(Format.decimal(s.calibration().maximumCalibrationError()))
                .append(" (").append(s.calibration().bins().size()).append(" equal-width confidence bins).\n\n");
        chart(md, charts, "reliability-" + slug + ".png");

        List<Misclassification> mistakes = s.misclassified();
        int shown = Math.min(mistakes.size(), s.settings().mistakesShown());
        md.append("### Misclassified images\n\n");
        if (mistakes.isEmpty()) {
            md.append("None: every image was classified correctly.\n\n");
            return;
        }
        md.append(shown < mistakes.size()
                ? "The " + shown + " most confident of " + Format.count(mistakes.size()) + " mistakes (all are in report.json).\n\n"
                : Format.count(mistakes.size()) + " mistakes, most confident first.\n\n");
        md.append("| Image | True | Predicted | Confidence |");
        for (CellClass c : s.classes().classes()) {
            md.append(" P(").append(c.name()).append(") |");
        }
        md.append("\n|---|---|---|---:|").append("---:|".repeat(s.classes().size())).append('\n');
        for (Misclassification x : mistakes.subList(0, shown)) {
            md.append("| `").append(Format.shortPath(x)).append("` | ")
                    .append(x.actual()).append(" | ").append(x.predicted()).append(" | ")
                    .append(Format.percent(x.confidence())).append(" |");
            for (double p : x.probabilities()) {
                md.append(' ').append(Format.decimal(p)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String levelOf(SplitEvaluation s) {
        return Format.level(s.bootstrap().level());
    }

    private static void chart(StringBuilder md, List<ChartImage> charts, String fileName) {
        for (ChartImage c : charts) {
            if (c.fileName().equals(fileName)) {
                md.append("![").append(c.title()).append("](").append(ReportFiles.CHARTS_DIR).append('/')
                        .append(c.fileName()).append(")\n\n*").append(c.caption()).append("*\n\n");
            }
        }
    }

    private static String decimalWithInterval(Double v, ConfidenceInterval ci) {
        return ci == null ? Format.decimal(v) : Format.decimal(v) + " (" + Format.decimalInterval(ci) + ")";
    }

    private static String signed(Double v) {
        return v == null ? Format.UNDEFINED : String.format(java.util.Locale.ROOT, "%+.3f", v);
    }

    private static String cell(String v) {
        return v.replace("|", "\\|").replace("\n", " ");
    }
}
