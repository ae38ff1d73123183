package io.github.wbczoo.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.AtomicFiles;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.WbcEnsemble;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a shipped model is and how well it does, for people deciding whether to use it: the
 * architecture and preprocessing, the training data and protocol, the figures on each evaluated
 * split (per image and per source cell, with cell-level intervals, per-class recall, calibration),
 * the known limits, and the exact command that reproduces it. Written as {@code card.md} (for
 * people) and {@code card.json} (for tests: the shipped model must give exactly its figures).
 *
 * <p>Usage: {@code ModelCard.of("myCnn.v9", model, report, "./wbc train ...").writeTo(dir);}
 *
 * @param name       the registry name
 * @param model      architecture, trainable parameters, input, classes, weights epoch, training split
 * @param splits     per evaluated split: images, cells, correct images, accuracy and its intervals
 * @param command    the command that trained it
 * @param markdown   the card for people
 */
public record ModelCard(@JsonProperty("name") String name, @JsonProperty("model") Map<String, Object> model,
                        @JsonProperty("splits") Map<String, SplitFigures> splits, @JsonProperty("command") String command,
                        String markdown) {

    /**
     * One split's headline figures.
     *
     * @param images          images
     * @param cells           source cells (images when unknown)
     * @param correct         images classified right
     * @param accuracy        share right
     * @param accuracyCi      95% interval resampling cells (images when cells are unknown)
     * @param cellAccuracy    per-cell vote by mean probability, or null when cells are unknown
     * @param balancedAccuracy mean recall of the classes present
     * @param recall          per-class recall
     * @param support         per-class images
     * @param cellSupport     per-class source cells (0 when cells are unknown)
     * @param ece             expected calibration error
     */
    public record SplitFigures(@JsonProperty("images") int images, @JsonProperty("cells") int cells,
                               @JsonProperty("correct") long correct, @JsonProperty("accuracy") double accuracy,
                               @JsonProperty("accuracyCi") double[] accuracyCi,
                               @JsonProperty("cellAccuracy") Double cellAccuracy,
                               @JsonProperty("balancedAccuracy") double balancedAccuracy,
                               @JsonProperty("recall") Map<String, Double> recall,
                               @JsonProperty("support") Map<String, Long> support,
                               @JsonProperty("cellSupport") Map<String, Long> cellSupport, @JsonProperty("ece") double ece) {
    }

    /** What no figure here can show: stated on every card. */
    public static final List<String> LIMITS = List.of(
            "Trained and tested on one dataset (Kaggle BCCD dataset2-master): one stain, one microscope and camera, cells"
                    + " already cropped and centred; expect lower figures on other labs' smears until fine-tuned on them.",
            "Four classes (eosinophil, lymphocyte, monocyte, neutrophil): basophils, blasts, immature granulocytes and"
                    + " artefacts are always called one of the four.",
            "TEST's 2,487 images are augmented copies of 71 cells, TEST_SIMPLE's 71 images are those cells' originals:"
                    + " the intervals count cells, and they are wide.",
            "For research use. Not a medical device; not for diagnosis.");

    public ModelCard {
        Objects.requireNonNull(name, "name");
        // unmodifiable in their order; a value may be null (e.g. no monitor)
        model = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(model));
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
        Objects.requireNonNull(command, "command");
    }

    /** The card of a model evaluated in {@code report} (e.g. on TEST and TEST_SIMPLE), trained by {@code command}. */
    public static ModelCard of(String name, WbcModel model, EvaluationReport report, String command) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", model.architecture());
        m.put("trainableParams", model.trainableParams());
        m.put("input", model.dataConfig().sizeLabel() + " " + model.dataConfig().normalization());
        m.put("classes", model.classes().names());
        m.put("weightsEpoch", model.weightsEpoch());
        m.put("epochsTrained", model.history().isEmpty() ? 0 : model.history().last().epoch());
        m.put("monitor", model.history().monitor());
        m.put("trainingSplit", model.notes().getOrDefault(WbcModel.SPLIT_NOTE, "unknown"));
        String about = String.format(Locale.ROOT, "%s, %,d trainable parameters; input %s; classes %s.", m.get("architecture"),
                (Long) m.get("trainableParams"), m.get("input"), String.join(", ", model.classes().names()));
        String training = m.get("trainingSplit") + ". Weights of epoch " + m.get("weightsEpoch") + " of "
                + m.get("epochsTrained") + " (best " + m.get("monitor") + ").";
        Map<String, SplitFigures> figures = figures(report);
        return new ModelCard(name, m, figures, command, markdown(name, about, training, figures, report, command,
                model.classes()));
    }

    /**
     * The card of an ensemble evaluated in {@code report}: its members (each with its own card and
     * training command) and the figures of their averaged probabilities; {@code command} reproduces the members.
     */
    public static ModelCard ofEnsemble(String name, WbcEnsemble ensemble, EvaluationReport report, String command) {
        List<String> members = ensemble.members().stream().map(WbcModel::architecture).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", ensemble.name());
        m.put("members", members);
        m.put("trainableParams", ensemble.members().stream().mapToLong(WbcModel::trainableParams).sum());
        m.put("input", String.join(" and ", ensemble.members().stream()
                .map(x -> x.dataConfig().sizeLabel() + " " + x.dataConfig().normalization()).toList()));
        m.put("classes", ensemble.classes().names());
        m.put("combination", "mean of the members' class probabilities, equal weights");
        String about = String.format(Locale.ROOT, "The mean of the class probabilities of %s, each with its own input (%s);"
                        + " %,d trainable parameters in all; classes %s.", String.join(" and ", members),
                m.get("input"), (Long) m.get("trainableParams"), String.join(", ", ensemble.classes().names()));
        String training = "Each member was trained on its own, with its own validation split (see its card); nothing"
                + " about the combination was fitted: equal weights.";
        Map<String, SplitFigures> figures = figures(report);
        return new ModelCard(name, m, figures, command, markdown(name, about, training, figures, report, command,
                ensemble.classes()));
    }

    private static Map<String, SplitFigures> figures(EvaluationReport report) {
        Map<String, SplitFigures> figures = new LinkedHashMap<>();
        for (SplitEvaluation s : report.splits().values()) {
            Map<String, Double> recall = new LinkedHashMap<>();
            Map<String, Long> support = new LinkedHashMap<>();
            Map<String, Long> cellSupport = new LinkedHashMap<>();
            Predictions p = s.predictions();
            for (ClassMetrics c : s.metrics().perClass()) {
                recall.put(c.type().name(), c.recall());
                support.put(c.type().name(), c.support());
                cellSupport.put(c.type().name(), p.hasGroups() ? p.groupCount(i -> p.trueClass(i).equals(c.type())) : 0L);
            }
            ConfidenceInterval ci = s.bootstrap().accuracy();
            figures.put(s.name(), new SplitFigures(s.n(), s.cells(), s.confusion().correct(), s.metrics().accuracy(),
                    new double[] {ci.lower(), ci.upper()}, s.cellAccuracy(), s.metrics().balancedAccuracy(), recall, support,
                    cellSupport, s.calibration().expectedCalibrationError()));
        }
        return figures;
    }

    private static String markdown(String name, String about, String training, Map<String, SplitFigures> figures,
                                   EvaluationReport report, String command, ClassSet classes) {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(name).append(" trained on BCCD\n\n");
        s.append(about).append("\n\n");
        s.append("**Training.** ").append(training).append("\n\n");
        s.append("| split | images / cells | right | accuracy (95% CI by cell) | per cell | balanced accuracy | ECE |\n");
        s.append("|---|---|---:|---|---:|---:|---:|\n");
        figures.forEach((split, f) -> s.append(String.format(Locale.ROOT, "| %s | %,d / %,d | %d | %.1f%% (%.1f-%.1f%%) | %s |"
                        + " %.1f%% | %.3f |%n", split, f.images(), f.cells(), f.correct(), 100 * f.accuracy(),
                100 * f.accuracyCi()[0], 100 * f.accuracyCi()[1],
                f.cellAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * f.cellAccuracy()),
                100 * f.balancedAccuracy(), f.ece())));
        s.append("\nPer-class recall (images / source cells of the class):\n\n| split |");
        classes.names().forEach(c -> s.append(' ').append(c).append(" |"));
        s.append("\n|---|").append("---:|".repeat(classes.size())).append('\n');
        figures.forEach((split, f) -> {
            s.append("| ").append(split).append(" |");
            for (String c : classes.names()) {
                Double r = f.recall().get(c);
                long cells = f.cellSupport().getOrDefault(c, 0L);
                s.append(r == null ? " - |" : String.format(Locale.ROOT, " %.1f%% (%d / %s) |", 100 * r, f.support().get(c),
                        cells == 0 ? "-" : Long.toString(cells)));
            }
            s.append('\n');
        });
        s.append("\n**Known limits.**\n\n");
        LIMITS.forEach(l -> s.append("- ").append(l).append('\n'));
        report.warnings().forEach(w -> s.append("- ").append(w).append('\n'));
        s.append("\n**Reproduce.**\n\n```bash\n").append(command).append("\n```\n");
        return s.toString();
    }

    /** Writes {@code card.md} and {@code card.json} into {@code dir}, atomically each. */
    public void writeTo(Path dir) {
        AtomicFiles.writeString(dir.resolve("card.md"), markdown);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("model", model);
        json.put("splits", splits);
        json.put("command", command);
        AtomicFiles.writeString(dir.resolve("card.json"), Json.write(json));
    }
}
