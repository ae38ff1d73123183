package io.github.wbczoo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Json;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link SparkClassifyJob} and {@link WbcSparkMain}: the table in Parquet and CSV with the same
 * numbers, the summary beside it, and atomic output: a failed job leaves nothing under the final
 * name, an existing output is refused and left as it was.
 */
class SparkClassifyJobTest {
    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path modelFile;
    static Path images;
    static int imageCount;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkFixtures.session();
        modelFile = SparkFixtures.smallCnn(dir);
        images = Files.createDirectories(dir.resolve("images"));
        List<Path> good = SparkFixtures.copyInto(images, SparkFixtures.realImages("TEST_SIMPLE", 8));
        imageCount = good.size() + SparkFixtures.plantBadFiles(images, good.get(0)).size();
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    private static List<String> namesIn(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void parquetAndCsvHoldTheSameRowsAndTheSummaryIsBesideThem() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        SparkClassifyJob.Result parquet = new SparkClassifyJob(modelFile, images.toString(), null,
                runs.resolve("cells.parquet").toString()).run(spark);
        SparkClassifyJob.Result csv = new SparkClassifyJob(modelFile, images.toString(), null,
                runs.resolve("cells-b.csv").toString(), 0.3, 16).run(spark);

        assertThat(namesIn(runs)).containsExactly("cells-b.csv", "cells-b.summary.json", "cells.parquet",
                "cells.summary.json"); // no temporary left
        assertThat(parquet.summaryFile()).isEqualTo(runs.resolve("cells.summary.json").toString());
        ClassificationSummary s = parquet.summary();
        assertThat(s.images()).isEqualTo(imageCount);
        assertThat(s.errors()).isEqualTo(4);
        assertThat(s.perClass().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.classified());
        assertThat(s.meanConfidence()).isBetween(0.25, 1.0);
        JsonNode written = Json.mapper().readTree(runs.resolve("cells.summary.json").toFile());
        assertThat(written.get("summary").get("images").asLong()).isEqualTo(imageCount);
        assertThat(written.get("format").asText()).isEqualTo("PARQUET");
        assertThat(csv.summary().threshold()).isEqualTo(0.3);

        Dataset<Row> p = spark.read().parquet(runs.resolve("cells.parquet").toString());
        Dataset<Row> c = spark.read().schema(WbcSpark.outputSchema(io.github.wbczoo.core.ClassSet.BCCD)).option("header", "true")
                .csv(runs.resolve("cells-b.csv").toString());
        assertThat(p.count()).isEqualTo(imageCount);
        assertThat(p.select(WbcSpark.PATH).distinct().count()).isEqualTo(imageCount);
        // CSV keeps every float exactly (shortest round-trip text), so the two tables are the same rows.
        assertThat(p.except(c).count()).isZero();
        assertThat(c.except(p).count()).isZero();
        assertThat(Files.readAllLines(Files.list(runs.resolve("cells-b.csv")).filter(f -> f.toString().endsWith(".csv"))
                .findFirst().orElseThrow()).get(0))
                .isEqualTo("path,predicted,confidence,EOSINOPHIL,LYMPHOCYTE,MONOCYTE,NEUTROPHIL,error");
    }

    @Test
    void anExistingOutputIsRefusedAndLeftAsItWas() throws Exception {
        Path out = Files.createDirectories(dir.resolve("existing/cells.parquet"));
        Files.writeString(out.resolve("keep.txt"), "earlier result");
        SparkClassifyJob job = new SparkClassifyJob(modelFile, images.toString(), null, out.toString());
        assertThatThrownBy(() -> job.run(spark)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out " + out + " already exists; choose a new name (an earlier result is never replaced)");
        assertThat(namesIn(out)).containsExactly("keep.txt");
        assertThat(namesIn(out.getParent())).containsExactly("cells.parquet");
        Path summaryOnly = Files.createDirectories(dir.resolve("summary-only"));
        Files.writeString(summaryOnly.resolve("t.summary.json"), "{}");
        assertThatThrownBy(() -> new SparkClassifyJob(modelFile, images.toString(), null,
                summaryOnly.resolve("t.csv").toString()).run(spark))
                .hasMessageContaining("t.summary.json already exists");
    }

    @Test
    void aJobThatFailsLeavesNothingUnderTheFinalName() throws Exception {
        // A model whose network cannot take the input its data config makes: every task fails in the forward pass.
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(10)).build());
        net.init();
        Path broken = dir.resolve("broken.wbc");
        WbcModel.of("broken", net, new DataConfig(8, 8, 3, ChannelLayout.FLAT, Normalization.divideBy255())).save(broken);
        Path runs = Files.createDirectories(dir.resolve("failing"));
        SparkClassifyJob job = new SparkClassifyJob(broken, images.toString(), null, runs.resolve("cells.parquet").toString());

        assertThatThrownBy(() -> job.run(spark)).isNotInstanceOf(IllegalArgumentException.class);

        assertThat(namesIn(runs)).isEmpty(); // no table, no summary, no hidden temporary folder
    }

    @Test
    void badInputIsNamedBeforeSparkDoesAnyWork() {
        String out = dir.resolve("bad/cells.parquet").toString();
        assertThatThrownBy(() -> new SparkClassifyJob(modelFile, dir.resolve("nowhere").toString(), null, out).run(spark))
                .hasMessage("No such folder: " + dir.resolve("nowhere") + "; give the folder of images to classify (searched recursively)");
        assertThatThrownBy(() -> new SparkClassifyJob(dir.resolve("none.wbc"), images.toString(), null, out).run(spark))
                .hasMessageContaining("No model file at " + dir.resolve("none.wbc"));
        assertThatThrownBy(() -> new SparkClassifyJob(modelFile, images.toString(), null, dir.resolve("cells.txt").toString()))
                .hasMessageContaining("name the table NAME.parquet or NAME.csv");
        assertThat(Files.exists(dir.resolve("bad"))).isFalse();
    }

    @Test
    void theSparkSubmitMainWritesTheTableAndExits0OrNamesTheProblemAndExits2() throws Exception {
        Path manifest = Files.writeString(dir.resolve("list.txt"), images.resolve("bad/empty.jpeg") + "\n"
                + Files.list(images.resolve("MONOCYTE")).findFirst().orElseThrow() + "\n");
        String out = dir.resolve("main/cells.parquet").toString();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true));
            code = WbcSparkMain.run("--model", modelFile.toString(), "--manifest", manifest.toString(), "--out", out);
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        assertThat(captured.toString()).contains("Wrote " + out).contains("2 images: 1 classified, 1 could not be read");
        assertThat(spark.read().parquet(out).count()).isEqualTo(2);
        assertThat(spark.sparkContext().isStopped()).as("a session the caller started is left running").isFalse();

        assertThat(WbcSparkMain.run("--model", modelFile.toString(), "--out", out)).isEqualTo(2); // neither input nor manifest
        assertThat(WbcSparkMain.run("--modle", "x")).isEqualTo(2);
    }
}
