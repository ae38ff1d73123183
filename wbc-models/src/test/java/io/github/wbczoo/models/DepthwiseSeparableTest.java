package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.ReduceLROnPlateau;
import io.github.wbczoo.core.train.TrainingCallback;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/** Rao et al.'s depthwise-separable network: count, layers, recipe, initialisation, a training step. */
class DepthwiseSeparableTest {

    @Test
    void hasThePinnedParameterCount() {
        // 150x150 input.
        // conv1 3->32 3x3: 3*3*3*32 + 32                               =       896   -> pool 75x75
        // sepconv1 32->64 k3: depthwise 9*32 = 288, pointwise 32*64+64 = 2,112, BN 2*64 = 128  ->  2,528, pool 37
        // sepconv2 64->128 k5: 25*64 = 1,600, 64*128+128 = 8,320, BN 256                     -> 10,176, pool 18
        // sepconv3 128->256 k3: 9*128 = 1,152, 128*256+256 = 33,024, BN 512                  -> 34,688, pool 9
        // sepconv4 256->256 k5: 25*256 = 6,400, 256*256+256 = 65,792, BN 512                 -> 72,704, pool 4
        // flatten 4*4*256 = 4,096
        // dense1 4,096*512+512 = 2,097,664; dense2 512*128+128 = 65,664; dense3 128*64+64 = 8,256; out 64*4+4 = 260
        // 896 + 2,528 + 10,176 + 34,688 + 72,704 + 2,097,664 + 65,664 + 8,256 + 260 = 2,292,836
        WbcModel m = WbcModels.depthwiseSeparable().build();
        assertThat(m.trainableParams()).isEqualTo(2_292_836);
        // DL4J itself also counts the batch norms' running mean and variance: 2 * (64 + 128 + 256 + 256) more.
        assertThat(m.network().numParams()).isEqualTo(2_292_836 + 2 * (64 + 128 + 256 + 256));
    }

    @Test
    void separableConvolutionsAreADepthwiseKernelWithoutBiasThenAPointwiseOneWithBias() {
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.depthwiseSeparable().build().network();
        Layer depthwise = net.getLayer("sepconv2_depthwise");
        assertThat(depthwise.paramTable().keySet()).containsExactly("W");
        assertThat(depthwise.getParam("W").shape()).containsExactly(5, 5, 64, 1);
        Layer pointwise = net.getLayer("sepconv2_pointwise");
        assertThat(pointwise.getParam("W").shape()).containsExactly(128, 64, 1, 1);
        assertThat(pointwise.getParam("b").length()).isEqualTo(128);
    }

    @Test
    void layerNames() {
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.depthwiseSeparable().build().network();
        List<String> names = Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertThat(names).containsExactly("conv1", "pool1",
                "sepconv1_depthwise", "sepconv1_pointwise", "sepconv1_bn", "sepconv1_relu", "sepconv1_pool",
                "sepconv2_depthwise", "sepconv2_pointwise", "sepconv2_bn", "sepconv2_relu", "sepconv2_pool",
                "sepconv3_depthwise", "sepconv3_pointwise", "sepconv3_bn", "sepconv3_relu", "sepconv3_pool",
                "sepconv4_depthwise", "sepconv4_pointwise", "sepconv4_bn", "sepconv4_relu", "sepconv4_pool",
                "dense1", "dropout1", "dense2", "dropout2", "dense3", "dropout3", "predictions");
    }

    @Test
    void recipeIsThePapers() {
        DepthwiseSeparable b = WbcModels.depthwiseSeparable();
        Recipe r = b.recipe();
        assertThat(r.data().height()).isEqualTo(150);
        assertThat(r.data().width()).isEqualTo(150);
        assertThat(r.data().normalization()).isEqualTo(Normalization.divideBy255());
        assertThat(r.updater()).isEqualTo(new Adam(0.001, 0.9, 0.999, 1e-7));
        assertThat(r.batchSize()).isEqualTo(32);
        assertThat(r.epochs()).isEqualTo(32);
        assertThat(r.reduceLrOnPlateau()).isEqualTo(new Recipe.ReduceLROnPlateauSpec("val_accuracy", 0.3, 3, 1e-4, 0, 0));
        assertThat(r.split()).isEqualTo(SplitPolicy.pooled(0.8, 0.1, 0.1));
        assertThat(r.split().leaky()).isTrue();
        assertThat(r.summary()).contains("pooled split (leaky)");
        List<TrainingCallback> callbacks = b.trainingConfig(RunOptions.defaults()).callbacks();
        assertThat(callbacks).anySatisfy(c -> assertThat(c).isInstanceOf(ReduceLROnPlateau.class));
        ModelInfo info = WbcModels.info("depthwiseSeparable");
        assertThat(info.paper()).isEqualTo("Rao et al.");
        assertThat(info.recipe()).isEqualTo("150x150 divide_255, Adam, batch 32, 32 epochs, pooled split (leaky)");
    }

    @Test
    void pointwiseKernelsUseKerasGlorotLimits() {
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.depthwiseSeparable().build().network();
        // sepconv1: 32 -> 64, Keras limit sqrt(6 / (32 + 64)) = 0.25 (DL4J alone would use sqrt(6 / 64) = 0.306)
        INDArray pw = net.getLayer("sepconv1_pointwise").getParam("W");
        double maxAbs = pw.amaxNumber().doubleValue();
        assertThat(maxAbs).isLessThanOrEqualTo(0.25).isGreaterThan(0.24);
        // sepconv3: 128 -> 256, limit sqrt(6 / 384) = 0.125
        assertThat(net.getLayer("sepconv3_pointwise").getParam("W").amaxNumber().doubleValue()).isLessThanOrEqualTo(0.125).isGreaterThan(0.12);
    }

    @Test
    void sameSeedSameWeights() {
        INDArray a = WbcModels.depthwiseSeparable().seed(5).build().network().params();
        INDArray b = WbcModels.depthwiseSeparable().seed(5).build().network().params();
        INDArray c = WbcModels.depthwiseSeparable().seed(6).build().network().params();
        assertThat(a.equalsWithEps(b, 0)).isTrue();
        assertThat(a.equalsWithEps(c, 0)).isFalse();
    }

    @Test
    void rejectsATooSmallInput() {
        assertThatThrownBy(() -> WbcModels.depthwiseSeparable().inputSize(31, 150).build())
                .hasMessage("depthwiseSeparable: input 150x31 (width x height) is too small; its five 2x2 poolings need at least 32x32");
    }

    @Test
    void trainsOneStepOnRealImages() {
        // 64x64 instead of 150x150 keeps the unit test quick on two cores; every layer is exercised the same way.
        WbcModel m = WbcModels.depthwiseSeparable().inputSize(64, 64).build();
        DataSet batch = BccdSample.batch(m.dataConfig(), 1);
        INDArray before = m.snapshotParams();
        m.fitBatch(batch);
        assertThat(m.network().params().equalsWithEps(before, 0)).isFalse();
        assertThat(Double.isFinite(m.loss(batch))).isTrue();
        assertThat(m.output(batch.getFeatures()).shape()).containsExactly(4, 4);
    }
}
