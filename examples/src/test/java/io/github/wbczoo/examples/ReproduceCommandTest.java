package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./wbc reproduce} end to end on real images. Rao et al. is the paper with one experiment
 * and the richest table (per-class rows, a leaky split); 1 epoch on 4 images per class and 8 test
 * images per class keep it to seconds.
 */
class ReproduceCommandTest {
    static final String BCCD = "../../shared/bccd";

    @TempDir
    Path dir;

    @Test
    void raoWithTinyLimitsWritesTheTableTheModelAndItsReport() throws Exception {
        Path out = dir.resolve("rao");
        CliRunner.Result r = CliRunner.run("reproduce", "rao", "--data", BCCD, "--epochs", "1", "--limit-per-class", "4",
                "--test-limit-per-class", "8", "--resamples", "200", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Reproducing rao: 1 experiments").contains("small run, not timed")
                .contains("[1/1] Depthwise separable CNN, pooled split: depthwiseSeparable")
                .contains("Results: " + out.resolve("results.md").toAbsolutePath());

        JsonNode json = Json.mapper().readTree(Files.readString(out.resolve("results.json")));
        assertThat(json.get("paper").asText()).isEqualTo("rao");
        assertThat(json.get("settings").get("shortened").asBoolean()).isTrue();
        assertThat(json.get("settings").get("epochs").asInt()).isEqualTo(1);
        JsonNode experiment = json.get("experiments").get(0);
        assertThat(experiment.get("status").asText()).isEqualTo("done");
        assertThat(experiment.get("epochs").asInt()).isEqualTo(1);
        JsonNode figures = experiment.get("figures");
        // accuracy + 4 classes x (precision, recall, F1, support) + validation accuracy + macro-F1
        assertThat(figures).hasSize(19);
        JsonNode accuracy = figures.get(0);
        assertThat(accuracy.get("figure").asText()).isEqualTo("pooled test accuracy");
        assertThat(accuracy.get("paper").asText()).isEqualTo("97%");
        assertThat(accuracy.get("n").asInt()).isEqualTo(32);
        for (JsonNode f : figures) {
            assertThat(f.get("leaky").asBoolean()).as(f.get("figure").asText()).isTrue();
            assertThat(f.get("split").asText()).isEqualTo(f.get("kind").asText().equals("VALIDATION_ACCURACY")
                    ? "validation" : "pooled test");
            if (!f.get("ours").isNull() && !f.get("interval").isNull()) {
                double ours = f.get("ours").asDouble();
                assertThat(f.get("interval").get("lower").asDouble()).isLessThanOrEqualTo(ours);
                assertThat(f.get("interval").get("upper").asDouble()).isGreaterThanOrEqualTo(ours);
            }
            if (f.get("kind").asText().equals("SUPPORT")) {
                assertThat(f.get("ours").asInt()).as("test images per class").isEqualTo(8);
            }
        }
        JsonNode validation = figures.get(17);
        assertThat(validation.get("figure").asText()).isEqualTo("validation accuracy (kept epoch)");
        assertThat(validation.get("paper").asText()).isEqualTo("98%");
        assertThat(validation.get("ours").asDouble()).isBetween(0.0, 1.0);
        JsonNode macroF1 = figures.get(18);
        assertThat(macroF1.get("figure").asText()).isEqualTo("pooled test macro-F1");
        assertThat(macroF1.get("source").asText()).isEqualTo("Conclusion");
        assertThat(macroF1.get("interval").isNull()).isFalse();
        JsonNode eosinophilPrecision = figures.get(1);
        assertThat(eosinophilPrecision.get("figure").asText()).isEqualTo("EOSINOPHIL precision");
        assertThat(eosinophilPrecision.get("paper").asText()).isEqualTo("0.96");
        assertThat(eosinophilPrecision.get("source").asText()).isEqualTo("Table I");

        String markdown = Files.readString(out.resolve("results.md"));
        assertThat(markdown).contains("| Experiment | Model | Figure | Paper | Source | Ours | 95% CI | n |")
                .contains("| pooled test accuracy (**leaky**) | 97% | Abstract | ")
                .contains("**Shortened run**").contains("LEAKY: the paper pools all 12,515 images");

        Path model = out.resolve(experiment.get("modelFile").asText());
        WbcModel loaded = WbcModel.load(model);
        assertThat(loaded.architecture()).isEqualTo("depthwiseSeparable");
        assertThat(loaded.trainedOnLeakySplit()).isTrue();
        JsonNode report = Json.mapper().readTree(Files.readString(out.resolve(experiment.get("report").asText())
                .resolve("report.json")));
        assertThat(report.get("splits").get("pooled test").get("n").asInt()).isEqualTo(32);
        assertThat(report.get("splits").get("pooled test").get("leaky").asBoolean()).isTrue();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }

        // A second run must not overwrite the first one's results.
        CliRunner.Result again = CliRunner.run("reproduce", "rao", "--data", BCCD, "--epochs", "1", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err().strip()).endsWith("results.json already exists: choose another --out (or delete the folder)"
                + " to run again");
    }

    /**
     * Sarkar's three losses, two epochs each under the paper's protocol: one chart compares their
     * validation curves; the same grid run as three shards and merged gives the same table.
     */
    @Test
    void sarkarComparesItsThreeLossesOnOneValidationChartAndShardsMergeIntoTheSameTable() throws Exception {
        Path out = dir.resolve("sarkar");
        CliRunner.Result r = CliRunner.run("reproduce", "sarkar", "--data", BCCD, "--epochs", "2", "--limit-per-class", "4",
                "--test-limit-per-class", "4", "--resamples", "50", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String markdown = Files.readString(out.resolve("results.md"));
        assertThat(markdown).contains("## Validation curves")
                .contains("![Validation accuracy per epoch, all runs](charts/sarkar-validation-accuracy.png)")
                .contains("split=validation on TEST").contains("no separate test set");
        for (String chart : List.of("charts/sarkar-validation-accuracy.png", "charts/sarkar-validation-loss.png")) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve(chart).toFile());
            assertThat(img).as(chart).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(400);
        }
        JsonNode json = Json.mapper().readTree(Files.readString(out.resolve("results.json")));
        assertThat(json.get("experiments")).hasSize(3).allMatch(e -> e.get("status").asText().equals("done"));

        // The same grid as three shards, one experiment each, run separately and merged: the same table.
        List<String> shardDirs = new java.util.ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Path shardOut = dir.resolve("shard" + k);
            CliRunner.Result s = CliRunner.run("reproduce", "sarkar", "--data", BCCD, "--epochs", "2", "--limit-per-class", "4",
                    "--test-limit-per-class", "4", "--resamples", "50", "--shard", k + "/3", "--out", shardOut.toString());
            assertThat(s.exitCode()).as(s.err()).isZero();
            assertThat(s.out()).contains("Shard " + k + "/3: 1 of the paper's 3 experiments");
            JsonNode shard = Json.mapper().readTree(Files.readString(shardOut.resolve("results.json")));
            assertThat(shard.get("shard").get("index").asInt()).isEqualTo(k);
            for (int e = 0; e < 3; e++) {
                assertThat(shard.get("experiments").get(e).get("status").asText()).isEqualTo(e == k - 1 ? "done" : "other shard");
            }
            shardDirs.add(shardOut.toString());
        }
        Path merged = dir.resolve("merged");
        List<String> mergeArgs = new java.util.ArrayList<>(List.of("reproduce", "sarkar", "--out", merged.toString(), "--merge"));
        mergeArgs.addAll(List.of(shardDirs.get(2), shardDirs.get(0), shardDirs.get(1))); // any order
        CliRunner.Result m = CliRunner.run(mergeArgs.toArray(String[]::new));
        assertThat(m.exitCode()).as(m.err()).isZero();
        assertThat(m.out()).contains("Merged 3 shards: 3 of 3 experiments done.");
        JsonNode all = Json.mapper().readTree(Files.readString(merged.resolve("results.json")));
        assertThat(all.get("shard").isNull()).isTrue();
        assertThat(all.get("settings")).isEqualTo(json.get("settings"));
        for (int e = 0; e < 3; e++) {
            JsonNode ours = all.get("experiments").get(e);
            JsonNode unsharded = json.get("experiments").get(e);
            assertThat(ours.get("figures")).as(ours.get("label").asText()).isEqualTo(unsharded.get("figures"));
            assertThat(ours.get("trainingData")).isEqualTo(unsharded.get("trainingData"));
            assertThat(merged.resolve(ours.get("modelFile").asText()).normalize())
                    .isEqualTo(dir.resolve("shard" + (e + 1)).resolve(unsharded.get("modelFile").asText()));
            assertThat(merged.resolve(ours.get("modelFile").asText())).isRegularFile();
        }
        assertThat(merged.resolve("charts/sarkar-validation-accuracy.png")).isRegularFile();

        CliRunner.Result incomplete = CliRunner.run("reproduce", "sarkar", "--out", dir.resolve("m2").toString(), "--merge",
                shardDirs.get(0), shardDirs.get(1));
        assertThat(incomplete.exitCode()).isEqualTo(2);
        assertThat(incomplete.err()).contains("Shards [3/3] are missing: give every shard's folder");
        assertThat(dir.resolve("m2")).doesNotExist();
        CliRunner.Result twice = CliRunner.run("reproduce", "sarkar", "--out", dir.resolve("m3").toString(), "--merge",
                shardDirs.get(0), shardDirs.get(0), shardDirs.get(1));
        assertThat(twice.err()).contains("is shard 1/3, given twice");
        CliRunner.Result badShard = CliRunner.run("reproduce", "sarkar", "--data", BCCD, "--shard", "4/3", "--dry-run");
        assertThat(badShard.exitCode()).isEqualTo(2);
        assertThat(badShard.err()).contains("--shard must be K/N with 1 <= K <= N, got 4/3");
    }

    @Test
    void dryRunPrintsThePlanWithTheVggWarningAndWritesNothing() {
        Path out = dir.resolve("anderson");
        CliRunner.Result r = CliRunner.run("reproduce", "anderson", "--data", BCCD, "--dry-run", "--epochs", "1",
                "--limit-per-class", "10", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("  VGG16 with global average pooling") && l.contains("vgg16Gap")
                && l.contains("1 epochs") && l.contains("train     40") && l.contains("small run, not timed"));
        assertThat(lines).anyMatch(l -> l.contains("before global average pooling") && l.contains("vgg16Gap.beforeGap"));
        assertThat(r.out()).contains("WARNING: no --vgg16-weights: vgg16Gap.paper, vgg16Gap.beforeGap, vgg16Gap will train"
                + " from scratch")
                .doesNotContain("WARNING: these are the papers' full recipes");
        assertThat(out).doesNotExist();
    }

    @Test
    void aLargerRunIsTimedAndEstimatedBeforeAnythingIsTrained() {
        // 1 epoch on 200 images per class is over the small-run threshold, so each model is timed.
        CliRunner.Result r = CliRunner.run("reproduce", "sarkar", "--data", BCCD, "--dry-run", "--epochs", "1",
                "--limit-per-class", "200");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> experiments = r.out().lines().filter(l -> l.contains(" unetEncoder ")).toList();
        assertThat(experiments).hasSize(3).allSatisfy(l -> assertThat(l).contains("train    800").containsPattern(
                " [0-9]+\\.[0-9] img/s  ~[0-9.]+ (s|min|h)$"));
        assertThat(r.out()).containsPattern("Estimated time: ~[0-9.]+ (s|min|h) on this machine")
                .doesNotContain("WARNING: these are the papers' full recipes");
    }
}
