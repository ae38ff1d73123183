package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The optimisation study's basicCnn family: counts, names, knobs, validation, a training step. */
class BasicCnnTest {

    /*
     * At 120x160, conv 3x3 same then 2x2 valid pooling per block; (9 * in + 1) * out per conv:
     *   block1 3->32: 896   block2 32->64: 18,496   block3 64->128: 73,856
     *   1 block:  60x80x32  = 153,600 -> dense 128: 153,600*128+128 = 19,660,928
     *   2 blocks: 30x40x64  =  76,800 -> dense 128:  76,800*128+128 =  9,830,528
     *   3 blocks: 15x20x128 =  38,400 -> dense 128:  38,400*128+128 =  4,915,328
     *   output 128*4+4 = 516
     *   1: 896 + 19,660,928 + 516                    = 19,662,340
     *   2: 896 + 18,496 + 9,830,528 + 516            =  9,850,436
     *   3: 896 + 18,496 + 73,856 + 4,915,328 + 516   =  5,009,092
     * Batch norm adds gamma and beta per filter: +64, +64+128 = 192, +64+128+256 = 448.
     */
    @ParameterizedTest
    @CsvSource({
        "1, false, basicCnn,         19662340",
        "1, true,  basicCnn,         19662404",
        "2, false, basicCnn.deeper2,  9850436",
        "2, true,  basicCnn.deeper2,  9850628",
        "3, false, basicCnn.deeper3,  5009092",
        "3, true,  basicCnn.deeper3,  5009540"})
    void parameterCounts(int blocks, boolean batchNorm, String name, long params) {
        WbcModel m = WbcModels.basicCnn(blocks).batchNorm(batchNorm).build();
        assertThat(m.architecture()).isEqualTo(name);
        assertThat(m.trainableParams()).isEqualTo(params);
    }

    @Test
    void dropoutDoesNotChangeTheParameterCount() {
        assertThat(WbcModels.basicCnn(2).dropout(0).build().trainableParams()).isEqualTo(9_850_436);
    }

    @Test
    void layerNamesWithAndWithoutOptionalLayers() {
        assertThat(layerNames(WbcModels.basicCnn(2).batchNorm(true).dropout(0.2)))
                .containsExactly("block1_conv", "block1_bn", "block1_relu", "block1_pool",
                        "block2_conv", "block2_bn", "block2_relu", "block2_pool",
                        "dropout_1", "dense", "dropout_2", "predictions");
        assertThat(layerNames(WbcModels.basicCnn(1).dropout(0)))
                .containsExactly("block1_conv", "block1_pool", "dense", "predictions");
    }

    @Test
    void dropoutRateIsKerasStyleFractionDropped() {
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.basicCnn(1).dropout(0.2).build().network();
        DropoutLayer d = (DropoutLayer) net.getLayer("dropout_1").conf().getLayer();
        // DL4J's Dropout takes the probability to KEEP.
        assertThat(((Dropout) d.getIDropout()).getP()).isEqualTo(0.8);
    }

    @Test
    void optimizerKnobSetsTheStudysLearningRates() {
        assertThat(updaterOf(WbcModels.basicCnn(1).optimizer("sgd"))).isEqualTo(new Sgd(0.01));
        assertThat(updaterOf(WbcModels.basicCnn(1).optimizer("RMSProp"))).isEqualTo(new RmsProp(0.001, 0.9, 1e-7));
        assertThat(updaterOf(WbcModels.basicCnn(1))).isEqualTo(new Adam(0.001, 0.9, 0.999, 1e-7));
        assertThat(WbcModels.basicCnn(1).optimizer(KerasOptimizer.SGD).recipe().updater()).isEqualTo(new Sgd(0.01));
    }

    @Test
    void unknownOptimizerListsTheValidNames() {
        assertThatThrownBy(() -> WbcModels.basicCnn(1).optimizer("adagrad"))
                .hasMessage("Unknown optimizer 'adagrad'; valid names: sgd, rmsprop, adam");
    }

    @Test
    void featurewiseCenteringSwitchesTheNormalisation() {
        BasicCnn b = WbcModels.basicCnn(1).featurewiseCenter(true);
        assertThat(b.dataConfig().normalization()).isEqualTo(Normalization.featurewiseCenter());
        assertThat(b.build().notes().get("regularisation")).isEqualTo("dropout 0.2, batch norm off, featurewise centering on");
        assertThat(b.featurewiseCenter(false).dataConfig().normalization()).isEqualTo(Normalization.divideBy255());
    }

    @Test
    void validationMessages() {
        assertThatThrownBy(() -> WbcModels.basicCnn(4))
                .hasMessage("basicCnn has 1, 2 or 3 blocks, got 4");
        assertThatThrownBy(() -> WbcModels.basicCnn(1).dropout(1.0).build())
                .hasMessage("basicCnn: dropout rate must be in [0, 1) (0 = no dropout), got 1.0");
        assertThatThrownBy(() -> WbcModels.basicCnn(3).inputSize(6, 160).build())
                .hasMessage("basicCnn.deeper3: input 160x6 (width x height) is too small; its 3 2x2 poolings need at least 8x8");
    }

    @Test
    void deepestVariantWithEveryOptionTrainsOnRealImages() {
        WbcModel m = WbcModels.basicCnn(3).batchNorm(true).dropout(0.2).optimizer("rmsprop").build();
        DataSet batch = BccdSample.batch(m.dataConfig(), 1);
        INDArray before = m.snapshotParams();
        m.fitBatch(batch);
        assertThat(m.network().params().equalsWithEps(before, 0)).isFalse();
        assertThat(Double.isFinite(m.loss(batch))).isTrue();
        assertThat(m.output(batch.getFeatures()).shape()).containsExactly(4, 4);
    }

    private static List<String> layerNames(BasicCnn b) {
        MultiLayerNetwork net = (MultiLayerNetwork) b.build().network();
        return Arrays.stream(net.getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
    }

    private static IUpdater updaterOf(BasicCnn b) {
        MultiLayerNetwork net = (MultiLayerNetwork) b.build().network();
        return ((BaseLayer) net.getLayer("dense").conf().getLayer()).getIUpdater();
    }
}
