package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./wbc train} -> {@code ./wbc evaluate} -> {@code ./wbc predict} through the CLI entry
 * point on real BCCD images, with the fastest model that still exercises the whole pipeline
 * ({@code basicCnn} at 40x30, 2 epochs on 8 images per class: seconds on 2 cores).
 */
class TrainEvaluatePredictEndToEndTest {
    static final Path BCCD = Path.of("../../shared/bccd");
    static final Path TEST_SIMPLE = BCCD.resolve("dataset2-master/images/TEST_SIMPLE");

    @TempDir
    Path dir;

    @Test
    void aModelTrainedByTheCliIsEvaluatedAndPredictsThroughTheCli() throws Exception {
        Path run = dir.resolve("run");
        CliRunner.Result train = CliRunner.run("train", "--model", "basicCnn", "--data", BCCD.toString(), "--input-size", "40x30",
                "--epochs", "2", "--limit-per-class", "8", "--out", run.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("Training basicCnn").contains("limited to 8 training images per class (train 32,"
                + " validation 9)").contains("Validation accuracy");
        Path modelFile = run.resolve("model.wbc");
        assertThat(modelFile).isRegularFile();
        JsonNode history = Json.mapper().readTree(Files.readString(run.resolve("history.json")));
        assertThat(history.get("epochs")).hasSize(2);
        assertThat(history.get("epochs").get(1).get("epoch").asInt()).isEqualTo(2);
        assertThat(history.get("epochs").get(1).has("valAccuracy")).isTrue();
        JsonNode validation = Json.mapper().readTree(Files.readString(run.resolve("validation/report.json")));
        assertThat(validation.get("model").asText()).isEqualTo("basicCnn");
        assertThat(validation.get("splits").get("validation").get("n").asInt()).isEqualTo(9);
        // validation is whole source cells of TRAIN, and its interval resamples them
        assertThat(validation.get("splits").get("validation").get("cellsKnown").asBoolean()).isTrue();
        assertThat(validation.get("splits").get("validation").get("cells").asInt()).isBetween(1, 9);
        assertThat(run.resolve("validation/report.html")).isRegularFile();

        WbcModel model = WbcModel.load(modelFile);
        assertThat(model.architecture()).isEqualTo("basicCnn");
        assertThat(model.dataConfig().width()).isEqualTo(40);
        assertThat(model.dataConfig().height()).isEqualTo(30);
        assertThat(model.history().epochs()).hasSize(2);

        Path eval = run.resolve("eval");
        CliRunner.Result evaluate = CliRunner.run("evaluate", "--model", modelFile.toString(), "--data", BCCD.toString(),
                "--splits", "TEST_SIMPLE", "--resamples", "100", "--out", eval.toString());

        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("Evaluating basicCnn on TEST_SIMPLE (71 images)");
        JsonNode report = Json.mapper().readTree(Files.readString(eval.resolve("report.json")));
        JsonNode simple = report.get("splits").get("TEST_SIMPLE");
        assertThat(simple.get("n").asInt()).isEqualTo(71);
        double accuracy = simple.get("accuracy").asDouble();
        assertThat(simple.get("accuracyCi").get(0).asDouble()).isLessThanOrEqualTo(accuracy);
        assertThat(simple.get("accuracyCi").get(1).asDouble()).isGreaterThanOrEqualTo(accuracy);
        assertThat(simple.get("perClass").get("NEUTROPHIL").get("support").asInt()).isEqualTo(48);
        assertThat(report.get("modelFacts").get("epochs trained").asText()).isEqualTo("2");

        List<Path> cells;
        try (Stream<Path> s = Files.list(TEST_SIMPLE.resolve("MONOCYTE"))) {
            cells = s.sorted().limit(3).toList();
        }
        Path csv = run.resolve("predictions.csv");
        CliRunner.Result predict = CliRunner.run("predict", "--model", modelFile.toString(), cells.get(0).toString(),
                cells.get(1).toString(), cells.get(2).toString(), "--csv", csv.toString());

        assertThat(predict.exitCode()).as(predict.err()).isZero();
        assertThat(predict.err()).isEmpty();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(4);
        // The CLI's figures are the library's: same decoding, preprocessing and network.
        Prediction expected = model.predict(cells.get(0));
        String[] first = lines.get(1).split(",");
        assertThat(first[0]).isEqualTo(cells.get(0).toString());
        assertThat(first[1]).isEqualTo(expected.predicted().name());
        for (int c = 0; c < 4; c++) {
            assertThat(Double.parseDouble(first[2 + c])).isCloseTo(expected.probabilities()[c], within(1e-5));
        }
    }
}
