package io.github.wbczoo.examples;

import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.ModelFileInfo;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TestSet;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.ProgressReporter;
import io.github.wbczoo.core.train.TrainingCallback;
import io.github.wbczoo.core.train.TrainingContext;
import io.github.wbczoo.data.BccdDataset;
import io.github.wbczoo.data.CellImageDataset;
import io.github.wbczoo.data.BccdIterator;
import io.github.wbczoo.data.SplitPlan;
import io.github.wbczoo.models.BasicCnn;
import io.github.wbczoo.models.Recipe;
import io.github.wbczoo.models.RunOptions;
import io.github.wbczoo.models.TrainingRun;
import io.github.wbczoo.models.WbcModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Every builder override and run option changes the run it claims to change, observed on the run
 * itself (the data it was given, the network built, the history and files it left), not on the
 * builder's fields: a setting that nothing reads fails here. The model is basicCnn at 16x16 on a
 * few real BCCD images per class, through {@code prepare(...).fit()}, the path every caller uses.
 */
class BuilderOptionsTest {
    static final Path BCCD = Path.of("../../shared/bccd");
    static final RunOptions QUIET = RunOptions.defaults().progress(ProgressReporter.silent());
    static CellImageDataset bccd;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        bccd = BccdDataset.open(BCCD);
    }

    /** One block of 32 filters at 16x16, three training images per class, two per class of each test split. */
    static BasicCnn tiny() {
        return WbcModels.basicCnn(1).inputSize(16, 16).limitPerClass(3).testLimitPerClass(2).epochs(1);
    }

    static BccdIterator train(TrainingRun run) {
        return (BccdIterator) run.data().train();
    }

    @Test
    void inputSizeAndNormalisationReachTheBatchesAndTheModel() {
        TrainingRun run = tiny().inputSize(20, 24).normalization(Normalization.zScore()).prepare(bccd, QUIET);
        assertThat(run.data().dataConfig().height()).isEqualTo(20);
        assertThat(run.data().dataConfig().width()).isEqualTo(24);
        assertThat(run.data().dataConfig().normalization().kind()).isEqualTo(Normalization.Kind.Z_SCORE);
        assertThat(run.data().dataConfig().normalization().isFitted()).as("statistics fitted on the training part").isTrue();
        assertThat(run.model().dataConfig()).isEqualTo(run.data().dataConfig());
        assertThat(run.data().train().next().getFeatures().shape()).as("12 images in one recipe batch of 32")
                .containsExactly(12, 3, 20, 24);
    }

    @Test
    void layoutIsCheckedAgainstWhatTheFamilyTakes() {
        assertThatThrownBy(() -> tiny().layout(ChannelLayout.FLAT).prepare(bccd, QUIET))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("basicCnn takes NCHW image batches, got layout FLAT");
        // the autoencoder's recipe is flat, and its batches are
        TrainingRun flat = WbcModels.create("autoencoder.v3").inputSize(12, 16).limitPerClass(2).testLimitPerClass(1)
                .epochs(1).prepare(bccd, QUIET);
        assertThat(flat.data().train().next().getFeatures().shape()).containsExactly(8, 12 * 16 * 3);
    }

    @Test
    void splitAndSeedChooseTheValidationImages() {
        List<java.nio.file.Path> seed42 = tiny().limitPerClass(0).prepare(bccd, QUIET).data().validationFiles();
        List<java.nio.file.Path> seed7 = tiny().limitPerClass(0).seed(7).prepare(bccd, QUIET).data().validationFiles();
        assertThat(seed7).isNotEqualTo(seed42); // whole source cells: sizes differ by a cell or so
        List<java.nio.file.Path> half = tiny().limitPerClass(0).split(SplitPolicy.validationFraction(0.5)).prepare(bccd, QUIET)
                .data().validationFiles();
        assertThat((double) half.size() / seed42.size()).isBetween(2.2, 2.8);
        TrainingRun pooled = tiny().split(SplitPolicy.pooled(0.8, 0.1, 0.1)).prepare(bccd, QUIET);
        assertThat(pooled.data().leaky()).isTrue();
        assertThat(pooled.testSets()).extracting(TestSet::name).containsExactly(CellImageDataset.POOLED_TEST);
    }

    @Test
    void augmentationAndBatchSizeShapeTheTrainingBatches() {
        TrainingRun run = tiny().augmentation(Augmentation.kerasInception()).batchSize(5).prepare(bccd, QUIET);
        assertThat(train(run).augmentation()).isEqualTo(Augmentation.kerasInception());
        assertThat(train(run).batch()).isEqualTo(5);
        assertThat(run.data().train().next().getFeatures().size(0)).isEqualTo(5);
        assertThat(run.data().validation().batch()).isEqualTo(5);
    }

    @Test
    void limitsPickAtMostThatManyImagesPerClass() {
        TrainingRun run = tiny().prepare(bccd, QUIET);
        assertThat(SplitPlan.countByClass(train(run).images()).values()).containsOnly(3);
        for (TestSet t : run.testSets()) {
            assertThat(t.files()).as(t.name()).hasSize(2 * ClassSet.BCCD.size());
        }
        TrainingRun all = tiny().testLimitPerClass(0).prepare(bccd, QUIET);
        assertThat(all.testSets()).extracting(t -> t.files().size()).containsExactly(2487, 71);
    }

    @Test
    void updaterLearningRateEpochsAndDataTypeReachTheNetworkAndTheHistory() {
        WbcModel model = tiny().learningRate(0.005).epochs(2).prepare(bccd, QUIET).fit();
        assertThat(model.history().epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        assertThat(model.history().epochs()).extracting(EpochRecord::learningRate).containsOnly(0.005);

        WbcModel sgd = tiny().updater(new Sgd(0.02)).build();
        BaseLayer first = (BaseLayer) ((MultiLayerNetwork) sgd.network()).getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(first.getIUpdater()).isInstanceOf(Sgd.class);
        assertThat(first.getIUpdater().getLearningRate(0, 0)).isEqualTo(0.02);

        assertThat(tiny().dataType(DataType.DOUBLE).build().network().params().dataType()).isEqualTo(DataType.DOUBLE);
    }

    @Test
    void bestWeightsMonitorIsTheMetricTheKeptWeightsWereChosenBy() {
        Path best = dir.resolve("best.wbc");
        WbcModel model = tiny().bestWeightsMonitor("val_loss").epochs(2).prepare(bccd, QUIET.bestModel(best)).fit();
        assertThat(model.history().monitor()).isEqualTo("val_loss");
        ModelFileInfo info = ModelFileInfo.read(best);
        assertThat(info.weightsEpoch()).isEqualTo(model.history().bestEpoch("val_loss"));
        assertThat(tiny().bestWeightsMonitor(null).prepare(bccd, QUIET).config().callbacks())
                .as("no monitor: no best-weights callback").isEmpty();
    }

    @Test
    void reduceLrOnPlateauHalvesTheRateAfterEachEpochWithoutImprovement() {
        // min_delta so large that no epoch after the first (which improves on nothing) counts as an improvement;
        // patience 0: halve after each of them
        Recipe.ReduceLROnPlateauSpec halve = new Recipe.ReduceLROnPlateauSpec("loss", 0.5, 0, 1e9, 0, 0);
        WbcModel model = tiny().learningRate(0.004).reduceLrOnPlateau(halve).epochs(4).prepare(bccd, QUIET).fit();
        assertThat(model.history().epochs()).extracting(EpochRecord::learningRate).containsExactly(0.004, 0.004, 0.002, 0.001);
    }

    @Test
    void runOptionsWriteTheFilesAndReachTheProgressAndCallbacks() {
        Path best = dir.resolve("model.wbc");
        Path last = dir.resolve("last.wbc");
        List<Integer> batches = new ArrayList<>();
        List<Integer> epochsSeen = new ArrayList<>();
        ProgressReporter progress = new ProgressReporter() {
            @Override
            public void batchFinished(int images, double loss) {
                batches.add(images);
            }

            @Override
            public void epochFinished(EpochRecord record, int epochs) {
            }
        };
        TrainingCallback callback = new TrainingCallback() {
            @Override
            public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
                epochsSeen.add(epoch.epoch());
            }
        };
        WbcModel first = tiny().batchSize(4).prepare(bccd,
                RunOptions.defaults().progress(progress).callback(callback).bestModel(best).latestModel(last)).fit();
        assertThat(batches).as("12 training images in batches of 4").containsExactly(4, 4, 4);
        assertThat(epochsSeen).containsExactly(1);
        assertThat(best).isRegularFile();
        assertThat(last).isRegularFile();

        WbcModel resumed = tiny().epochs(2).prepare(bccd, QUIET.resumeFrom(WbcModel.load(last))).fit();
        assertThat(resumed.history().epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2);
        assertThat(resumed.history().epoch(1).trainLoss()).isEqualTo(first.history().epoch(1).trainLoss());

        assertThatThrownBy(() -> WbcModels.create("myCnn.v9").prepare(bccd, QUIET.resumeFrom(first)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot resume a basicCnn model with the myCnn.v9 recipe");
    }

    @Test
    void batchesOfAnotherSizeThanTheRecipeAreRefusedBeforeTraining() throws Exception {
        TrainingData other = tiny().inputSize(20, 20).prepare(bccd, QUIET).data();
        assertThatThrownBy(() -> tiny().prepare(other.asSource(), QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("basicCnn needs 16x16 NCHW DIVIDE_255 batches, but the data source made 20x20 NCHW DIVIDE_255 ones");
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void theTrainCommandsValidationFractionIsTheBuildersSplit() {
        Path out = dir.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--model", "basicCnn", "--data", BCCD.toString(), "--input-size", "16x16",
                "--epochs", "1", "--limit-per-class", "3", "--validation-fraction", "0.5", "--augmentation", "kerasinception",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("(50% of TRAIN by group: ").contains("augmented: " + Augmentation.kerasInception().summary());
        CliRunner.Result bad = CliRunner.run("train", "--model", "basicCnn", "--validation-fraction", "1.5", "--out",
                dir.resolve("bad").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--validation-fraction must be between 0 and 1, got 1.5");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    void aPreparedRunFitsOnce() {
        TrainingRun run = tiny().prepare(bccd, QUIET);
        run.fit();
        assertThatThrownBy(run::fit).isInstanceOf(IllegalStateException.class)
                .hasMessage("This run of basicCnn has been fitted already; prepare a new one");
    }
}
