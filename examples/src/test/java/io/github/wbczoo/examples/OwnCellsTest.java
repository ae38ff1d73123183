package io.github.wbczoo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.Prediction;
import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.ProgressReporter;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.LabeledImage;
import io.github.wbczoo.data.Split;
import io.github.wbczoo.data.SplitPlan;
import io.github.wbczoo.eval.EvaluationReport;
import io.github.wbczoo.eval.EvaluationSplit;
import io.github.wbczoo.eval.Evaluator;
import io.github.wbczoo.eval.SplitEvaluation;
import io.github.wbczoo.models.FineTune;
import io.github.wbczoo.models.RunOptions;
import io.github.wbczoo.models.TrainingRun;
import io.github.wbczoo.models.WbcModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A lab's own cells: small real datasets made from BCCD images in a temp folder (three classes,
 * five classes, PNG copies, split folders with other names, a CSV manifest with groups), each
 * trained for one epoch with a zoo model through the one training path, saved, loaded, used for
 * prediction and evaluated with its own classes; fine-tuning a BCCD model to three classes; and
 * the bad inputs of such data, each failing with its file or row named.
 */
class OwnCellsTest {
    static final Path TRAIN = Path.of("../../shared/bccd/dataset2-master/images/TRAIN");
    static final Path TEST = Path.of("../../shared/bccd/dataset2-master/images/TEST");
    static final RunOptions QUIET = RunOptions.defaults().progress(ProgressReporter.silent());

    @TempDir
    Path dir;

    /** The first {@code n} images of a BCCD class folder. */
    static List<Path> images(Path split, String bccdClass, int n, int skip) throws IOException {
        try (var s = Files.list(split.resolve(bccdClass))) {
            return s.sorted().skip(skip).limit(n).toList();
        }
    }

    static void copy(List<Path> files, Path to, boolean png) throws IOException {
        Files.createDirectories(to);
        for (Path f : files) {
            if (png) {
                BufferedImage img = ImageIO.read(f.toFile());
                String name = f.getFileName().toString().replace(".jpeg", ".png");
                assertThat(ImageIO.write(img, "png", to.resolve(name).toFile())).isTrue();
            } else {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** One epoch of basicCnn at 16x16 through prepare(...).fit(), then save, load and predict. */
    WbcModel trainSaveLoad(CellImageDataset data, String name) {
        TrainingRun run = WbcModels.basicCnn(1).inputSize(16, 16).epochs(1).batchSize(4).prepare(data, QUIET);
        WbcModel trained = run.fit();
        assertThat(trained.classes()).isEqualTo(data.classes());
        Path file = dir.resolve(name + ".wbc");
        trained.save(file);
        WbcModel loaded = WbcModel.load(file);
        assertThat(loaded.classes()).isEqualTo(data.classes());
        LabeledImage one = data.images(Split.TRAIN).get(0);
        Prediction p = loaded.predict(one.file());
        assertThat(p.classes().names()).isEqualTo(data.classes().names());
        assertThat(data.classes().names()).contains(p.predicted().name());
        // the per-class table has the data's own classes
        EvaluationReport report = new Evaluator().evaluate(loaded, List.of(EvaluationSplit.validation(run.data())));
        assertThat(report.split("validation").metrics().perClass()).extracting(m -> m.type().name())
                .containsExactlyElementsOf(data.classes().names());
        return loaded;
    }

    @Test
    void threeClassFoldersTrainPredictAndEvaluateWithTheirOwnClasses() throws Exception {
        Path root = dir.resolve("three");
        for (String c : List.of("EOSINOPHIL", "LYMPHOCYTE", "NEUTROPHIL")) {
            copy(images(TRAIN, c, 8, 0), root.resolve(c.toLowerCase()), false);
        }
        CellImageDataset data = CellImageDataset.folders(root);
        assertThat(data.classes()).isEqualTo(ClassSet.of("eosinophil", "lymphocyte", "neutrophil"));
        assertThat(data.splitNames()).containsExactly(Split.TRAIN);
        WbcModel model = trainSaveLoad(data, "three");

        TrainingRun run = WbcModels.basicCnn(1).inputSize(16, 16).epochs(1).prepare(data, QUIET);
        assertThat(run.testSets()).as("class folders alone: validation only").isEmpty();
        EvaluationReport report = new Evaluator().evaluate(model, List.of(EvaluationSplit.validation(run.data())));
        SplitEvaluation v = report.split("validation");
        assertThat(v.metrics().perClass()).extracting(m -> m.type().name()).containsExactly("eosinophil", "lymphocyte",
                "neutrophil");
        assertThat(v.confusion().counts()).hasDimensions(3, 3);
        assertThat(report.toMarkdown()).contains("| lymphocyte |");
    }

    @Test
    void fiveClassesAsPngCopies() throws Exception {
        Path root = dir.resolve("five");
        for (String c : List.of("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE")) {
            copy(images(TRAIN, c, 6, 0), root.resolve(c), true);
        }
        // one class's folder split into two names, as a lab telling band from segmented neutrophils would
        copy(images(TRAIN, "NEUTROPHIL", 6, 0), root.resolve("NEUTROPHIL_BAND"), true);
        copy(images(TRAIN, "NEUTROPHIL", 6, 6), root.resolve("NEUTROPHIL_SEGMENTED"), true);
        CellImageDataset data = CellImageDataset.folders(root);
        assertThat(data.classes().size()).isEqualTo(5);
        assertThat(data.images(Split.TRAIN)).allMatch(i -> i.file().toString().endsWith(".png"));
        WbcModel model = trainSaveLoad(data, "five");
        INDArray out = model.output(data.iterator(data.images(Split.TRAIN), model.dataConfig(), 30).next().getFeatures());
        assertThat(out.shape()).containsExactly(30, 5);
    }

    @Test
    void splitFoldersWithOtherNamesAreHeldOutSplits() throws Exception {
        Path root = dir.resolve("splits");
        for (String c : List.of("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL")) {
            copy(images(TRAIN, c, 6, 0), root.resolve("Train").resolve(c), false);
            copy(images(TEST, c, 2, 0), root.resolve("external").resolve(c), false);
        }
        copy(images(TEST, "EOSINOPHIL", 2, 2), root.resolve("val").resolve("EOSINOPHIL"), false); // a split may lack classes
        CellImageDataset data = CellImageDataset.folders(root);
        assertThat(data.splitNames()).extracting(Split::name).containsExactly("TRAIN", "external", "val");
        assertThat(data.classes()).isEqualTo(ClassSet.BCCD);
        WbcModel model = trainSaveLoad(data, "splits");
        TrainingRun run = WbcModels.basicCnn(1).inputSize(16, 16).epochs(1).prepare(data, QUIET);
        assertThat(run.testSets()).extracting(TestSet::name).containsExactly("external", "val");
        EvaluationReport report = new Evaluator().evaluate(model, run.testSets().stream().map(EvaluationSplit::of).toList());
        assertThat(report.split("external").n()).isEqualTo(8);
        assertThat(report.split("val").n()).isEqualTo(2);

        // ./wbc evaluate on such data evaluates every split but TRAIN by default
        Path modelFile = dir.resolve("splits.wbc");
        CliRunner.Result r = CliRunner.run("evaluate", "--model", modelFile.toString(), "--data", root.toString(), "--out",
                dir.resolve("eval").toString(), "--resamples", "50");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Evaluating basicCnn on external (8 images)").contains("Evaluating basicCnn on val (2 images)")
                .containsPattern("external +8 images / cells unknown");
    }

    @Test
    void aManifestWithGroupsNeverPutsAGroupOnBothSidesOfTheSplit() throws Exception {
        Path root = dir.resolve("manifest");
        List<String> rows = new ArrayList<>(List.of("path,label,group,split"));
        int k = 0;
        for (String c : List.of("LYMPHOCYTE", "NEUTROPHIL")) {
            List<Path> files = images(TRAIN, c, 12, 0);
            copy(files, root.resolve("img").resolve(c), false);
            for (Path f : files) {
                rows.add("img/" + c + "/" + f.getFileName() + "," + c + ",patient" + (k++ / 3) + ",");
            }
        }
        for (Path f : images(TEST, "LYMPHOCYTE", 2, 0)) {
            copy(List.of(f), root.resolve("test"), false);
            rows.add("test/" + f.getFileName() + ",LYMPHOCYTE,,test");
        }
        Path csv = root.resolve("cells.csv");
        Files.write(csv, rows);
        CellImageDataset data = CellImageDataset.manifest(csv);
        assertThat(data.classes()).isEqualTo(ClassSet.of("LYMPHOCYTE", "NEUTROPHIL"));
        assertThat(data.images(Split.TEST)).hasSize(2);

        TrainingRun run = WbcModels.basicCnn(1).inputSize(16, 16).epochs(1).split(io.github.wbczoo.core.SplitPolicy
                .validationFraction(0.25)).prepare(data, QUIET);
        assertThat(run.data().description()).containsPattern("by group: [0-9] of 8 groups, none on both sides");
        List<String> trainGroups = groups(data, run.data().validationFiles(), false);
        List<String> valGroups = groups(data, run.data().validationFiles(), true);
        assertThat(valGroups).isNotEmpty().doesNotContainAnyElementsOf(trainGroups);
        WbcModel model = run.fit();
        assertThat(model.classes().names()).containsExactly("LYMPHOCYTE", "NEUTROPHIL");
        assertThat(run.testSets()).extracting(TestSet::name).containsExactly("TEST");
        trainSaveLoad(data, "manifest");
        // evaluated, its intervals resample the patients (groups), and the report says how many
        SplitEvaluation v = new Evaluator().evaluate(model, List.of(EvaluationSplit.validation(run.data()))).split("validation");
        assertThat(v.cellsKnown()).isTrue();
        assertThat(v.cells()).isEqualTo(valGroups.size());
    }

    private static List<String> groups(CellImageDataset data, List<Path> validation, boolean inValidation) {
        return data.images(Split.TRAIN).stream().filter(i -> validation.contains(i.file()) == inValidation)
                .map(LabeledImage::group).distinct().toList();
    }

    @Test
    void fineTuningABccdModelToThreeClassesKeepsTheFrozenLayersAndRecordsItsSource() throws Exception {
        WbcModel bccd = WbcModels.basicCnn(1).inputSize(16, 16).epochs(1).limitPerClass(4).testLimitPerClass(1)
                .prepare(io.github.wbczoo.data.BccdDataset.open(Path.of("../../shared/bccd")), QUIET).fit();
        Path source = dir.resolve("bccd.wbc");
        bccd.save(source);
        Path root = dir.resolve("three");
        for (String c : List.of("EOSINOPHIL", "MONOCYTE", "NEUTROPHIL")) {
            copy(images(TRAIN, c, 6, 100), root.resolve(c), false);
        }
        CellImageDataset three = CellImageDataset.folders(root);

        WbcModel tuned = FineTune.of(source).freezeUpTo("block1_pool").recipe(b -> b.epochs(2).learningRate(1e-2))
                .prepare(three, QUIET).fit();
        assertThat(tuned.classes()).isEqualTo(ClassSet.of("EOSINOPHIL", "MONOCYTE", "NEUTROPHIL"));
        Map<String, INDArray> before = bccd.network().paramTable();
        Map<String, INDArray> after = tuned.network().paramTable();
        assertThat(after.get("0_W")).as("the frozen convolution keeps the source's weights").isEqualTo(before.get("0_W"));
        assertThat(after.get("0_b")).isEqualTo(before.get("0_b"));
        assertThat(after.get("3_W")).as("the dense layer after the frozen part trains").isNotEqualTo(before.get("3_W"));
        String head = Integer.toString(((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) tuned.network()).getnLayers() - 1);
        assertThat(after.get(head + "_W").shape()).as("a new 3-column head").containsExactly(128, 3);

        Path tunedFile = dir.resolve("tuned.wbc");
        tuned.save(tunedFile);
        WbcModel loaded = WbcModel.load(tunedFile);
        assertThat(loaded.classes().names()).containsExactly("EOSINOPHIL", "MONOCYTE", "NEUTROPHIL");
        assertThat(loaded.notes().get(FineTune.SOURCE_NOTE)).contains(source.toAbsolutePath().toString())
                .contains("classes EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL");
        assertThat(loaded.notes().get(FineTune.FROZEN_NOTE)).isEqualTo("block1_pool");
        assertThat(loaded.notes().get(FineTune.NORMALISATION_NOTE)).startsWith("kept from the source model");
        assertThat(ModelFileInfo.read(tunedFile).history().epochs()).hasSize(2);

        // the same from the command line, into a run folder
        Path out = dir.resolve("cli-tuned");
        CliRunner.Result r = CliRunner.run("train", "--from", source.toString(), "--data", root.toString(), "--epochs", "1",
                "--freeze-up-to", "block1_pool", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(WbcModel.load(out.resolve("model.wbc")).classes().names()).containsExactly("EOSINOPHIL", "MONOCYTE",
                "NEUTROPHIL");
        CliRunner.Result both = CliRunner.run("train", "--from", source.toString(), "--model", "basicCnn", "--out",
                dir.resolve("x").toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Give --model or --from, not both");

        assertThatThrownBy(() -> FineTune.of(source).freezeUpTo("stage9").prepare(three, QUIET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("No layer 'stage9' in basicCnn; its layers:"
                        + " block1_conv, block1_pool");
    }

    @Test
    void badOwnDataFailsNamingTheFileOrRow() throws Exception {
        Path root = dir.resolve("bad");
        copy(images(TRAIN, "EOSINOPHIL", 3, 0), root.resolve("EOSINOPHIL"), false);
        Files.createDirectories(root.resolve("BASOPHIL"));
        assertThatThrownBy(() -> CellImageDataset.folders(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Empty class folder " + root.toAbsolutePath().resolve("BASOPHIL"));

        Path csv = dir.resolve("m.csv");
        Files.write(csv, List.of("path,label", "a.jpeg,EOSINOPHIL", "b.jpeg,NEUTROPHIL"));
        copy(images(TRAIN, "EOSINOPHIL", 1, 0), dir, false);
        Files.move(dir.resolve(images(TRAIN, "EOSINOPHIL", 1, 0).get(0).getFileName()), dir.resolve("a.jpeg"));
        assertThatThrownBy(() -> CellImageDataset.manifest(csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.toAbsolutePath().resolve("b.jpeg") + ": listed in m.csv row 3 but there is no such file; fix the"
                        + " path (relative to the CSV's folder) or remove the row");
        Files.write(csv, List.of("path,label", "a.jpeg,EOSINOPHIL", "./a.jpeg,NEUTROPHIL"));
        assertThatThrownBy(() -> CellImageDataset.manifest(csv)).hasMessage(csv.toAbsolutePath()
                + " row 3 lists ./a.jpeg again (first at row 2): list each image once");

        // a BCCD model on data of other classes
        Path three = dir.resolve("three");
        for (String c : List.of("EOSINOPHIL", "LYMPHOCYTE", "NEUTROPHIL")) {
            copy(images(TRAIN, c, 4, 0), three.resolve(c), false);
        }
        CellImageDataset data = CellImageDataset.folders(three);
        WbcModel fourClass = WbcModels.basicCnn(1).inputSize(16, 16).build();
        assertThatThrownBy(() -> new Evaluator().evaluate(fourClass, List.of(EvaluationSplit.of("three",
                data.iterator(data.images(Split.TRAIN), fourClass.dataConfig(), 4)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The model basicCnn tells apart EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL but the data's classes are"
                        + " EOSINOPHIL, LYMPHOCYTE, NEUTROPHIL: evaluate it on data with the model's classes, or fine-tune it to"
                        + " the data's (FineTune.of(model), ./wbc train --from FILE)");
        assertThatThrownBy(() -> WbcModels.basicCnn(1).inputSize(16, 16).classes(ClassSet.BCCD).prepare(data, QUIET))
                .hasMessage("basicCnn was set to tell apart EOSINOPHIL, LYMPHOCYTE, MONOCYTE, NEUTROPHIL, but the data's classes"
                        + " are EOSINOPHIL, LYMPHOCYTE, NEUTROPHIL: leave classes(...) out to take the data's, or give data of"
                        + " those classes");
        assertThat(SplitPlan.countByClass(data.images(Split.TRAIN)).values()).containsOnly(4);

        // ./wbc data check on such folders: counts per split and class, and the classes with too few images
        CliRunner.Result check = CliRunner.run("data", "check", "--data", three.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("Images at " + three.toAbsolutePath())
                .contains("few images:    EOSINOPHIL (4), LYMPHOCYTE (4), NEUTROPHIL (4) (fewer than 10 training images)")
                .doesNotContain("published");
        assertThat(check.err()).contains("classes with fewer than 10 training images: EOSINOPHIL (4)");
    }
}
