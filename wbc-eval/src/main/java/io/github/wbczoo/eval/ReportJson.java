package io.github.wbczoo.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.Json;

/**
 * The JSON form of an {@link EvaluationReport}. Keys are fixed and written in a fixed order;
 * undefined values are {@code null} (never NaN, which JSON lacks). Layout:
 * <pre>
 * {"model", "modelFacts": {...}, "leakyTraining": null | "why", "warnings": [...],
 *  "splits": {"TEST": {"n", "cells", "leaky", "accuracy", "accuracyCi": [lo, hi] (cells resampled when known),
 *                      "accuracyCiMethod", "accuracyCiImages": [lo, hi] (images resampled), "balancedAccuracy", "kappa",
 *                      "macroPrecision", "macroRecall", "macroF1", "macroF1Ci", "weightedPrecision",
 *                      "weightedRecall", "weightedF1", "macroAuroc", "aurocUndefinedFor": [...], "ece", "mce",
 *                      "perClass": {"EOSINOPHIL": {"precision", "precisionCi", "recall", "recallCi", "recallCiMethod",
 *                                                  "f1", "f1Ci", "support",
 *                                                  "predicted", "auroc"}, ...},
 *                      "confusion": [[...]], "confusionRowNormalised": [[...]],
 *                      "roc": {"EOSINOPHIL": {"fpr": [...], "tpr": [...], "thresholds": [...]}, ...},
 *                      "calibration": {"bins": [{"lower", "upper", "count", "confidence", "accuracy"}, ...]},
 *                      "bootstrap": {"resamples", "seed", "level"},
 *                      "collapse": null | {"class", "predictedShare", "trueShare", "message"},
 *                      "misclassified": [{"index", "path", "true", "predicted", "confidence", "probabilities": {...}}]},
 *             ...},
 *  "comparisons": [{"first", "second", "summary", "metrics": {"accuracy": {"first", "second", "difference",
 *                   "firstCi", "secondCi", "differenceCi", "intervalsOverlap"}, ...}}],
 *  "history": null | {"epochs": [...], "stopReason"}}
 * </pre>
 *
 * <p>Usage: {@code String json = ReportJson.write(report);}
 */
final class ReportJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {
    }

    static String write(EvaluationReport report) {
        return Json.write(tree(report));
    }

    static ObjectNode tree(EvaluationReport report) {
        ObjectNode root = NODES.objectNode();
        root.put("model", report.model());
        ObjectNode facts = root.putObject("modelFacts");
        report.modelFacts().forEach(facts::put);
        root.put("leakyTraining", report.leakyTraining());
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        ObjectNode splits = root.putObject("splits");
        for (SplitEvaluation s : report.splits().values()) {
            splits.set(s.name(), split(s));
        }
        ArrayNode comparisons = root.putArray("comparisons");
        for (SplitComparison c : report.comparisons()) {
            comparisons.add(comparison(c));
        }
        root.set("history", report.history() == null ? NODES.nullNode() : history(report));
        return root;
    }

    private static ObjectNode split(SplitEvaluation s) {
        ClassificationMetrics m = s.metrics();
        ObjectNode o = NODES.objectNode();
        o.put("n", s.n());
        o.put("cells", s.cells());
        o.put("cellsKnown", s.cellsKnown());
        o.set("cellAccuracy", number(s.cellAccuracy()));
        o.put("leaky", s.leaky());
        o.set("accuracy", number(m.accuracy()));
        o.set("accuracyCi", interval(s.bootstrap().accuracy()));
        o.put("accuracyCiMethod", method(s.bootstrap().accuracy()));
        o.set("accuracyCiImages", interval(s.bootstrap().accuracyImages()));
        o.set("balancedAccuracyCi", interval(s.bootstrap().balancedAccuracy()));
        o.set("macroAurocCi", interval(s.bootstrap().macroAuc()));
        o.set("balancedAccuracy", number(m.balancedAccuracy()));
        o.set("kappa", number(m.kappa()));
        o.set("macroPrecision", number(m.macro().precision()));
        o.set("macroRecall", number(m.macro().recall()));
        o.set("macroF1", number(m.macro().f1()));
        o.set("macroF1Ci", interval(s.bootstrap().macroF1()));
        o.set("weightedPrecision", number(m.weighted().precision()));
        o.set("weightedRecall", number(m.weighted().recall()));
        o.set("weightedF1", number(m.weighted().f1()));
        o.set("macroAuroc", number(s.roc().macroAuc()));
        ArrayNode excluded = o.putArray("aurocUndefinedFor");
        s.roc().excluded().forEach(c -> excluded.add(c.name()));
        o.set("ece", number(s.calibration().expectedCalibrationError()));
        o.set("mce", number(s.calibration().maximumCalibrationError()));

        ObjectNode perClass = o.putObject("perClass");
        for (ClassMetrics c : m.perClass()) {
            ObjectNode row = perClass.putObject(c.type().name());
            row.set("precision", number(c.precision()));
            row.set("recall", number(c.recall()));
            row.set("recallCi", interval(s.bootstrap().recall(c.type())));
            row.put("recallCiMethod", method(s.bootstrap().recall(c.type())));
            row.set("precisionCi", interval(s.bootstrap().precision(c.type())));
            row.set("f1", number(c.f1()));
            row.set("f1Ci", interval(s.bootstrap().f1(c.type())));
            row.put("support", c.support());
            row.put("predicted", c.predicted());
            row.set("auroc", number(s.roc().of(c.type()).auc()));
        }

        ArrayNode confusion = o.putArray("confusion");
        for (long[] row : s.confusion().counts()) {
            ArrayNode r = confusion.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        ArrayNode normalised = o.putArray("confusionRowNormalised");
        for (double[] row : s.confusion().rowNormalised()) {
            normalised.add(numbers(row));
        }

        ObjectNode roc = o.putObject("roc");
        for (RocCurve c : s.roc().curves()) {
            ObjectNode curve = roc.putObject(c.type().name());
            curve.set("fpr", numbers(c.falsePositiveRates()));
            curve.set("tpr", numbers(c.truePositiveRates()));
            curve.set("thresholds", numbers(c.thresholds()));
        }

        ObjectNode calibration = o.putObject("calibration");
        ArrayNode bins = calibration.putArray("bins");
        for (ReliabilityBin b : s.calibration().bins()) {
            ObjectNode bin = bins.addObject();
            bin.put("lower", b.lower());
            bin.put("upper", b.upper());
            bin.put("count", b.count());
            bin.set("confidence", number(b.confidence()));
            bin.set("accuracy", number(b.accuracy()));
        }

        ObjectNode bootstrap = o.putObject("bootstrap");
        bootstrap.put("resamples", s.bootstrap().resamples());
        bootstrap.put("seed", s.bootstrap().seed());
        bootstrap.put("level", s.bootstrap().level());
        bootstrap.put("resampled", s.bootstrap().clustered() ? "cells" : "images");

        o.set("collapse", s.collapse().<JsonNode>map(c -> {
            ObjectNode n = NODES.objectNode();
            n.put("class", c.dominant().name());
            n.put("predictedShare", c.predictedShare());
            n.put("trueShare", c.trueShare());
            n.put("message", c.message());
            return n;
        }).orElse(NODES.nullNode()));

        ArrayNode mistakes = o.putArray("misclassified");
        for (Misclassification x : s.misclassified()) {
            ObjectNode n = mistakes.addObject();
            n.put("index", x.index());
            n.put("path", x.path() == null ? null : x.path().toString());
            n.put("true", x.actual().name());
            n.put("predicted", x.predicted().name());
            n.put("confidence", x.confidence());
            ObjectNode probs = n.putObject("probabilities");
            double[] p = x.probabilities();
            for (CellClass c : s.classes().classes()) {
                probs.put(c.name(), p[c.index()]);
            }
        }
        return o;
    }

    private static ObjectNode comparison(SplitComparison c) {
        ObjectNode o = NODES.objectNode();
        o.put("first", c.first().name());
        o.put("second", c.second().name());
        o.put("summary", c.summary());
        ObjectNode metrics = o.putObject("metrics");
        for (ComparedMetric m : c.metrics()) {
            ObjectNode n = metrics.putObject(m.metric());
            n.set("first", number(m.first()));
            n.set("second", number(m.second()));
            n.set("difference", number(m.difference()));
            n.set("firstCi", interval(m.firstInterval()));
            n.set("secondCi", interval(m.secondInterval()));
            n.set("differenceCi", interval(m.differenceInterval()));
            n.set("intervalsOverlap", m.intervalsOverlap() == null ? NODES.nullNode() : NODES.booleanNode(m.intervalsOverlap()));
        }
        return o;
    }

    private static ObjectNode history(EvaluationReport report) {
        ObjectNode o = NODES.objectNode();
        ArrayNode epochs = o.putArray("epochs");
        for (EpochRecord e : report.history().epochs()) {
            ObjectNode n = epochs.addObject();
            n.put("epoch", e.epoch());
            n.set("trainLoss", number(e.trainLoss()));
            n.set("trainAccuracy", number(e.trainAccuracy()));
            n.set("valLoss", number(e.valLoss()));
            n.set("valAccuracy", number(e.valAccuracy()));
            n.set("learningRate", number(e.learningRate()));
        }
        o.put("stopReason", report.history().stopReason());
        return o;
    }

    /** A number, or null for an undefined (null, NaN or infinite) value. */
    static JsonNode number(Double v) {
        return v == null || !Double.isFinite(v) ? NODES.nullNode() : NODES.numberNode(v);
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode a = NODES.arrayNode();
        for (double v : values) {
            a.add(number(v));
        }
        return a;
    }

    /** "bootstrap", "exact" (Clopper-Pearson, for all or none right), or null when there is no interval. */
    private static String method(ConfidenceInterval ci) {
        return ci == null ? null : ci.exact() ? "exact" : "bootstrap";
    }

    private static JsonNode interval(ConfidenceInterval ci) {
        if (ci == null) {
            return NODES.nullNode();
        }
        ArrayNode a = NODES.arrayNode();
        a.add(ci.lower());
        a.add(ci.upper());
        return a;
    }
}
