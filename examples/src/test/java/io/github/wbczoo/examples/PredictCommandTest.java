package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class PredictCommandTest {
    static final Path TEST_SIMPLE = Path.of("../../shared/bccd/dataset2-master/images/TEST_SIMPLE");

    @TempDir
    Path dir;

    /** A tiny softmax model at 8x8 (predict only needs some model that carries its preprocessing). */
    private Path tinyModel() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 3)).build());
        net.init();
        Path file = dir.resolve("tiny.wbc");
        WbcModel.of("tiny", net, new DataConfig(8, 8, 3, ChannelLayout.FLAT, Normalization.divideBy255())).save(file);
        return file;
    }

    @Test
    void aShippedModelPredictsByItsNameAndAnUnshippedNameListsTheShippedOnes() throws Exception {
        java.util.List<String> shipped = io.github.wbczoo.models.Pretrained.names();
        assertThat(shipped).as("wbc-pretrained is on the CLI's class path and ships a model").isNotEmpty();
        Path cell;
        try (var files = Files.list(TEST_SIMPLE.resolve("MONOCYTE"))) {
            cell = files.sorted().findFirst().orElseThrow();
        }
        CliRunner.Result r = CliRunner.run("predict", "--model", "pretrained:" + shipped.get(0), cell.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(cell.getFileName().toString());
        CliRunner.Result none = CliRunner.run("predict", "--model", "pretrained:vgg16Gap.beforeGap", cell.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("No pretrained vgg16Gap.beforeGap; shipped: " + String.join(", ", shipped));
    }

    @Test
    void aShippedEnsemblePredictsByItsNameWithTheMeanOfItsMembers() throws Exception {
        String name = io.github.wbczoo.models.Pretrained.ensembleNames().get(0);
        Path cell;
        try (var files = Files.list(TEST_SIMPLE.resolve("MONOCYTE"))) {
            cell = files.sorted().findFirst().orElseThrow();
        }
        Path csvFile = dir.resolve("both.csv");
        CliRunner.Result r = CliRunner.run("predict", "--model", "pretrained:" + name, cell.toString(), "--csv", csvFile.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] row = Files.readAllLines(csvFile).get(1).split(",");
        float[] expected = io.github.wbczoo.models.Pretrained.ensemble(name).predict(cell).probabilities();
        for (int k = 0; k < expected.length; k++) {
            assertThat(Float.parseFloat(row[2 + k])).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-6f));
        }
        CliRunner.Result none = CliRunner.run("predict", "--model", "pretrained:myCnn.v9+resNet18", cell.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("No pretrained ensemble myCnn.v9+resNet18; shipped: " + name);
    }

    @Test
    void csvHasOneRowPerImageAndReportsUnreadableOnesOnTheirRow() throws Exception {
        Path images = Files.createDirectories(dir.resolve("cells"));
        Path eos = TEST_SIMPLE.resolve("EOSINOPHIL");
        try (var s = Files.list(eos)) {
            for (Path p : s.sorted().limit(3).toList()) {
                Files.copy(p, images.resolve(p.getFileName()));
            }
        }
        Files.writeString(images.resolve("broken.jpeg"), "not a jpeg");
        Path csv = dir.resolve("out/predictions.csv");

        CliRunner.Result r = CliRunner.run("predict", "--model", tinyModel().toString(), images.toString(), "--csv", csv.toString());

        assertThat(r.exitCode()).as("completed with problems found").isEqualTo(1);
        assertThat(r.out()).contains("Wrote 4 predictions to " + csv.toAbsolutePath());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("path,predicted,EOSINOPHIL,LYMPHOCYTE,MONOCYTE,NEUTROPHIL,error");
        assertThat(lines).hasSize(5);
        // rows in file-name order: the three cells (_0_...) sort before broken.jpeg
        // the decoder's reason, quoted because it holds quotes
        assertThat(lines.get(4)).isEqualTo(images.resolve("broken.jpeg") + ",,,,,,\"not an image format Java can read (it"
                + " starts with bytes 6e 6f 74 20 61 20 6a 70 \"\"not a jp\"\"); expected a JPEG or PNG image\"");
        for (String line : lines.subList(1, 4)) {
            String[] f = line.split(",");
            double sum = Double.parseDouble(f[2]) + Double.parseDouble(f[3]) + Double.parseDouble(f[4]) + Double.parseDouble(f[5]);
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(f[1]).isIn("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL");
        }
        assertThat(r.err()).contains("1 of 4 images could not be read");
    }

    @Test
    void aTruncatedJpegIsReportedOnItsRowInsteadOfBeingPredictedGreyPadded() throws Exception {
        Path images = Files.createDirectories(dir.resolve("cells"));
        Path cell;
        try (var s = Files.list(TEST_SIMPLE.resolve("MONOCYTE"))) {
            cell = s.sorted().findFirst().orElseThrow();
        }
        byte[] jpeg = Files.readAllBytes(cell);
        Files.copy(cell, images.resolve("a-whole.jpeg"));
        Path truncated = Files.write(images.resolve("b-cut.jpeg"), java.util.Arrays.copyOf(jpeg, jpeg.length * 3 / 4));

        CliRunner.Result r = CliRunner.run("predict", "--model", tinyModel().toString(), images.toString());

        assertThat(r.exitCode()).as("completed with problems found").isEqualTo(1);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).doesNotStartWith("ERROR").endsWith(images.resolve("a-whole.jpeg").toString());
        assertThat(lines.get(2)).isEqualTo(String.format("%-12s %27s  %s (%s)", "ERROR", "", truncated,
                "corrupt or truncated image (decoder warning: Truncated File - Missing EOI marker); expected a JPEG or PNG image"));
        assertThat(r.err().strip()).isEqualTo("1 of 2 images could not be read (see their rows)");
    }

    @Test
    void missingPathOrModelIsExitCode2WithOneLine() {
        CliRunner.Result r = CliRunner.run("predict", "--model", tinyModel().toString(), dir.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("wbc predict: No such file or folder: " + dir.resolve("nope").toAbsolutePath());

        CliRunner.Result m = CliRunner.run("predict", "--model", dir.resolve("missing.wbc").toString(), TEST_SIMPLE.toString());
        assertThat(m.exitCode()).isEqualTo(2);
        assertThat(m.err().strip()).startsWith("wbc predict: No model file at ");
    }

    @Test
    void oneImageIsOnePredictionAndAllGoodMeansExit0() throws Exception {
        Path one = Files.list(TEST_SIMPLE.resolve("EOSINOPHIL")).sorted().findFirst().orElseThrow();
        Path csv = dir.resolve("one.csv");
        CliRunner.Result r = CliRunner.run("predict", "--model", tinyModel().toString(), one.toString(), "--csv", csv.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("Wrote 1 prediction to " + csv.toAbsolutePath());
    }
}
