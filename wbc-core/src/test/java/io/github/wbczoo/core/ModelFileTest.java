package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripRestoresNetworkConfigHistoryAndNotes() {
        WbcModel model = TinyModels.dense(1, 1e-2);
        DataConfig fitted = TinyModels.FLAT_2X2.withNormalization(
                Normalization.zScore(new float[] {120.5f, 99f, 180.25f}, new float[] {30f, 41.5f, 12f}));
        model.dataConfig(fitted);
        model.history().add(new EpochRecord(1, 1.2, 0.4, 1.1, 0.45, 0.01, 512.0, 3.5));
        model.notes().put("weights", "trained from scratch");
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 12);
        INDArray before = model.output(x);

        Path file = dir.resolve("tiny.wbc");
        model.save(file);
        WbcModel loaded = WbcModel.load(file);

        assertThat(loaded.architecture()).isEqualTo("tiny");
        assertThat(loaded.dataConfig()).isEqualTo(fitted);
        assertThat(loaded.history().epochs()).containsExactly(new EpochRecord(1, 1.2, 0.4, 1.1, 0.45, 0.01, 512.0, 3.5));
        assertThat(loaded.notes()).containsEntry("weights", "trained from scratch");
        assertThat(loaded.outputs()).containsExactly(OutputRole.CLASS_PROBABILITIES);
        assertThat(loaded.output(x)).isEqualTo(before);
        assertThat(loaded.trainableParams()).isEqualTo(model.trainableParams());
    }

    @Test
    void metadataRecordsTheWeightsEpochAndTheBestEpochOfTheHistory() throws IOException {
        WbcModel model = TinyModels.dense(1, 1e-2);
        model.history().monitor("val_accuracy");
        model.history().add(new EpochRecord(1, 1.2, 0.4, 1.1, 0.30, 0.01, 512.0, 3.5));
        model.history().add(new EpochRecord(2, 1.1, 0.5, 1.0, 0.45, 0.01, 512.0, 3.5));
        model.weightsEpoch(2);
        Path file = dir.resolve("best.wbc");
        model.save(file);
        String json = metadataJson(file);
        assertThat(json).contains("\"weightsEpoch\" : 2").contains("\"bestEpoch\" : 2").contains("\"monitor\" : \"val_accuracy\"");

        // A worse third epoch: only the history in the file changes; its weights stay those of epoch 2.
        INDArray weights = WbcModel.load(file).network().params();
        model.history().add(new EpochRecord(3, 1.0, 0.6, 1.3, 0.40, 0.01, 512.0, 3.5));
        WbcModel.rewriteHistory(file, model.history());
        ModelFileInfo info = ModelFileInfo.read(file);
        assertThat(info.weightsEpoch()).isEqualTo(2);
        assertThat(info.history().epochs()).hasSize(3);
        assertThat(info.history().bestEpoch()).isEqualTo(2);
        assertThat(info.weightsMetric("val_accuracy")).isEqualTo(0.45);
        assertThat(WbcModel.load(file).network().params()).isEqualTo(weights);
        assertThat(WbcModel.load(file).weightsEpoch()).isEqualTo(2);
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void filesFromBeforeTheWeightsEpochFieldHoldTheBestEpochByValidationAccuracy() throws IOException {
        // A finished run of the earlier version saved the restored best weights with the whole history.
        WbcModel model = TinyModels.dense(1, 1e-2);
        model.history().add(new EpochRecord(1, 1.2, 0.4, 1.1, 0.30, 0.01, 512.0, 3.5));
        model.history().add(new EpochRecord(2, 1.1, 0.5, 1.0, 0.45, 0.01, 512.0, 3.5));
        model.history().add(new EpochRecord(3, 1.0, 0.6, 1.3, 0.40, 0.01, 512.0, 3.5));
        model.weightsEpoch(2);
        Path file = dir.resolve("old.wbc");
        model.save(file);
        try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(file)) {
            Path meta = zip.getPath(ModelFile.METADATA_ENTRY);
            Files.writeString(meta, Files.readString(meta).replace("\"weightsEpoch\" : 2,", ""));
        }
        assertThat(metadataJson(file)).doesNotContain("weightsEpoch");
        assertThat(ModelFileInfo.read(file).weightsEpoch()).isEqualTo(2);

        // Rewriting its history (a later epoch that did not improve) keeps the epoch its weights are from.
        model.history().add(new EpochRecord(4, 0.9, 0.7, 1.4, 0.35, 0.01, 512.0, 3.5));
        WbcModel.rewriteHistory(file, model.history());
        assertThat(ModelFileInfo.read(file).weightsEpoch()).isEqualTo(2);
        assertThat(metadataJson(file)).contains("\"weightsEpoch\" : 2");
    }

    private static String metadataJson(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return new String(zip.getInputStream(zip.getEntry(ModelFile.METADATA_ENTRY)).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void fileIsAPlainDl4jZipWithTwoExtraEntries() throws IOException {
        Path file = dir.resolve("m.wbc");
        TinyModels.dense(1, 1e-2).save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.getEntry("configuration.json")).isNotNull();
            assertThat(zip.getEntry("coefficients.bin")).isNotNull();
            assertThat(zip.getEntry(ModelFile.METADATA_ENTRY)).isNotNull();
            assertThat(zip.getEntry(ModelFile.HISTORY_ENTRY)).isNotNull();
        }
        // DL4J's own loader still reads it.
        assertThat(org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file.toFile()).numParams())
                .isEqualTo(TinyModels.dense(1, 1e-2).network().numParams());
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void theFileStoresItsClassesAndPredictionsAnswerWithThem() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        ClassSet three = ClassSet.of("Basophil", "Eosinophil", "Neutrophil");
        WbcModel model = WbcModel.of("tiny3", net, TinyModels.FLAT_2X2, three);
        Path file = dir.resolve("three.wbc");
        model.save(file);

        WbcModel loaded = WbcModel.load(file);
        assertThat(loaded.classes()).isEqualTo(three);
        Prediction p = loaded.predict(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB));
        assertThat(p.classes()).isEqualTo(three);
        assertThat(p.probabilities()).hasSize(3);
        assertThatThrownBy(() -> WbcModel.of("tiny3", net, TinyModels.FLAT_2X2, ClassSet.BCCD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tiny3's class output has 3 columns but 4 classes were given (EOSINOPHIL, LYMPHOCYTE, MONOCYTE,"
                        + " NEUTROPHIL)");
    }

    @Test
    void graphWithReconstructionOutputRoundTrips() {
        WbcModel model = TinyModels.jointGraph(3);
        Path file = dir.resolve("joint.wbc");
        model.save(file);
        WbcModel loaded = WbcModel.load(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 12);
        assertThat(loaded.outputs()).containsExactly(OutputRole.CLASS_PROBABILITIES, OutputRole.INPUT_RECONSTRUCTION);
        assertThat(loaded.output(x)).isEqualTo(model.output(x));
        assertThat(loaded.output(x).shape()).containsExactly(2, 4);
    }

    @Test
    void savingOverAnExistingModelReplacesItWhole() {
        Path file = dir.resolve("m.wbc");
        WbcModel first = TinyModels.dense(1, 1e-2);
        WbcModel second = TinyModels.dense(2, 1e-2);
        first.save(file);
        second.save(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 12);
        assertThat(WbcModel.load(file).output(x)).isEqualTo(second.output(x));
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nope.wbc");
        assertThatThrownBy(() -> WbcModel.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No model file at " + missing.toAbsolutePath()
                        + ": pass the file written by WbcModel.save or ./wbc train");
    }

    @Test
    void truncatedOrForeignFilesAreRejectedClearly() throws IOException {
        Path good = dir.resolve("good.wbc");
        TinyModels.dense(1, 1e-2).save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.wbc"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> WbcModel.load(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(truncated.toAbsolutePath() + " is not a model file (not a zip archive");

        Path text = Files.writeString(dir.resolve("notes.wbc"), "hello");
        assertThatThrownBy(() -> WbcModel.load(text)).hasMessageContaining("is not a model file");
    }

    @Test
    void unwritableTargetNamesThePathAndFix() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file-not-folder"), "x");
        Path target = blocker.resolve("model.wbc");
        assertThatThrownBy(() -> TinyModels.dense(1, 1e-2).save(target))
                .hasMessageStartingWith("Cannot write " + target.toAbsolutePath())
                .hasMessageEndingWith("Check that the folder exists and is writable, or choose another output path.");
    }

    @Test
    void dataConfigMustFitTheNetwork() {
        WbcModel model = TinyModels.dense(1, 1e-2);
        assertThatThrownBy(() -> model.dataConfig(TinyModels.FLAT_2X2.withSize(4, 4)))
                .hasMessage("The network was built for 2x2 FLAT input; a data config for 4x4 FLAT does not fit it");
        assertThat(List.of(model.dataConfig())).containsExactly(TinyModels.FLAT_2X2);
    }
}
