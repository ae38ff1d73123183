package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/** The recipes of the Chen &amp; Zhu models are the paper's (docs/architectures.md), and the built networks use them. */
class ChenZhuRecipeTest {

    private static final DataConfig PYTORCH_IMAGES = new DataConfig(240, 320, 3, ChannelLayout.NCHW, Normalization.zScore());

    static Stream<String> myCnnNames() {
        return MyCnn.PRESETS.stream().map(MyCnn.Variant::registryName);
    }

    static Stream<String> inceptionNames() {
        return Inception.PRESETS.stream().map(Inception.Variant::name);
    }

    @Test
    void resNet18TrainsWithAdamAtPyTorchsDefaultRate() {
        Recipe r = WbcModels.resNet18().recipe();
        assertThat(r.data()).isEqualTo(PYTORCH_IMAGES);
        assertPyTorchRecipe(r, 1e-3, 4);
    }

    @ParameterizedTest
    @MethodSource("myCnnNames")
    void everyMyCnnVariantTrainsWithAdam1e4(String name) {
        Recipe r = WbcModels.create(name).recipe();
        assertThat(r.data()).isEqualTo(PYTORCH_IMAGES);
        // 1e-3 collapsed to a constant prediction in a PyTorch run of v9; 1e-4 learned (docs/architectures.md)
        assertPyTorchRecipe(r, 1e-4, 4);
    }

    @Test
    void autoencoderVariantsHaveTheirOwnBatchAndRate() {
        DataConfig flat = PYTORCH_IMAGES.withLayout(ChannelLayout.FLAT);
        for (String v : new String[] {"v1", "original"}) {
            Recipe r = WbcModels.create("autoencoder." + v).recipe();
            assertThat(r.data()).isEqualTo(flat);
            assertPyTorchRecipe(r, 1e-4, 4);
        }
        assertPyTorchRecipe(WbcModels.create("autoencoder.v2").recipe(), 1e-3, 16);
        assertPyTorchRecipe(WbcModels.create("autoencoder.v3").recipe(), 1e-3, 32);
    }

    @Test
    void switchingTheAutoencoderVariantBringsItsRecipe() {
        Autoencoder.Builder b = WbcModels.autoencoder().variant("v3");
        assertThat(b.name()).isEqualTo("autoencoder.v3");
        assertPyTorchRecipe(b.recipe(), 1e-3, 32);
        assertThat(b.batchSize(8).recipe().batchSize()).as("overrides after the switch stay").isEqualTo(8);
    }

    @Test
    void switchingTheMyCnnVariantKeepsOverrides() {
        MyCnn.Builder b = WbcModels.myCnn().epochs(3).variant("v4");
        assertThat(b.name()).isEqualTo("myCnn.v4");
        assertThat(b.variant()).isEqualTo(MyCnn.V4);
        assertThat(b.recipe().epochs()).isEqualTo(3);
        assertThat(WbcModels.myCnn().name()).as("default variant").isEqualTo("myCnn.v9");
        assertThat(WbcModels.myCnn(MyCnn.V9).variant()).isEqualTo(WbcModels.myCnn().variant("myCnn.v9").variant());
    }

    @ParameterizedTest
    @MethodSource("inceptionNames")
    void inceptionModelsUseTheKerasRecipe(String name) {
        Recipe r = WbcModels.create(name).recipe();
        assertThat(r.data()).isEqualTo(new DataConfig(60, 80, 3, ChannelLayout.NCHW, Normalization.divideBy255()));
        assertThat(r.data().sizeLabel()).isEqualTo("80x60");
        assertThat(r.split()).isEqualTo(SplitPolicy.validationFraction(0.2));
        assertThat(r.augmentation()).isEqualTo(Augmentation.kerasInception());
        assertThat(r.augmentation().rotationDegrees()).isEqualTo(10);
        assertThat(r.augmentation().widthShift()).isEqualTo(0.1);
        assertThat(r.augmentation().heightShift()).isEqualTo(0.1);
        assertThat(r.augmentation().horizontalFlip()).isTrue();
        assertThat(r.updater()).isInstanceOfSatisfying(AdaDelta.class, a -> {
            assertThat(a.getRho()).isEqualTo(0.95);
            assertThat(a.getEpsilon()).isEqualTo(1e-7);
        });
        assertThat(r.batchSize()).isEqualTo(32);
        assertThat(r.bestWeightsMonitor()).isEqualTo("val_accuracy");
        boolean larger = name.startsWith("inceptionPara") || name.equals("inceptionFactorized");
        assertThat(r.epochs()).isEqualTo(larger ? 50 : 15);
    }

    @Test
    void builtNetworksCarryTheRecipesOptimiser() {
        assertUpdater(WbcModels.myCnn(MyCnn.V0).build(), new Adam(1e-4));
        assertUpdater(WbcModels.resNet18().inputSize(64, 64).build(), new Adam(1e-3));
        assertUpdater(WbcModels.autoencoder().variant("v2").inputSize(6, 8).build(), new Adam(1e-3));
        assertUpdater(WbcModels.inceptionBottleneck(3).build(), new AdaDelta(0.95, 1e-7));
        assertUpdater(WbcModels.myCnn(MyCnn.V0).learningRate(3e-4).build(), new Adam(3e-4));
    }

    private static void assertPyTorchRecipe(Recipe r, double lr, int batch) {
        assertThat(r.split()).isEqualTo(SplitPolicy.validationAsLargeAsTest());
        assertThat(r.augmentation()).isEqualTo(Augmentation.NONE);
        assertThat(r.updater()).isInstanceOfSatisfying(Adam.class, a -> {
            assertThat(a.getLearningRate()).isEqualTo(lr);
            assertThat(a.getBeta1()).isEqualTo(0.9);   // PyTorch's betas
            assertThat(a.getBeta2()).isEqualTo(0.999);
            assertThat(a.getEpsilon()).isEqualTo(1e-8);
        });
        assertThat(r.batchSize()).isEqualTo(batch);
        assertThat(r.epochs()).isEqualTo(20);
    }

    private static void assertUpdater(WbcModel model, IUpdater expected) {
        ComputationGraph g = (ComputationGraph) model.network();
        for (org.deeplearning4j.nn.api.Layer layer : g.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base && layer.numParams() > 0) {
                assertThat(base.getIUpdater()).as("updater of %s", base.getLayerName()).isEqualTo(expected);
            }
        }
    }
}
