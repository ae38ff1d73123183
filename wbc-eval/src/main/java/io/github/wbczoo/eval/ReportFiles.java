package io.github.wbczoo.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * The files {@link EvaluationReport#writeTo(Path)} wrote.
 *
 * <p>Usage: {@code ReportFiles f = report.writeTo(out); System.out.println("open " + f.html());}
 *
 * @param json     {@code report.json}
 * @param markdown {@code report.md}
 * @param html     {@code report.html} (self-contained)
 * @param charts   {@code charts/*.png}, as linked from the Markdown
 */
public record ReportFiles(Path json, Path markdown, Path html, List<Path> charts) {
    static final String JSON = "report.json";
    static final String MARKDOWN = "report.md";
    static final String HTML = "report.html";
    static final String CHARTS_DIR = "charts";

    public ReportFiles {
        charts = List.copyOf(charts);
    }
}
