package io.github.wbczoo.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.BadImageException;
import io.github.wbczoo.core.ImageDecoder;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WbcSpark#classify} in local[2] on a few hundred real BCCD images with planted bad files:
 * every image once, bad files on their own rows with the decoder's reason, and the job still
 * succeeds. Probabilities: with batches of one, those of {@link WbcModel#predict(Path)} bit for
 * bit; with batches of 32, those of {@link WbcModel#predict(List)} on the same batch bit for bit,
 * and within a few units in the last place of the one-image answer (a dense layer's matrix
 * product rounds a row by its place in the batch; see {@link WbcSpark}).
 */
class WbcSparkTest {
    @TempDir
    static Path dir;

    static SparkSession spark;
    static Path modelFile;
    static Path images;
    static List<Path> good;
    static List<Path> bad;
    /** What WbcModel.predict(Path) says for each good file, one image at a time. */
    static Map<Path, Prediction> expected = new HashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkFixtures.session();
        modelFile = SparkFixtures.smallCnn(dir);
        images = Files.createDirectories(dir.resolve("images"));
        good = new ArrayList<>(SparkFixtures.copyInto(images.resolve("TEST"), SparkFixtures.realImages("TEST", 60)));
        good.addAll(SparkFixtures.copyInto(images.resolve("TEST_SIMPLE"), SparkFixtures.realImages("TEST_SIMPLE", 10)));
        bad = SparkFixtures.plantBadFiles(images, good.get(0));
        Files.writeString(images.resolve("README.txt"), "not an image name: not listed");
        WbcModel model = WbcModel.load(modelFile);
        for (Path p : good) {
            expected.put(p.toAbsolutePath(), model.predict(p));
        }
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    /** Rows by local path (binaryFile lists file: URIs). */
    private static Map<Path, Row> byPath(Dataset<Row> out) {
        Map<Path, Row> rows = new HashMap<>();
        for (Row r : out.collectAsList()) {
            String p = r.getAs(WbcSpark.PATH);
            Path local = p.startsWith("file:") ? Path.of(java.net.URI.create(p)) : Path.of(p);
            assertThat(rows.put(local.toAbsolutePath(), r)).as("a second row for " + p).isNull();
        }
        return rows;
    }

    private static void assertSameAsPredict(Path file, Row row) {
        assertBitForBit(file, row, expected.get(file));
    }

    private static void assertBitForBit(Path file, Row row, Prediction p) {
        assertThat(row.<String>getAs(WbcSpark.ERROR)).as(file.toString()).isNull();
        assertThat(row.<String>getAs(WbcSpark.PREDICTED)).isEqualTo(p.predicted().name());
        assertThat(Float.floatToIntBits(row.getAs(WbcSpark.CONFIDENCE))).isEqualTo(Float.floatToIntBits(p.confidence()));
        for (CellClass c : p.classes().classes()) {
            // bit for bit: the same float, not one within a tolerance
            assertThat(Float.floatToIntBits(row.getAs(c.name()))).as(file + " " + c)
                    .isEqualTo(Float.floatToIntBits(p.probability(c)));
        }
    }

    /** Same class, each probability within 1e-6 of predict(Path)'s (a few units in the last place). */
    private static void assertCloseToPredict(Path file, Row row) {
        Prediction p = expected.get(file);
        assertThat(row.<String>getAs(WbcSpark.ERROR)).as(file.toString()).isNull();
        assertThat(row.<String>getAs(WbcSpark.PREDICTED)).as(file.toString()).isEqualTo(p.predicted().name());
        for (CellClass c : p.classes().classes()) {
            float want = p.probability(c);
            assertThat(row.<Float>getAs(c.name())).as(file + " " + c).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    private static String reason(Path badFile) {
        try {
            ImageDecoder.read(badFile);
            throw new AssertionError(badFile + " decoded");
        } catch (BadImageException e) {
            return e.reason();
        }
    }

    @Test
    void aFolderGivesEveryImageOnceWithPredictsProbabilitiesBitForBitAndBadFilesOnTheirRows() {
        int loadsBefore = ExecutorModels.loads();
        Dataset<Row> out = WbcSpark.classify(spark, modelFile, WbcSpark.images(spark, images.toString()), 1);

        assertThat(out.schema()).isEqualTo(WbcSpark.outputSchema(io.github.wbczoo.core.ClassSet.BCCD));
        Map<Path, Row> rows = byPath(out);
        assertThat(rows).hasSize(good.size() + bad.size()); // README.txt is not an image name
        for (Path p : good) {
            assertSameAsPredict(p.toAbsolutePath(), rows.get(p.toAbsolutePath()));
        }
        for (Path p : bad) {
            Row r = rows.get(p.toAbsolutePath());
            assertThat(r.<String>getAs(WbcSpark.ERROR)).as(p.toString()).isEqualTo(reason(p));
            assertThat(r.<String>getAs(WbcSpark.PREDICTED)).isNull();
            assertThat(r.<Float>getAs(WbcSpark.CONFIDENCE)).isNull();
        }
        // Two tasks at once in one JVM: the model was loaded once (the second task thread's copy is made in memory).
        assertThat(out.rdd().getNumPartitions()).isGreaterThanOrEqualTo(2);
        // cached by the model's bytes: at most one load in this JVM, and none for a second job with the same model
        assertThat(ExecutorModels.loads() - loadsBefore).isLessThanOrEqualTo(1);
        int afterFirst = ExecutorModels.loads();
        assertThat(byPath(WbcSpark.classify(spark, modelFile, WbcSpark.images(spark, images.toString()), 1))).hasSize(rows.size());
        assertThat(ExecutorModels.loads()).isEqualTo(afterFirst);
    }

    /** A model of other classes on two concurrent tasks: the in-memory copy for the second task keeps them. */
    @Test
    void aThreeClassModelKeepsItsClassesOnEveryTask() {
        io.github.wbczoo.core.ClassSet three = io.github.wbczoo.core.ClassSet.of("EOSINOPHIL", "LYMPHOCYTE", "NEUTROPHIL");
        Path threeClass = SparkFixtures.smallCnn(dir, three);
        Dataset<Row> out = WbcSpark.classify(spark, threeClass, WbcSpark.images(spark, images.toString()), 4);
        assertThat(out.rdd().getNumPartitions()).isGreaterThanOrEqualTo(2);
        assertThat(out.schema()).isEqualTo(WbcSpark.outputSchema(three));
        List<Row> rows = out.collectAsList();
        assertThat(rows).hasSize(good.size() + bad.size());
        assertThat(rows.stream().filter(r -> r.getAs(WbcSpark.ERROR) == null).map(r -> r.<String>getAs(WbcSpark.PREDICTED)))
                .isNotEmpty().allMatch(three::contains);
    }

    @Test
    void aPathListAndAManifestGiveTheSameAndAMissingFileIsAnErrorRow() throws Exception {
        Path missing = images.resolve("TEST/EOSINOPHIL/gone.jpeg");
        List<String> paths = new ArrayList<>();
        good.subList(0, 90).forEach(p -> paths.add(p.toAbsolutePath().toString()));
        paths.add(missing.toString());
        paths.add(bad.get(2).toString());
        Path manifest = Files.write(dir.resolve("manifest.txt"),
                (WbcSpark.PATH + "\n# a comment\n\n" + String.join("\n", paths) + "\n").getBytes());

        for (Dataset<Row> input : List.of(WbcSpark.paths(spark, paths), WbcSpark.manifest(spark, manifest.toString()))) {
            Map<Path, Row> rows = byPath(WbcSpark.classify(spark, modelFile, input));
            assertThat(rows).hasSize(paths.size());
            good.subList(0, 90).forEach(p -> assertCloseToPredict(p.toAbsolutePath(), rows.get(p.toAbsolutePath())));
            assertThat(rows.get(missing).<String>getAs(WbcSpark.ERROR))
                    .startsWith("cannot be read (FileNotFoundException: ").endsWith("; check that it exists and is readable");
            assertThat(rows.get(bad.get(2)).<String>getAs(WbcSpark.ERROR)).isEqualTo(reason(bad.get(2)));
        }
    }

    @Test
    void aBatchOf32IsWbcModelPredictOnTheSameBatchBitForBitAndBytesInTheInputAreUsed() throws Exception {
        // binaryFile leaves out names starting with '_' (all of BCCD's) and empty files: renamed copies here.
        Path renamed = Files.createDirectories(dir.resolve("renamed"));
        Map<Path, Path> original = new HashMap<>();
        for (Path p : good.subList(100, 150)) {
            original.put(Files.copy(p, renamed.resolve("cell" + original.size() + ".jpeg")).toAbsolutePath(), p.toAbsolutePath());
        }
        Files.copy(good.get(0), renamed.resolve("_hidden.jpeg"));
        Dataset<Row> withBytes = spark.read().format("binaryFile").load(renamed.toString()).coalesce(1);
        assertThat(withBytes.columns()).contains(WbcSpark.CONTENT);

        // One partition: its batches are the output rows 0-31 and 32-49, in order.
        List<Row> rows = WbcSpark.classify(spark, modelFile, withBytes, 32).collectAsList();

        Map<Path, Row> byPath = new HashMap<>();
        List<java.awt.image.BufferedImage> decoded = new ArrayList<>();
        for (Row r : rows) {
            Path copy = Path.of(java.net.URI.create(r.getAs(WbcSpark.PATH)));
            byPath.put(copy, r);
            decoded.add(ImageDecoder.read(copy));
        }
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet()); // no _hidden.jpeg: why images() lists itself
        WbcModel model = WbcModel.load(modelFile);
        for (int from = 0; from < rows.size(); from += 32) {
            int to = Math.min(from + 32, rows.size());
            List<Prediction> batch = model.predict(decoded.subList(from, to));
            for (int i = from; i < to; i++) {
                Path copy = Path.of(java.net.URI.create(rows.get(i).getAs(WbcSpark.PATH)));
                assertBitForBit(copy, rows.get(i), batch.get(i - from));
                assertCloseToPredict(original.get(copy), rows.get(i));
            }
        }
        assertThat(WbcSpark.listImages(spark, renamed.toString())).hasSize(51);
    }

    @Test
    void badArgumentsFailOnTheDriverNamingWhatToDo() throws Exception {
        Dataset<Row> input = WbcSpark.paths(spark, List.of(good.get(0).toString()));
        Path noModel = dir.resolve("nope.wbc");
        assertThatThrownBy(() -> WbcSpark.classify(spark, noModel, input))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(noModel.toString());
        Path notAModel = Files.writeString(dir.resolve("fake.wbc"), "hello");
        assertThatThrownBy(() -> WbcSpark.classify(spark, notAModel, input))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a model file");
        assertThatThrownBy(() -> WbcSpark.classify(spark, modelFile, input.toDF("file")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a string column 'path'")
                .hasMessageContaining("it has file");
        assertThatThrownBy(() -> WbcSpark.images(spark, dir.resolve("no-such-folder").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No such folder: " + dir.resolve("no-such-folder"));
        assertThatThrownBy(() -> WbcSpark.images(spark, dir.resolve("images/bad/text.jpg").getParent().getParent().resolve("TEST_SIMPLE/x").toString()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
