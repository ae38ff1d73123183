package io.github.wbczoo.eval;

import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TrainingHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The evaluation of one model on one or more splits, with the TEST against TEST_SIMPLE comparison,
 * plain-language warnings (leaky split, collapsed predictions, tiny splits, undefined figures) and
 * learning curves from the model's training history. Renders to JSON (for programs), Markdown (for
 * a README or a paper) and a self-contained HTML page with charts.
 *
 * <p>Usage: {@code EvaluationReport r = EvaluationReport.builder("resNet18").split(test).split(testSimple).build(); r.writeTo(Path.of("out"));}
 */
public final class EvaluationReport {
    /** Splits smaller than this get a warning that their figures move a lot with a few images. */
    static final int SMALL_SPLIT = 200;
    /** A class with fewer images than this in a split is named in that warning. */
    static final int FEW_IMAGES = 10;

    private final String model;
    private final Map<String, String> modelFacts;
    private final TrainingHistory history;
    private final Map<String, SplitEvaluation> splits;
    private final List<SplitComparison> comparisons;
    private final String leakyTraining;
    private final String leakyTrainingOnPage;

    private EvaluationReport(Builder b) {
        this.model = b.model;
        this.modelFacts = Collections.unmodifiableMap(new LinkedHashMap<>(b.modelFacts));
        this.history = b.history;
        this.splits = Collections.unmodifiableMap(new LinkedHashMap<>(b.splits));
        List<SplitComparison> cmp = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>(b.comparisons);
        if (pairs.isEmpty() && splits.containsKey("TEST") && splits.containsKey("TEST_SIMPLE")) {
            pairs.add(new String[] {"TEST", "TEST_SIMPLE"});
        }
        for (String[] pair : pairs) {
            cmp.add(SplitComparison.of(split(pair[0]), split(pair[1])));
        }
        this.comparisons = List.copyOf(cmp);
        this.leakyTraining = b.leakyTraining;
        this.leakyTrainingOnPage = b.leakyTrainingOnPage == null ? b.leakyTraining : b.leakyTrainingOnPage;
    }

    /** A builder for the report of {@code model} (a display name, e.g. the architecture). */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** The model's display name. */
    public String model() {
        return model;
    }

    /** Facts about the model in reading order (architecture, parameters, input, ...); may be empty. */
    public Map<String, String> modelFacts() {
        return modelFacts;
    }

    /** The model's training history, or null when there is none (no learning curves then). */
    public TrainingHistory history() {
        return history;
    }

    /** The evaluated splits in the order they were added. */
    public Map<String, SplitEvaluation> splits() {
        return splits;
    }

    /** The evaluation of one split. */
    public SplitEvaluation split(String name) {
        SplitEvaluation s = splits.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No split '" + name + "' in this report; it has " + splits.keySet());
        }
        return s;
    }

    /** Side-by-side comparisons (TEST against TEST_SIMPLE when both were evaluated). */
    public List<SplitComparison> comparisons() {
        return comparisons;
    }

    /** Why the training data was leaky, or null when it was not. */
    public String leakyTraining() {
        return leakyTraining;
    }

    /** Plain-language warnings, most serious first. Empty when there is nothing to warn about. */
    public List<String> warnings() {
        return warnings(leakyTraining);
    }

    /**
     * The warnings as the HTML and Markdown pages show them, below the model facts: the leaky-split
     * warning points to the facts' training data instead of quoting the split a second time.
     */
    List<String> pageWarnings() {
        return warnings(leakyTrainingOnPage);
    }

    private List<String> warnings(String leakyTraining) {
        List<String> w = new ArrayList<>();
        if (leakyTraining != null) {
            w.add("Leaky split: " + leakyTraining + " Augmented copies of one cell (rotated, shifted or flipped) can be"
                    + " both in training and among the evaluated images, so the model may have seen a near-copy of"
                    + " an image it is scored on. These figures overstate how it does on cells it has never seen.");
        }
        for (SplitEvaluation s : splits.values()) {
            if (s.leaky() && leakyTraining == null) {
                w.add("Leaky split: " + s.name() + " may hold augmented copies of training images, so its figures"
                        + " overstate how the model does on cells it has never seen.");
            }
        }
        for (SplitEvaluation s : splits.values()) {
            s.collapse().ifPresent(c -> w.add("Collapsed predictions on " + s.name() + ": " + c.message()));
        }
        for (SplitEvaluation s : splits.values()) {
            if (s.n() < SMALL_SPLIT) {
                List<String> few = new ArrayList<>();
                for (CellClass c : s.classes().classes()) {
                    long support = s.confusion().support(c);
                    if (support < FEW_IMAGES) {
                        few.add(support + " " + c);
                    }
                }
                w.add(String.format(Locale.ROOT, "Small split: %s has only %d images%s, so one image moves accuracy by %.1f points."
                                + " Read its figures with their intervals.", s.name(), s.n(),
                        few.isEmpty() ? "" : " (" + String.join(", ", few) + ")", 100.0 / s.n()));
            }
        }
        for (SplitEvaluation s : splits.values()) {
            List<CellClass> excluded = s.roc().excluded();
            if (!excluded.isEmpty()) {
                w.add("Undefined AUROC on " + s.name() + " for " + names(excluded) + ": "
                        + s.roc().of(excluded.get(0)).undefinedReason() + ". Its AUROC is reported as null and left out"
                        + " of the macro AUROC, which averages the other " + (s.classes().size() - excluded.size()) + ".");
            }
            List<CellClass> neverPredicted = new ArrayList<>();
            for (ClassMetrics m : s.metrics().perClass()) {
                if (m.precision() == null && m.support() > 0) {
                    neverPredicted.add(m.type());
                }
            }
            if (!neverPredicted.isEmpty()) {
                w.add("Never predicted on " + s.name() + ": " + names(neverPredicted) + ". Precision is undefined"
                        + " (shown as " + Format.UNDEFINED + ", null in JSON) and counts as 0 in the macro averages.");
            }
        }
        return w;
    }

    private static String names(List<CellClass> classes) {
        return String.join(", ", classes.stream().map(CellClass::name).toList());
    }

    /** The report as JSON, with stable keys (see the module's README for the layout). */
    public String toJson() {
        return ReportJson.write(this);
    }

    /** The report as Markdown; chart images are linked as {@code charts/NAME.png}, which {@link #writeTo} writes. */
    public String toMarkdown() {
        return MarkdownReport.write(this, ReportCharts.all(this));
    }

    /** A self-contained HTML page: charts and thumbnails embedded as base64 PNG. */
    public String toHtml() {
        return HtmlReport.write(this, ReportCharts.all(this));
    }

    /**
     * Writes {@code report.json}, {@code report.md}, {@code report.html} and {@code charts/*.png}
     * into {@code dir} (created if needed), each file atomically.
     */
    public ReportFiles writeTo(Path dir) {
        Objects.requireNonNull(dir, "dir");
        List<ChartImage> charts = ReportCharts.all(this);
        List<Path> chartFiles = new ArrayList<>();
        for (ChartImage chart : charts) {
            Path file = dir.resolve(ReportFiles.CHARTS_DIR).resolve(chart.fileName());
            byte[] png = chart.png();
            AtomicFiles.write(file, out -> out.write(png));
            chartFiles.add(file);
        }
        Path json = dir.resolve(ReportFiles.JSON);
        Path markdown = dir.resolve(ReportFiles.MARKDOWN);
        Path html = dir.resolve(ReportFiles.HTML);
        AtomicFiles.writeString(json, toJson());
        AtomicFiles.writeString(markdown, MarkdownReport.write(this, charts));
        AtomicFiles.writeString(html, HtmlReport.write(this, charts));
        return new ReportFiles(json, markdown, html, chartFiles);
    }

    /** Collects the parts of a report. */
    public static final class Builder {
        private final String model;
        private final Map<String, String> modelFacts = new LinkedHashMap<>();
        private final Map<String, SplitEvaluation> splits = new LinkedHashMap<>();
        private final List<String[]> comparisons = new ArrayList<>();
        private TrainingHistory history;
        private String leakyTraining;
        private String leakyTrainingOnPage;

        private Builder(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("A report needs the model's name");
            }
            this.model = model;
        }

        /** Adds an evaluated split; names must be unique. */
        public Builder split(SplitEvaluation split) {
            if (splits.putIfAbsent(split.name(), split) != null) {
                throw new IllegalArgumentException("Split " + split.name() + " was added twice");
            }
            return this;
        }

        /** Facts about the model, shown at the top (architecture, parameters, input, ...). */
        public Builder modelFacts(Map<String, String> facts) {
            modelFacts.putAll(facts);
            return this;
        }

        /** The training history for learning curves; null or empty for none. */
        public Builder history(TrainingHistory trainingHistory) {
            this.history = trainingHistory == null || trainingHistory.isEmpty() ? null : trainingHistory;
            return this;
        }

        /**
         * Compares two added splits side by side (instead of the default TEST against TEST_SIMPLE).
         * May be called more than once.
         */
        public Builder compare(String first, String second) {
            comparisons.add(new String[] {first, second});
            return this;
        }

        /**
         * Marks the training data as leaky, e.g. from {@code TrainingData.leaky()}, saying why in one
         * sentence (e.g. "all 12,515 images were pooled and split at random 80:10:10 (Rao et al.).").
         */
        public Builder leakyTraining(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("Say why the training data is leaky, e.g. which split policy was used");
            }
            this.leakyTraining = reason.strip();
            this.leakyTrainingOnPage = null;   // the pages show this reason too, unless the two-reason form follows
            return this;
        }

        /**
         * As {@link #leakyTraining(String)}, with a shorter reason for the HTML and Markdown pages,
         * whose model facts already describe the split (e.g. "... (see "training data" above).").
         */
        Builder leakyTraining(String reason, String reasonOnPage) {
            leakyTraining(reason);
            this.leakyTrainingOnPage = reasonOnPage.strip();
            return this;
        }

        /** Marks the training data as leaky when the split policy is (Rao's pooled split). */
        public Builder splitPolicy(SplitPolicy policy) {
            if (policy.leaky()) {
                leakyTraining(String.format(Locale.ROOT, "the model was trained on a pooled split: all images of every"
                                + " split were pooled and divided at random (%.0f%% validation, %.0f%% test), as " + Paper.RAO.name() + " did.",
                        100 * policy.validationFraction(), 100 * policy.testFraction()));
            }
            return this;
        }

        public EvaluationReport build() {
            if (splits.isEmpty()) {
                throw new IllegalArgumentException("A report needs at least one evaluated split");
            }
            for (String[] pair : comparisons) {
                for (String name : pair) {
                    if (!splits.containsKey(name)) {
                        throw new IllegalArgumentException("Cannot compare split '" + name + "': it was not added (have "
                                + splits.keySet() + ")");
                    }
                }
            }
            return new EvaluationReport(this);
        }
    }
}
