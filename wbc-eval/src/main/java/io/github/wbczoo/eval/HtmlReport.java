package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.List;
import java.util.Locale;

/**
 * The HTML form of an {@link EvaluationReport}: one self-contained page (styles inline, charts and
 * thumbnails of the misclassified images embedded as base64), readable offline and easy to mail.
 *
 * <p>Usage: {@code String html = HtmlReport.write(report, ReportCharts.all(report));}
 */
final class HtmlReport {
    /**
     * The page's styles. Tables sit in {@code .table-wrap} containers that scroll sideways when a
     * table cannot fit, so a wide table never widens the page. File paths break at their slashes
     * ({@code <wbr>}), and {@code overflow-wrap:anywhere} breaks an over-long name only as a last
     * resort; {@code break-all} would split every name mid-word and let the table squeeze the file
     * column to a few characters. Below 820 px the padding, fonts and thumbnails shrink so that the
     * tables still fit a 760 px window.
     */
    static final String STYLE = """
            *,*::before,*::after{box-sizing:border-box}
            body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;max-width:1320px;margin:0 auto;\
            padding:24px 32px;color:#1d1d1f;line-height:1.45;background:#fff}
            h1{font-size:28px;margin:0 0 12px;overflow-wrap:anywhere}h2{font-size:22px;margin:36px 0 10px;\
            border-bottom:2px solid #e3e3e3;padding-bottom:4px;overflow-wrap:anywhere}h3{font-size:17px;margin:22px 0 8px}
            .table-wrap{max-width:100%;overflow-x:auto;margin:8px 0 14px}
            table{border-collapse:collapse;font-size:14px}
            th,td{border:1px solid #d8d8d8;padding:5px 10px;text-align:right;vertical-align:middle}
            th{background:#f3f5f8;font-weight:600}td.l,th.l{text-align:left}
            tr.avg td{background:#fafafa;font-style:italic}
            table.facts td{text-align:left;overflow-wrap:anywhere}table.facts td:first-child{color:#555;font-weight:600;\
            white-space:nowrap;overflow-wrap:normal}
            td.file{min-width:14ch}
            .warn{background:#fff4e5;border:1px solid #f0b35a;border-left:6px solid #e08a00;border-radius:4px;\
            padding:10px 16px;margin:12px 0}
            .warn ul{margin:4px 0;padding-left:20px}.warn li{margin:6px 0}
            .collapse{background:#fdecea;border-left:6px solid #c62828;padding:10px 16px;margin:10px 0}
            .charts{display:flex;flex-wrap:wrap;gap:18px}
            figure{margin:0;flex:1 1 560px;min-width:0;max-width:640px}figure img{width:100%;height:auto;border:1px solid #e3e3e3}
            figcaption{font-size:13px;color:#444;margin-top:4px}
            .muted{color:#666;font-size:13px}.bad{color:#b71c1c;font-weight:600}.good{color:#1b5e20;font-weight:600}
            img.thumb{width:96px;height:auto;display:block;border:1px solid #ccc}
            code{font-size:12px;overflow-wrap:anywhere}
            abbr{text-decoration:none}.ci{white-space:nowrap}
            dl dt{font-weight:600;margin-top:8px}dl dd{margin:2px 0 0 18px}
            @media (max-width:820px){body{padding:16px 14px}table{font-size:13px}th,td{padding:4px 5px}\
            table.mistakes{font-size:12px}img.thumb{width:60px}h1{font-size:24px}h2{font-size:20px}}
            """;

    private HtmlReport() {
    }

    static String write(EvaluationReport report, List<ChartImage> charts) {
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Evaluation of ")
                .append(esc(report.model())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Evaluation of ").append(esc(report.model())).append("</h1>\n");
        if (!report.modelFacts().isEmpty()) {
            openTable(h, "facts");
            report.modelFacts().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                    .append("</td></tr>\n"));
            closeTable(h);
        }

        List<String> warnings = report.pageWarnings();
        if (!warnings.isEmpty()) {
            h.append("<div class=\"warn\"><strong>Read these figures with care</strong>\n<ul>\n");
            warnings.forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul></div>\n");
        }

        summary(h, report);
        for (SplitComparison c : report.comparisons()) {
            comparison(h, c, charts);
        }
        for (SplitEvaluation s : report.splits().values()) {
            split(h, s, charts);
        }
        learningCurves(h, report, charts);

        h.append("<h2>How these figures are computed</h2>\n<dl>\n");
        for (String[] note : MetricNotes.of(report)) {
            h.append("<dt>").append(esc(note[0])).append("</dt><dd>").append(esc(note[1])).append("</dd>\n");
        }
        h.append("</dl>\n<p class=\"muted\">Written by wbc-zoo (wbc-eval). The same figures are in report.json.</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, EvaluationReport report) {
        String level = levelOf(report.splits().values().iterator().next());
        h.append("<h2>Summary</h2>\n");
        openTable(h, null);
        h.append("<tr><th class=\"l\">Split</th><th>Images</th><th>Accuracy (").append(level)
                .append(" CI)</th><th>Balanced accuracy</th><th>Macro-F1 (").append(level)
                .append(" CI)</th><th>Cohen's kappa</th><th>Macro AUROC</th><th>ECE</th></tr>\n");
        for (SplitEvaluation s : report.splits().values()) {
            ClassificationMetrics m = s.metrics();
            h.append("<tr><td class=\"l\"><a href=\"#split-").append(esc(ReportCharts.slug(s.name()))).append("\">")
                    .append(esc(s.name())).append("</a>").append(s.leaky() ? " <span class=\"bad\">(leaky)</span>" : "")
                    .append("</td><td>").append(Format.count(s.n()))
                    .append("</td><td>").append(value(m.accuracy(), s.bootstrap().accuracy(), true))
                    .append("</td><td>").append(Format.percent(m.balancedAccuracy()))
                    .append("</td><td>").append(value(m.macro().f1(), s.bootstrap().macroF1(), false))
                    .append("</td><td>").append(Format.decimal(m.kappa()))
                    .append("</td><td>").append(Format.decimal(s.roc().macroAuc()))
                    .append("</td><td>").append(Format.decimal(s.calibration().expectedCalibrationError()))
                    .append("</td></tr>\n");
        }
        closeTable(h);
    }

    private static void comparison(StringBuilder h, SplitComparison c, List<ChartImage> charts) {
        String level = levelOf(c.first());
        h.append("<h2>").append(esc(c.first().name())).append(" against ").append(esc(c.second().name())).append("</h2>\n");
        h.append("<p>").append(esc(c.summary())).append("</p>\n");
        openTable(h, null);
        h.append("<tr><th class=\"l\">Metric</th><th>").append(esc(c.first().name())).append("</th><th>")
                .append(esc(c.second().name())).append("</th><th>Difference</th><th>Difference ").append(level)
                .append(" CI</th><th>Intervals overlap</th></tr>\n");
        for (ComparedMetric m : c.metrics()) {
            boolean share = Format.isShare(m.metric());
            h.append("<tr><td class=\"l\">").append(esc(Format.metricLabel(m.metric()))).append("</td><td>")
                    .append(value(m.first(), m.firstInterval(), share)).append("</td><td>")
                    .append(value(m.second(), m.secondInterval(), share)).append("</td><td>")
                    .append(unbroken(share ? Format.points(m.difference()) : signed(m.difference()))).append("</td><td>")
                    .append(m.differenceInterval() == null ? Format.UNDEFINED
                            : unbroken(share ? Format.points(m.differenceInterval().lower()) : signed(m.differenceInterval().lower()))
                            + " to " + unbroken(share ? Format.points(m.differenceInterval().upper())
                            : signed(m.differenceInterval().upper())))
                    .append("</td><td>").append(overlap(m.intervalsOverlap())).append("</td></tr>\n");
        }
        closeTable(h);
        figures(h, charts, "splits.png");
    }

    private static void split(StringBuilder h, SplitEvaluation s, List<ChartImage> charts) {
        String slug = ReportCharts.slug(s.name());
        ClassificationMetrics m = s.metrics();
        h.append("<h2 id=\"split-").append(esc(slug)).append("\">").append(esc(s.name())).append(" <span class=\"muted\">(")
                .append(Format.count(s.n())).append(" images")
                .append(s.cellsKnown() ? " / " + Format.count(s.cells()) + " cells" : "")
                .append(s.leaky() ? ", leaky" : "").append(")</span></h2>\n");
        if (s.cellsKnown()) {
            h.append("<p>Intervals resample the ").append(Format.count(s.cells())).append(" source cells, not the images: copies"
                    + " of one cell are not independent. Taking the images as independent would give accuracy ")
                    .append(esc(Format.percentWithInterval(m.accuracy(), s.bootstrap().accuracyImages())))
                    .append(". Per cell (the copies' mean probability votes): ").append(esc(Format.percent(s.cellAccuracy())))
                    .append(" of ").append(Format.count(s.cells())).append(" cells.</p>\n");
        }
        s.collapse().ifPresent(c -> h.append("<div class=\"collapse\">").append(esc(c.message())).append("</div>\n"));

        h.append("<h3>Per class</h3>\n");
        openTable(h, null);
        h.append("<tr><th class=\"l\">Target class</th><th>F1-score</th><th>Precision</th>")
                .append("<th>Recall (").append(levelOf(s)).append(" CI)</th><th>Support</th><th>Predicted</th><th>AUROC</th></tr>\n");
        for (ClassMetrics c : m.perClass()) {
            ConfidenceInterval ci = s.bootstrap().recall(c.type());
            h.append("<tr><td class=\"l\">").append(c.type().name()).append("</td><td>").append(Format.decimal(c.f1()))
                    .append("</td><td>").append(Format.decimal(c.precision()))
                    .append("</td><td>").append(Format.decimal(c.recall()))
                    .append(ci == null ? "" : " <span class=\"muted ci\">(" + Format.decimalInterval(ci) + ")</span>")
                    .append("</td><td>").append(Format.count(c.support()))
                    .append("</td><td>").append(Format.count(c.predicted()))
                    .append("</td><td>").append(Format.decimal(s.roc().of(c.type()).auc())).append("</td></tr>\n");
        }
        h.append("<tr class=\"avg\"><td class=\"l\">macro average</td><td>").append(Format.decimal(m.macro().f1()))
                .append("</td><td>").append(Format.decimal(m.macro().precision()))
                .append("</td><td>").append(Format.decimal(m.macro().recall()))
                .append("</td><td>").append(Format.count(s.n())).append("</td><td></td><td>")
                .append(Format.decimal(s.roc().macroAuc())).append("</td></tr>\n");
        h.append("<tr class=\"avg\"><td class=\"l\">weighted average</td><td>").append(Format.decimal(m.weighted().f1()))
                .append("</td><td>").append(Format.decimal(m.weighted().precision()))
                .append("</td><td>").append(Format.decimal(m.weighted().recall()))
                .append("</td><td>").append(Format.count(s.n())).append("</td><td></td><td></td></tr>\n");
        closeTable(h);

        h.append("<h3>Confusion matrix</h3>\n");
        openTable(h, null);
        h.append("<tr><th class=\"l\">true \\ predicted</th>");
        for (CellClass c : s.classes().classes()) {
            h.append("<th>").append(c.name()).append("</th>");
        }
        h.append("</tr>\n");
        long[][] counts = s.confusion().counts();
        double[][] shares = s.confusion().rowNormalised();
        for (CellClass t : s.classes().classes()) {
            h.append("<tr><th class=\"l\">").append(t.name()).append("</th>");
            for (CellClass p : s.classes().classes()) {
                h.append("<td").append(t == p ? " style=\"font-weight:600\"" : "").append('>')
                        .append(Format.count(counts[t.index()][p.index()])).append(" <span class=\"muted\">(")
                        .append(Format.percent(shares[t.index()][p.index()])).append(")</span></td>");
            }
            h.append("</tr>\n");
        }
        closeTable(h);

        h.append("<div class=\"charts\">\n");
        figure(h, charts, "confusion-" + slug + ".png");
        figure(h, charts, "roc-" + slug + ".png");
        figure(h, charts, "reliability-" + slug + ".png");
        h.append("</div>\n");
        h.append("<p>Expected calibration error <strong>").append(Format.decimal(s.calibration().expectedCalibrationError()))
                .append("</strong>, maximum ").append(Format.decimal(s.calibration().maximumCalibrationError()))
                .append(" (").append(s.calibration().bins().size()).append(" equal-width confidence bins).</p>\n");

        mistakes(h, s);
    }

    private static void mistakes(StringBuilder h, SplitEvaluation s) {
        List<Misclassification> all = s.misclassified();
        h.append("<h3 id=\"mistakes-").append(esc(ReportCharts.slug(s.name()))).append("\">Misclassified images</h3>\n");
        if (all.isEmpty()) {
            h.append("<p>None: every image was classified correctly.</p>\n");
            return;
        }
        int shown = Math.min(all.size(), s.settings().mistakesShown());
        h.append("<p>").append(shown < all.size()
                ? "The " + shown + " most confident of " + Format.count(all.size()) + " mistakes (all are in report.json)."
                : Format.count(all.size()) + " mistakes, most confident first.")
                .append(" P(EOS), P(LYM), P(MON) and P(NEU) are the model's probabilities of eosinophil, lymphocyte,"
                        + " monocyte and neutrophil; the true and the predicted class's are in bold.</p>\n");
        openTable(h, "mistakes");
        h.append("<tr><th class=\"l\">Image</th><th class=\"l\">File</th><th class=\"l\">True</th>")
                .append("<th class=\"l\">Predicted</th><th>Confidence</th>");
        // Short class names keep the nine columns within a 760 px window; the full name is the tooltip.
        for (CellClass c : s.classes().classes()) {
            h.append("<th><abbr title=\"probability of ").append(c.name()).append("\">P(").append(shortName(c, s.classes()))
                    .append(")</abbr></th>");
        }
        h.append("</tr>\n");
        for (Misclassification x : all.subList(0, shown)) {
            String thumb = Thumbnails.dataUri(x.path());
            h.append("<tr><td class=\"l\">").append(thumb == null ? Format.UNDEFINED
                            : "<img class=\"thumb\" alt=\"" + esc(x.label()) + "\" src=\"" + thumb + "\">")
                    .append("</td><td class=\"l file\"><code title=\"").append(esc(x.path() == null ? x.label() : x.path().toString()))
                    .append("\">").append(breakablePath(Format.shortPath(x))).append("</code></td><td class=\"l\">")
                    .append(x.actual()).append("</td><td class=\"l\">").append(x.predicted()).append("</td><td>").append(Format.percent(x.confidence())).append("</td>");
            double[] p = x.probabilities();
            for (int c = 0; c < p.length; c++) {
                boolean mark = c == x.predicted().index() || c == x.actual().index();
                h.append("<td").append(mark ? " style=\"font-weight:600\"" : "").append('>').append(Format.decimal(p[c]))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        closeTable(h);
    }

    private static void learningCurves(StringBuilder h, EvaluationReport report, List<ChartImage> charts) {
        h.append("<h2 id=\"learning-curves\">Learning curves</h2>\n");
        if (report.history() == null) {
            h.append("<p>The model has no training history, so there are no learning curves.</p>\n");
            return;
        }
        if (report.history().stopReason() != null) {
            h.append("<p>Training stopped early: ").append(esc(report.history().stopReason())).append("</p>\n");
        }
        if (charts.stream().anyMatch(c -> c.fileName().startsWith("learning-"))) {
            h.append("<div class=\"charts\">\n");
            figure(h, charts, "learning-loss.png");
            figure(h, charts, "learning-accuracy.png");
            figure(h, charts, "learning-rate.png");
            h.append("</div>\n");
        }
        for (String sentence : LearningCurveText.sentences(report.history())) {
            h.append("<p>").append(esc(sentence)).append("</p>\n");
        }
    }

    /** Opens a table inside a container that scrolls sideways, so a table too wide for the window never widens the page. */
    private static void openTable(StringBuilder h, String cssClass) {
        h.append("<div class=\"table-wrap\"><table").append(cssClass == null ? "" : " class=\"" + cssClass + "\"")
                .append(">\n");
    }

    private static void closeTable(StringBuilder h) {
        h.append("</table></div>\n");
    }

    /**
     * EOS, LYM, MON, NEU: the abbreviations haematology uses; for other class sets the shortest
     * prefix (of at least three letters) that no other class of the set shares.
     */
    static String shortName(CellClass c, ClassSet classes) {
        String n = c.name();
        for (int len = Math.min(3, n.length()); len < n.length(); len++) {
            String prefix = n.substring(0, len);
            if (classes.classes().stream().filter(o -> !o.equals(c)).noneMatch(o -> o.name().startsWith(prefix))) {
                return prefix;
            }
        }
        return n;
    }

    /** A path, escaped, that may wrap after each separator ({@code <wbr>}) rather than inside a name. */
    static String breakablePath(String path) {
        StringBuilder out = new StringBuilder();
        for (char ch : path.toCharArray()) {
            out.append(esc(String.valueOf(ch)));
            if (ch == '/' || ch == '\\') {
                out.append("<wbr>");
            }
        }
        return out.toString();
    }

    private static void figures(StringBuilder h, List<ChartImage> charts, String fileName) {
        h.append("<div class=\"charts\">\n");
        figure(h, charts, fileName);
        h.append("</div>\n");
    }

    private static void figure(StringBuilder h, List<ChartImage> charts, String fileName) {
        for (ChartImage c : charts) {
            if (c.fileName().equals(fileName)) {
                h.append("<figure><img alt=\"").append(esc(c.title())).append("\" width=\"").append(c.image().getWidth())
                        .append("\" height=\"").append(c.image().getHeight()).append("\" src=\"").append(c.dataUri())
                        .append("\"><figcaption>").append(esc(c.caption())).append("</figcaption></figure>\n");
            }
        }
    }

    /** "90.8% (88.7–93.3%)": a narrow column may wrap before the interval, never inside it. */
    private static String value(Double v, ConfidenceInterval ci, boolean share) {
        String figure = share ? Format.percent(v) : Format.decimal(v);
        if (ci == null) {
            return figure;
        }
        return figure + " " + unbroken("(" + (share ? Format.percentInterval(ci) : Format.decimalInterval(ci)) + ")");
    }

    // Text kept on one line, e.g. "+48.9 pts" or an interval.
    private static String unbroken(String text) {
        return "<span class=\"ci\">" + esc(text) + "</span>";
    }

    private static String overlap(Boolean overlaps) {
        if (overlaps == null) {
            return Format.UNDEFINED;
        }
        return overlaps ? "yes" : "<span class=\"bad\">no</span>";
    }

    private static String signed(Double v) {
        return v == null ? Format.UNDEFINED : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String levelOf(SplitEvaluation s) {
        return Format.level(s.bootstrap().level());
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
