package io.github.wbczoo.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.eval.ChartImage;
import io.github.wbczoo.eval.ConfidenceInterval;
import io.github.wbczoo.eval.ReportCharts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Our figures next to a paper's, one row per figure of each experiment, with 95% bootstrap
 * intervals; experiments not run yet are listed as pending, so the file written after each
 * experiment is always a complete, honest picture of the run so far. Written as
 * {@code results.md} and {@code results.json}, each atomically.
 *
 * <p>Usage: {@code ReproductionTable t = new ReproductionTable(paper, settings); t.add(result); t.writeTo(out);}
 */
public final class ReproductionTable {
    /** Markdown file name. */
    public static final String MARKDOWN = "results.md";
    /** JSON file name. */
    public static final String JSON = "results.json";

    /**
     * One compared figure: the paper's, ours (null where undefined, e.g. precision of a class never
     * predicted) with its interval (null where none applies) and image count, and whether the split leaks.
     *
     * <p>Usage: {@code new Row(figure, 0.86, split.bootstrap().accuracy(), 2487L, false)}
     */
    public record Row(PaperFigure paper, Double ours, ConfidenceInterval interval, Long n, boolean leaky) {
    }

    /**
     * One finished experiment.
     *
     * <p>Usage: {@code table.add(new ExperimentResult(experiment, 20, training.description(), 3600, "v9/model.wbc", "v9/report", rows, report.warnings()));}
     *
     * @param experiment   what was run
     * @param epochs       epochs trained (the recipe's or --epochs)
     * @param trainingData the split and preprocessing, as the data source describes them
     * @param seconds      wall time of training and evaluation
     * @param model        the model file, relative to the output folder
     * @param report       the evaluation report folder, relative to the output folder
     * @param rows         one per figure of the experiment, in its order
     * @param warnings     the evaluation report's warnings (collapsed predictions, leaky split, small splits)
     */
    public record ExperimentResult(Experiment experiment, int epochs, String trainingData, double seconds, String model,
                                   String report, List<Row> rows, List<String> warnings) {
        public ExperimentResult {
            rows = List.copyOf(rows);
            warnings = List.copyOf(warnings);
        }
    }

    private final PaperReproduction paper;
    private final RunSettings settings;
    private final Shard shard;
    private final Map<String, ExperimentResult> results = new LinkedHashMap<>();

    public ReproductionTable(PaperReproduction paper, RunSettings settings) {
        this(paper, settings, Shard.ALL);
    }

    /** The table of one shard's run: the other shards' experiments are listed as theirs, not as pending. */
    public ReproductionTable(PaperReproduction paper, RunSettings settings, Shard shard) {
        this.paper = Objects.requireNonNull(paper, "paper");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shard = Objects.requireNonNull(shard, "shard");
    }

    public void add(ExperimentResult result) {
        int position = paper.experiments().indexOf(result.experiment());
        if (position < 0) {
            throw new IllegalArgumentException(result.experiment().label() + " is not an experiment of " + paper.id());
        }
        if (!shard.includes(position)) {
            throw new IllegalArgumentException(result.experiment().label() + " belongs to another shard than " + shard);
        }
        results.put(result.experiment().label(), result);
    }

    public Shard shard() {
        return shard;
    }

    public RunSettings settings() {
        return settings;
    }

    /** Whether the experiment at this position of the paper's list is this run's to do. */
    private boolean mine(Experiment e) {
        return shard.includes(paper.experiments().indexOf(e));
    }

    /** The finished experiments, in the order they were added. */
    public List<ExperimentResult> results() {
        return List.copyOf(results.values());
    }

    /** Folder (inside the output folder) of the charts comparing the runs. */
    public static final String CHARTS = "charts";

    /**
     * Writes {@value #MARKDOWN} and {@value #JSON} into {@code dir}, and the charts that compare the
     * finished runs' validation curves (read from their model files' histories) into {@value #CHARTS}.
     */
    public void writeTo(Path dir) {
        List<ChartImage> charts = new java.util.ArrayList<>();
        Map<String, Map<String, TrainingHistory>> groups = new LinkedHashMap<>();
        histories(dir).forEach((label, h) -> groups.computeIfAbsent(family(label), k -> new LinkedHashMap<>()).put(label, h));
        // One chart per compared family (Chen & Zhu's MyCNN versions apart from their Inception networks); a paper
        // with one family gets the paper's name alone.
        groups.forEach((family, runs) -> charts.addAll(ReportCharts.runComparison(
                groups.size() == 1 ? paper.id() : paper.id() + "-" + family, runs)));
        for (ChartImage c : charts) {
            AtomicFiles.write(dir.resolve(CHARTS).resolve(c.fileName()), out -> out.write(c.png()));
        }
        AtomicFiles.writeString(dir.resolve(JSON), toJson());
        AtomicFiles.writeString(dir.resolve(MARKDOWN), toMarkdown(charts));
    }

    /** The architecture family an experiment's model belongs to: {@code myCnn.v9} -> myCnn, {@code inceptionParaB} -> inception. */
    private String family(String experimentLabel) {
        String model = paper.experiments().stream().filter(e -> e.label().equals(experimentLabel)).findFirst()
                .orElseThrow().model();
        String head = model.contains(".") ? model.substring(0, model.indexOf('.')) : model;
        return head.startsWith("inception") ? "inception" : head;
    }

    /** Each finished run's training history, by experiment label, in the paper's order. */
    private Map<String, TrainingHistory> histories(Path dir) {
        Map<String, TrainingHistory> out = new LinkedHashMap<>();
        for (Experiment e : paper.experiments()) {
            ExperimentResult r = results.get(e.label());
            if (r != null && r.model() != null && Files.isRegularFile(dir.resolve(r.model()))) {
                out.put(e.label(), ModelFileInfo.read(dir.resolve(r.model())).history());
            }
        }
        return out;
    }

    public String toMarkdown() {
        return toMarkdown(List.of());
    }

    /** The results page, showing {@code charts} (written into {@value #CHARTS}) under "Validation curves". */
    public String toMarkdown(List<ChartImage> charts) {
        StringBuilder s = new StringBuilder();
        s.append("# Reproducing ").append(paper.citation()).append("\n\n");
        s.append("Run: ").append(settings.describe()).append(". ");
        if (shard.isAll()) {
            s.append(String.format(Locale.ROOT, "%d of %d experiments done.%n%n", results.size(), paper.experiments().size()));
        } else {
            s.append(String.format(Locale.ROOT, "Shard %s: %d of its %d experiments done; the others are other shards'"
                    + " (combine them with --merge).%n%n", shard, results.size(), shard.of(paper).size()));
        }
        if (settings.shortened()) {
            s.append("**Shortened run** (").append(settings.shortening())
                    .append("): our figures show what this budget reaches, not what the paper's recipe does.\n\n");
        }
        s.append("| Experiment | Model | Figure | Paper | Source | Ours | 95% CI | n |\n");
        s.append("|---|---|---|---:|---|---:|---|---:|\n");
        boolean anyLeaky = false;
        for (Experiment e : paper.experiments()) {
            ExperimentResult r = results.get(e.label());
            String model = "`" + e.model() + "`" + (e.overrides().isEmpty() ? "" : " " + e.overrides());
            for (int i = 0; i < e.figures().size(); i++) {
                PaperFigure f = e.figures().get(i);
                Row row = r == null ? null : r.rows().get(i);
                boolean leaky = row != null ? row.leaky() : f.measure().split().equals(Measure.POOLED_TEST);
                anyLeaky |= leaky;
                s.append("| ").append(i == 0 ? e.label() : "").append(" | ").append(i == 0 ? model : "")
                        .append(" | ").append(figureLabel(f.measure(), leaky))
                        .append(" | ").append(f.reported())
                        .append(" | ").append(f.source())
                        .append(" | ").append(row == null ? (mine(e) ? "pending" : "other shard") : ours(row))
                        .append(" | ").append(row == null ? "" : interval(row))
                        .append(" | ").append(row == null || row.n() == null ? "" : String.format(Locale.ROOT, "%,d", row.n()))
                        .append(" |\n");
            }
        }
        s.append('\n');
        if (anyLeaky) {
            s.append("**leaky**: the split pools all images and splits them at random, so augmented copies of one cell"
                    + " are in training and test; these figures overstate accuracy on new cells.\n\n");
        }
        s.append("Intervals: percentile bootstrap over the split's source cells where they are known (BCCD's, from the"
                + " bundled audit: copies of one cell are drawn together), else over its images (").append(settings.resamples())
                .append(" resamples); exact binomial where every resample gives 0 or 1. Paper figures are copied as"
                        + " printed; \"—\" means the paper gives no number.\n\n");
        if (!charts.isEmpty()) {
            s.append("## Validation curves\n\n");
            for (ChartImage c : charts) {
                s.append("![").append(c.title()).append("](").append(CHARTS).append('/').append(c.fileName()).append(")\n\n")
                        .append(c.caption()).append("\n\n");
            }
        }
        s.append("## Notes\n\n");
        paper.notes().forEach(n -> s.append("- ").append(n).append('\n'));
        if (!results.isEmpty()) {
            s.append("\n## Runs\n\n");
            for (ExperimentResult r : results.values()) {
                s.append(String.format(Locale.ROOT, "- **%s**: %d epoch%s, %s; %.0f s. Model `%s`, report `%s`.%n",
                        r.experiment().label(), r.epochs(), r.epochs() == 1 ? "" : "s", r.trainingData(), r.seconds(), r.model(),
                        r.report() + "/report.html"));
                r.warnings().forEach(w -> s.append("  - Warning: ").append(w).append('\n'));
            }
        }
        return s.toString();
    }

    public String toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("paper", paper.id());
        root.put("citation", paper.citation());
        if (shard.isAll()) {
            root.putNull("shard");
        } else {
            ObjectNode sh = root.putObject("shard");
            sh.put("index", shard.index());
            sh.put("count", shard.count());
        }
        ObjectNode run = root.putObject("settings");
        if (settings.epochs() == null) {
            run.putNull("epochs");
        } else {
            run.put("epochs", settings.epochs());
        }
        if (settings.limitPerClass() == null) {
            run.putNull("limitPerClass");
        } else {
            run.put("limitPerClass", settings.limitPerClass());
        }
        if (settings.testLimitPerClass() == null) {
            run.putNull("testLimitPerClass");
        } else {
            run.put("testLimitPerClass", settings.testLimitPerClass());
        }
        run.put("seed", settings.seed());
        run.put("bootstrapResamples", settings.resamples());
        run.put("shortened", settings.shortened());
        run.put("vgg16Weights", settings.vgg16Weights() == null ? null : settings.vgg16Weights().toString());
        ArrayNode experiments = root.putArray("experiments");
        for (Experiment e : paper.experiments()) {
            ExperimentResult r = results.get(e.label());
            ObjectNode x = experiments.addObject();
            x.put("label", e.label());
            x.put("model", e.model());
            x.put("overrides", e.overrides());
            x.put("status", r != null ? "done" : mine(e) ? "pending" : "other shard");
            if (r != null) {
                x.put("epochs", r.epochs());
                x.put("trainingData", r.trainingData());
                x.put("seconds", Math.round(r.seconds() * 10) / 10.0);
                x.put("modelFile", r.model());
                x.put("report", r.report());
                ArrayNode w = x.putArray("warnings");
                r.warnings().forEach(w::add);
            }
            ArrayNode rows = x.putArray("figures");
            for (int i = 0; i < e.figures().size(); i++) {
                PaperFigure f = e.figures().get(i);
                ObjectNode o = rows.addObject();
                o.put("figure", f.measure().label());
                o.put("kind", f.measure().kind().name());
                o.put("split", f.measure().split());
                o.put("class", f.measure().forClass() == null ? null : f.measure().forClass().name());
                o.put("paper", f.reported());
                if (f.value() == null) {
                    o.putNull("paperValue");
                } else {
                    o.put("paperValue", f.value());
                }
                o.put("source", f.source());
                if (r != null) {
                    Row row = r.rows().get(i);
                    o.put("leaky", row.leaky());
                    if (row.ours() == null) {
                        o.putNull("ours");
                    } else {
                        o.put("ours", row.ours());
                    }
                    if (row.interval() == null) {
                        o.putNull("interval");
                    } else {
                        ObjectNode ci = o.putObject("interval");
                        ci.put("lower", row.interval().lower());
                        ci.put("upper", row.interval().upper());
                        ci.put("level", row.interval().level());
                        ci.put("resamples", row.interval().resamples());
                        ci.put("method", row.interval().method().name());
                    }
                    if (row.n() == null) {
                        o.putNull("n");
                    } else {
                        o.put("n", row.n());
                    }
                }
            }
        }
        ArrayNode notes = root.putArray("notes");
        paper.notes().forEach(notes::add);
        return Json.write(root);
    }

    /**
     * Reads a table back from a reproduction's {@value #JSON}, its model and report paths as written
     * (relative to {@code dir}).
     *
     * @throws IllegalArgumentException when the file is missing or is another paper's
     */
    public static ReproductionTable read(PaperReproduction paper, Path dir) {
        Path file = dir.resolve(JSON);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " does not exist: give the --out folders of the shards' runs");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readString(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " is not a reproduction table: " + e.getMessage(), e);
        }
        if (!paper.id().equals(root.path("paper").asText())) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " is a reproduction of '" + root.path("paper").asText()
                    + "', not of " + paper.id());
        }
        JsonNode st = root.get("settings");
        RunSettings settings = new RunSettings(intOrNull(st.get("epochs")), intOrNull(st.get("limitPerClass")),
                intOrNull(st.get("testLimitPerClass")), st.get("seed").asLong(),
                st.get("vgg16Weights").isNull() ? null : Path.of(st.get("vgg16Weights").asText()),
                st.get("bootstrapResamples").asInt());
        JsonNode sh = root.path("shard");
        Shard shard = sh.isObject() ? new Shard(sh.get("index").asInt(), sh.get("count").asInt()) : Shard.ALL;
        ReproductionTable table = new ReproductionTable(paper, settings, shard);
        JsonNode experiments = root.get("experiments");
        for (int k = 0; k < paper.experiments().size(); k++) {
            Experiment e = paper.experiments().get(k);
            JsonNode x = experiments.get(k);
            if (x == null || !e.label().equals(x.get("label").asText())) {
                throw new IllegalArgumentException(file.toAbsolutePath() + " lists other experiments than " + paper.id()
                        + " has now (written by another version?): expected '" + e.label() + "' at position " + (k + 1));
            }
            if (!"done".equals(x.get("status").asText())) {
                continue;
            }
            List<Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < e.figures().size(); i++) {
                JsonNode o = x.get("figures").get(i);
                JsonNode ci = o.get("interval");
                ConfidenceInterval interval = ci.isNull() ? null : new ConfidenceInterval(ci.get("lower").asDouble(),
                        ci.get("upper").asDouble(), ci.get("level").asDouble(),
                        ci.has("resamples") ? ci.get("resamples").asInt() : settings.resamples(),
                        ConfidenceInterval.Method.valueOf(ci.get("method").asText()));
                rows.add(new Row(e.figures().get(i), o.get("ours").isNull() ? null : o.get("ours").asDouble(), interval,
                        o.get("n").isNull() ? null : o.get("n").asLong(), o.get("leaky").asBoolean()));
            }
            List<String> warnings = new java.util.ArrayList<>();
            x.get("warnings").forEach(w -> warnings.add(w.asText()));
            table.add(new ExperimentResult(e, x.get("epochs").asInt(), x.get("trainingData").asText(),
                    x.get("seconds").asDouble(), x.get("modelFile").asText(), x.get("report").asText(), rows, warnings));
        }
        return table;
    }

    /**
     * Combines the tables of a sharded run ({@code --shard 1/N} ... {@code N/N}, one folder each)
     * into one table for {@code out}, with every experiment's model and report paths pointing into
     * its shard's folder; {@link #writeTo} then writes it. Checks everything first: the shards must
     * be of the same paper and settings, and every shard of 1..N must be there exactly once.
     *
     * @throws IllegalArgumentException naming the folder that does not fit
     */
    public static ReproductionTable merge(PaperReproduction paper, List<Path> shardDirs, Path out) {
        if (shardDirs.isEmpty()) {
            throw new IllegalArgumentException("--merge needs the shards' folders");
        }
        List<ReproductionTable> tables = shardDirs.stream().map(d -> read(paper, d)).toList();
        int n = tables.get(0).shard().count();
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int i = 0; i < tables.size(); i++) {
            ReproductionTable t = tables.get(i);
            Path dir = shardDirs.get(i).toAbsolutePath();
            if (!t.settings().equals(tables.get(0).settings())) {
                throw new IllegalArgumentException(dir + " ran with other settings (" + t.settings().describe() + ") than "
                        + shardDirs.get(0).toAbsolutePath() + " (" + tables.get(0).settings().describe() + ")");
            }
            if (t.shard().count() != n) {
                throw new IllegalArgumentException(dir + " is shard " + t.shard() + ", but " + shardDirs.get(0).toAbsolutePath()
                        + " is shard " + tables.get(0).shard() + ": merge the shards of one run");
            }
            if (!seen.add(t.shard().index())) {
                throw new IllegalArgumentException(dir + " is shard " + t.shard() + ", given twice");
            }
        }
        List<Integer> missing = java.util.stream.IntStream.rangeClosed(1, n).filter(k -> !seen.contains(k)).boxed().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Shards " + missing.stream().map(k -> k + "/" + n).toList()
                    + " are missing: give every shard's folder");
        }
        ReproductionTable merged = new ReproductionTable(paper, tables.get(0).settings());
        for (Experiment e : paper.experiments()) {
            for (int i = 0; i < tables.size(); i++) {
                ExperimentResult r = tables.get(i).results.get(e.label());
                if (r != null) {
                    Path shardDir = shardDirs.get(i).toAbsolutePath();
                    Path base = out.toAbsolutePath();
                    merged.add(new ExperimentResult(r.experiment(), r.epochs(), r.trainingData(), r.seconds(),
                            base.relativize(shardDir.resolve(r.model())).toString(),
                            base.relativize(shardDir.resolve(r.report())).toString(), r.rows(), r.warnings()));
                }
            }
        }
        return merged;
    }

    private static Integer intOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asInt();
    }

    private static String figureLabel(Measure m, boolean leaky) {
        if (m.kind().perClass()) {
            return m.label() + " (" + m.split() + (leaky ? ", **leaky**" : "") + ")";
        }
        return m.label() + (leaky ? " (**leaky**)" : "");
    }

    private static String ours(Row row) {
        return row.ours() == null ? "undefined" : row.paper().measure().format(row.ours());
    }

    private static String interval(Row row) {
        ConfidenceInterval ci = row.interval();
        if (ci == null) {
            return "";
        }
        Measure m = row.paper().measure();
        return m.format(ci.lower()).replace("%", "") + "–" + m.format(ci.upper());
    }

}
