package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code ./wbc evaluate} end to end on the real TEST_SIMPLE images with a tiny untrained model. */
class EvaluateCommandTest {
    static final Path BCCD = Path.of("../../shared/bccd");

    @TempDir
    Path dir;

    private Path tinyModel(String splitNote) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 3)).build());
        net.init();
        WbcModel model = WbcModel.of("tiny", net, new DataConfig(8, 8, 3, ChannelLayout.FLAT, Normalization.divideBy255()));
        if (splitNote != null) {
            model.notes().put("split", splitNote);
        }
        Path file = dir.resolve("tiny.wbc");
        model.save(file);
        return file;
    }

    @Test
    void writesTheReportForTestSimpleWithEveryImageAccountedFor() throws Exception {
        Path out = dir.resolve("eval");
        CliRunner.Result r = CliRunner.run("evaluate", "--model", tinyModel(null).toString(), "--data", BCCD.toString(),
                "--splits", "test_simple", "--out", out.toString(), "--resamples", "200");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Evaluating tiny on TEST_SIMPLE (71 images)").contains("TEST_SIMPLE")
                .contains("accuracy").contains("Report: ");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("report.md")).isRegularFile();
        assertThat(out.resolve("charts/confusion-TEST_SIMPLE.png")).isRegularFile();

        JsonNode json = Json.mapper().readTree(Files.readString(out.resolve("report.json")));
        assertThat(json.get("model").asText()).isEqualTo("tiny");
        JsonNode simple = json.get("splits").get("TEST_SIMPLE");
        assertThat(simple.get("n").asInt()).isEqualTo(71);
        assertThat(simple.get("perClass").get("NEUTROPHIL").get("support").asInt()).isEqualTo(48);
        assertThat(simple.get("perClass").get("MONOCYTE").get("support").asInt()).isEqualTo(4);
        for (JsonNode m : simple.get("misclassified")) {
            Path image = Path.of(m.get("path").asText());
            assertThat(image).isRegularFile();
            assertThat(image.getParent().getFileName().toString()).isEqualTo(m.get("true").asText());
        }
        assertThat(json.get("warnings").toString()).contains("Small split: TEST_SIMPLE has only 71 images");
    }

    @Test
    void aModelTrainedOnALeakySplitIsFlaggedInTheReport() throws Exception {
        Path out = dir.resolve("eval");
        CliRunner.Result r = CliRunner.run("evaluate", "--model", tinyModel("leaky: pooled 80:10:10").toString(),
                "--data", BCCD.toString(), "--splits", "TEST_SIMPLE", "--out", out.toString(), "--resamples", "50");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("WARNING: Leaky split");
        assertThat(Json.mapper().readTree(Files.readString(out.resolve("report.json"))).get("leakyTraining").asText())
                .contains("pooled 80:10:10");
    }

    @Test
    void anUnknownSplitIsBadInputNamingTheValidOnes() {
        CliRunner.Result r = CliRunner.run("evaluate", "--model", tinyModel(null).toString(), "--data", BCCD.toString(),
                "--splits", "TEST,VALIDATION", "--out", dir.resolve("eval").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown split 'VALIDATION'").contains("TEST_SIMPLE");
    }

    @Test
    void aMissingModelFileIsBadInput() {
        CliRunner.Result r = CliRunner.run("evaluate", "--model", dir.resolve("none.wbc").toString(), "--data", BCCD.toString(),
                "--out", dir.resolve("eval").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("none.wbc");
    }

    @Test
    void outIsRequired() {
        CliRunner.Result r = CliRunner.run("evaluate", "--model", "m.wbc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--out");
    }
}
