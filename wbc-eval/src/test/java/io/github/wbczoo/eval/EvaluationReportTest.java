package io.github.wbczoo.eval;

import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.SplitPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    private static final Evaluator EVALUATOR = new Evaluator(EvaluationSettings.defaults().withResamples(300));
    private static EvaluationReport report;

    @BeforeAll
    static void buildReport() {
        // TEST: 400 balanced images, good model; TEST_SIMPLE: 71 images in its natural mix, poor model,
        // and no monocyte at all so that its AUROC is undefined.
        SplitEvaluation test = EVALUATOR.evaluate("TEST", Fixtures.random(400, 1, 2.5));
        SplitEvaluation simple = EVALUATOR.evaluate("TEST_SIMPLE",
                Fixtures.random(71, 2, 0.2, new double[] {13 / 71.0, 10 / 71.0, 0, 48 / 71.0}));
        report = EvaluationReport.builder("resNet18").modelFacts(java.util.Map.of("architecture", "resNet18"))
                .history(Fixtures.history()).split(test).split(simple).build();
    }

    @Test
    void jsonHasTheStableLayout() throws Exception {
        JsonNode root = Json.mapper().readTree(report.toJson());
        assertThat(root.get("model").asText()).isEqualTo("resNet18");
        JsonNode test = root.get("splits").get("TEST");
        assertThat(test.get("n").asInt()).isEqualTo(400);
        assertThat(test.get("accuracy").asDouble()).isEqualTo(report.split("TEST").metrics().accuracy());
        assertThat(test.get("accuracyCi")).hasSize(2);
        assertThat(test.get("accuracyCi").get(0).asDouble()).isLessThan(test.get("accuracyCi").get(1).asDouble());
        for (String key : List.of("balancedAccuracy", "macroF1", "macroAuroc", "ece", "kappa", "macroF1Ci")) {
            assertThat(test.has(key)).as(key).isTrue();
            assertThat(test.get(key).isNull()).as(key).isFalse();
        }
        List<String> classes = new ArrayList<>();
        test.get("perClass").fieldNames().forEachRemaining(classes::add);
        assertThat(classes).containsExactlyElementsOf(ClassSet.BCCD.names());
        JsonNode eos = test.get("perClass").get("EOSINOPHIL");
        for (String key : List.of("precision", "recall", "f1", "support", "auroc", "recallCi")) {
            assertThat(eos.has(key)).as(key).isTrue();
        }
        assertThat(test.get("confusion")).hasSize(4);
        assertThat(test.get("confusion").get(0)).hasSize(4);
        long total = 0;
        for (JsonNode row : test.get("confusion")) {
            for (JsonNode v : row) {
                total += v.asLong();
            }
        }
        assertThat(total).isEqualTo(400);
        assertThat(test.get("calibration").get("bins")).hasSize(15);
        assertThat(test.get("bootstrap").get("resamples").asInt()).isEqualTo(300);
        assertThat(root.get("splits").has("TEST_SIMPLE")).isTrue();
        assertThat(root.get("comparisons").get(0).get("metrics").get("accuracy").has("intervalsOverlap")).isTrue();
        assertThat(root.get("history").get("epochs")).hasSize(12);
    }

    @Test
    void undefinedValuesAreNullInJson() throws Exception {
        JsonNode simple = Json.mapper().readTree(report.toJson()).get("splits").get("TEST_SIMPLE");
        JsonNode mono = simple.get("perClass").get("MONOCYTE");
        assertThat(mono.get("auroc").isNull()).isTrue();
        assertThat(mono.get("recall").isNull()).isTrue();
        assertThat(mono.get("recallCi").isNull()).isTrue();
        assertThat(mono.get("support").asInt()).isZero();
        assertThat(simple.get("aurocUndefinedFor").get(0).asText()).isEqualTo("MONOCYTE");
        assertThat(simple.get("confusionRowNormalised").get(2).get(0).isNull()).isTrue();
        assertThat(simple.get("roc").get("EOSINOPHIL").get("thresholds").get(0).isNull()).isTrue();   // +infinity
        assertThat(report.toJson()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void warningsSayWhatIsUndefinedAndWhatIsSmall() {
        assertThat(report.warnings())
                .anyMatch(w -> w.startsWith("Small split: TEST_SIMPLE has only 71 images (") && w.contains("0 MONOCYTE"))
                .anyMatch(w -> w.startsWith("Undefined AUROC on TEST_SIMPLE for MONOCYTE"))
                .noneMatch(w -> w.contains("Leaky"));
    }

    @Test
    void aLeakySplitPolicyIsStatedFirst() {
        EvaluationReport leaky = EvaluationReport.builder("depthwiseSeparable")
                .split(report.split("TEST")).splitPolicy(SplitPolicy.pooled(0.8, 0.1, 0.1)).build();
        assertThat(leaky.leakyTraining()).contains("pooled").contains("Rao");
        assertThat(leaky.warnings().get(0)).startsWith("Leaky split:").contains("overstate");
        assertThat(leaky.toMarkdown()).contains("Leaky split");
        EvaluationReport honest = EvaluationReport.builder("x").split(report.split("TEST"))
                .splitPolicy(SplitPolicy.validationFraction(0.2)).build();
        assertThat(honest.leakyTraining()).isNull();
    }

    @Test
    void collapsedPredictionsAreWarnedAbout() {
        int[] truth = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
        int[] predicted = new int[12];
        java.util.Arrays.fill(predicted, 1);
        EvaluationReport r = EvaluationReport.builder("myCnn")
                .split(EVALUATOR.evaluate("validation", Fixtures.fromClasses(truth, predicted))).build();
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("Collapsed predictions on validation"));
        assertThat(r.toHtml()).contains("class=\"collapse\"");
    }

    @Test
    void markdownHasRaosTableTheComparisonAndTheDefinitions() {
        String md = report.toMarkdown();
        assertThat(md).contains("# Evaluation of resNet18")
                .contains("| Target class | F1-score | Precision | Recall (95% CI) | Support | AUROC |")
                .contains("| MONOCYTE |")
                .contains("## TEST against TEST_SIMPLE")
                .contains("![TEST: confusion matrix](charts/confusion-TEST.png)")
                .contains("## Learning curves")
                .contains("15 equal-width")
                .contains("—");
    }

    @Test
    void writesHtmlJsonMarkdownAndChartsThatDecode(@TempDir Path dir) throws Exception {
        ReportFiles files = report.writeTo(dir);
        assertThat(files.json()).isRegularFile();
        assertThat(files.markdown()).isRegularFile();
        assertThat(files.html()).isRegularFile();
        List<String> names = files.charts().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).containsExactly("splits.png",
                "confusion-TEST.png", "roc-TEST.png", "reliability-TEST.png",
                "confusion-TEST_SIMPLE.png", "roc-TEST_SIMPLE.png", "reliability-TEST_SIMPLE.png",
                "learning-loss.png", "learning-accuracy.png", "learning-rate.png");
        for (Path chart : files.charts()) {
            ChartChecks.assertRealChart(chart);
        }
        String html = Files.readString(files.html());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("</html>");
        assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(files.charts().size() + 1);
        assertThat(html).doesNotContain("src=\"charts/");   // self-contained
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void buildingAReportChecksItsParts() {
        assertThatThrownBy(() -> EvaluationReport.builder("m").build()).hasMessageContaining("at least one evaluated split");
        assertThatThrownBy(() -> EvaluationReport.builder("m").split(report.split("TEST")).split(report.split("TEST")))
                .hasMessageContaining("added twice");
        assertThatThrownBy(() -> EvaluationReport.builder("m").split(report.split("TEST")).compare("TEST", "VAL").build())
                .hasMessageContaining("Cannot compare split 'VAL'");
        assertThatThrownBy(() -> report.split("VAL")).hasMessageContaining("[TEST, TEST_SIMPLE]");
    }
}
