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
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@code ./wbc spark-classify} and {@code ./wbc bench spark} in-process, in Spark local mode, on real BCCD images. */
class SparkCommandsTest {
    static final Path TEST_SIMPLE = Path.of("../../shared/bccd/dataset2-master/images/TEST_SIMPLE");

    @TempDir
    static Path dir;

    static Path model;
    static Path cells;

    @BeforeAll
    static void setUp() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 3)).build());
        net.init();
        model = dir.resolve("tiny.wbc");
        WbcModel.of("tiny", net, new DataConfig(8, 8, 3, ChannelLayout.FLAT, Normalization.divideBy255())).save(model);
        cells = Files.createDirectories(dir.resolve("cells"));
        try (Stream<Path> s = Files.walk(TEST_SIMPLE)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().limit(30).toList()) {
                Files.copy(p, cells.resolve(p.getParent().getFileName() + "-" + p.getFileName()));
            }
        }
        Files.writeString(cells.resolve("broken.jpeg"), "not a jpeg");
    }

    private static String[] classify(String out, String... more) {
        String[] base = {"spark-classify", "--master", "local[2]", "--model", model.toString(), "--input", cells.toString(),
            "--out", out};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void sparkClassifyWritesTheTableAndItsSummaryAndReportsUnreadableImages() throws Exception {
        Path out = dir.resolve("runs/cells.csv");

        CliRunner.Result r = CliRunner.run(classify(out.toString(), "--threshold", "0.4"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1); // done, one image could not be read
        assertThat(r.out()).contains("Wrote " + out).contains("31 images: 30 classified, 1 could not be read");
        assertThat(r.err()).contains("1 of 31 images could not be read (see the error column)");
        JsonNode summary = Json.mapper().readTree(dir.resolve("runs/cells.summary.json").toFile());
        assertThat(summary.get("summary").get("threshold").asDouble()).isEqualTo(0.4);
        try (Stream<Path> parts = Files.list(out)) {
            long rows = parts.filter(p -> p.toString().endsWith(".csv")).mapToLong(p -> {
                try {
                    return Files.readAllLines(p).size() - 1; // header per part file
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
            assertThat(rows).isEqualTo(31);
        }

        CliRunner.Result again = CliRunner.run(classify(out.toString()));
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("--out " + out + " already exists; choose a new name");
    }

    @Test
    void badArgumentsAreOneLineAndExit2BeforeSparkStarts() throws Exception {
        Path out = dir.resolve("never/cells.parquet");
        CliRunner.Result noModel = CliRunner.run("spark-classify", "--model", dir.resolve("none.wbc").toString(),
                "--input", cells.toString(), "--out", out.toString());
        assertThat(noModel.exitCode()).isEqualTo(2);
        assertThat(noModel.err()).contains("No model file at " + dir.resolve("none.wbc"));

        CliRunner.Result noInput = CliRunner.run("spark-classify", "--model", model.toString(),
                "--input", dir.resolve("nowhere").toString(), "--out", out.toString());
        assertThat(noInput.exitCode()).isEqualTo(2);
        assertThat(noInput.err()).contains("--input: no such folder: " + dir.resolve("nowhere"));

        CliRunner.Result badName = CliRunner.run(classify(dir.resolve("never/cells.txt").toString()));
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("name the table NAME.parquet or NAME.csv");

        CliRunner.Result both = CliRunner.run(classify(out.toString(), "--manifest", "list.txt"));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRunner.Result unwritable = CliRunner.run(classify(file.resolve("cells.parquet").toString()));
        assertThat(unwritable.exitCode()).isEqualTo(2);
        assertThat(unwritable.err()).contains("is a file, so nothing can be created under it");
        assertThat(Files.exists(dir.resolve("never"))).isFalse();
    }

    @Test
    void benchSparkGivesBothRatesAndTheirRatio() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "spark", "--model", model.toString(), "--limit", "40", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("images").asInt()).isEqualTo(40);
        assertThat(j.get("master").asText()).isEqualTo("local[2]");
        assertThat(j.get("predictImagesPerSec").asDouble()).isPositive();
        assertThat(j.get("sparkImagesPerSec").asDouble()).isPositive();
        assertThat(j.get("ratio").asDouble()).isCloseTo(j.get("sparkImagesPerSec").asDouble()
                / j.get("predictImagesPerSec").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    }
}
