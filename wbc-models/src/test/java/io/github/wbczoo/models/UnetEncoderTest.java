package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/** Sarkar et al.'s U-net encoder: structure, parameter count, the loss knob, training and saving. */
class UnetEncoderTest {

    @Test
    void hasThePapersParameterCount() {
        // 3x3 convs, (9 * in + 1) * out each:
        //   block1: 3->4: 112,     4->8: 296
        //   block2: 8->16: 1,168,  16->16: 2,320
        //   block3: 16->32: 4,640, 32->32: 9,248
        //   block4: 32->64: 18,496, 64->64: 36,928        convs: 73,208
        // 240x320 -> 120x160 -> 60x80 -> 30x40 -> 15x20; flatten 15*20*64 = 19,200
        //   dense 4: 19,200 * 4 + 4 = 76,804
        // 73,208 + 76,804 = 150,012 (the paper's figure)
        WbcModel m = WbcModels.unetEncoder().build();
        assertThat(m.trainableParams()).isEqualTo(150_012);
        assertThat(m.dataConfig().height()).isEqualTo(240);
        assertThat(m.dataConfig().width()).isEqualTo(320);
        assertThat(m.dataConfig().normalization()).isEqualTo(Normalization.raw());
    }

    @Test
    void layersHaveReadableNames() {
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.unetEncoder().build().network();
        List<String> names = Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
        assertThat(names).containsExactly("block1_conv1", "block1_conv2", "block1_pool", "block2_conv1", "block2_conv2",
                "block2_pool", "block3_conv1", "block3_conv2", "block3_pool", "block4_conv1", "block4_conv2", "block4_pool",
                "predictions");
    }

    @Test
    void recipeIsThePapers() {
        Recipe r = WbcModels.unetEncoder().recipe();
        assertThat(r.epochs()).isEqualTo(100);
        assertThat(r.batchSize()).isEqualTo(32);
        assertThat(r.updater()).isInstanceOf(org.nd4j.linalg.learning.config.Adam.class);
        assertThat(r.updater().getLearningRate(0, 0)).isEqualTo(0.001);
        assertThat(r.augmentation().isIdentity()).isTrue();
    }

    @Test
    void lossKnobPicksTheOutputLoss() {
        assertThat(outputLoss(WbcModels.unetEncoder())).isInstanceOf(LossMCXENT.class);
        assertThat(outputLoss(WbcModels.unetEncoder().loss("mse")))
                .isEqualTo(new LogitRegressionLoss(new LossMSE(), LogitRegressionLoss.Target.ONE_HOT));
        assertThat(outputLoss(WbcModels.unetEncoder().loss(UnetEncoder.Loss.HUBER)
                .regressionTarget(LogitRegressionLoss.Target.CLASS_INDEX)))
                .isEqualTo(new LogitRegressionLoss(new HuberLoss(1.0), LogitRegressionLoss.Target.CLASS_INDEX));
        // The output stays a softmax whatever the loss, so predictions are probabilities.
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.unetEncoder().loss("huber").build().network();
        assertThat(((OutputLayer) net.getOutputLayer().conf().getLayer()).getActivationFn()).isInstanceOf(ActivationSoftmax.class);
        assertThat(WbcModels.unetEncoder().loss("huber").build().notes().get("loss"))
                .isEqualTo("Huber (delta 1.0) between the 4 logits and the one-hot labels");
    }

    @Test
    void unknownLossListsTheValidNames() {
        assertThatThrownBy(() -> WbcModels.unetEncoder().loss("hinge"))
                .hasMessage("Unknown loss 'hinge'; valid names: sparse_categorical_crossentropy, mean_squared_error, huber (or mse)");
    }

    @Test
    void rejectsAnInputTooSmallForFourPoolings() {
        assertThatThrownBy(() -> WbcModels.unetEncoder().inputSize(8, 320).build())
                .hasMessage("unetEncoder: input 320x8 (width x height) is too small; its four 2x2 poolings need at least 16x16");
    }

    @Test
    void everyLossTrainsOneStepOnRealImagesAndPredictsProbabilities() {
        for (UnetEncoder.Loss loss : UnetEncoder.Loss.values()) {
            WbcModel m = WbcModels.unetEncoder().loss(loss).build();
            DataSet batch = BccdSample.batch(m.dataConfig(), 1);
            INDArray before = m.snapshotParams();
            m.fitBatch(batch);
            assertThat(m.network().params().equalsWithEps(before, 0)).as(loss + " changed the weights").isFalse();
            assertThat(Double.isFinite(m.loss(batch))).as(loss + " loss is finite").isTrue();
            INDArray p = m.output(batch.getFeatures());
            assertThat(p.shape()).containsExactly(4, 4);
            for (int i = 0; i < 4; i++) {
                assertThat(p.getRow(i).sumNumber().doubleValue()).as(loss + " row sum").isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void huberModelSavesAndLoadsWithItsLoss(@TempDir Path dir) {
        WbcModel m = WbcModels.unetEncoder().loss(UnetEncoder.Loss.HUBER).inputSize(60, 80).build();
        DataSet batch = BccdSample.batch(m.dataConfig(), 1);
        m.fitBatch(batch);
        Path file = dir.resolve("unet.wbc");
        m.save(file);
        WbcModel back = WbcModel.load(file);
        assertThat(back.architecture()).isEqualTo("unetEncoder");
        assertThat(back.notes()).containsEntry("loss", "Huber (delta 1.0) between the 4 logits and the one-hot labels");
        assertThat(back.output(batch.getFeatures()).equalsWithEps(m.output(batch.getFeatures()), 1e-6)).isTrue();
        assertThat(back.loss(batch)).isCloseTo(m.loss(batch), within(1e-6));
        assertThat(outputLoss((MultiLayerNetwork) back.network()))
                .isEqualTo(new LogitRegressionLoss(new HuberLoss(), LogitRegressionLoss.Target.ONE_HOT));
    }

    private static Object outputLoss(UnetEncoder b) {
        return outputLoss((MultiLayerNetwork) b.build().network());
    }

    private static Object outputLoss(MultiLayerNetwork net) {
        return ((OutputLayer) net.getOutputLayer().conf().getLayer()).getLossFn();
    }
}
