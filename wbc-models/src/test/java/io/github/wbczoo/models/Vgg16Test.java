package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.TrainableParams;
import io.github.wbczoo.core.WbcModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * vgg16Transfer and vgg16Gap: counts, layer names, freezing, validation, and the weight loading
 * paths (Keras HDF5 and DL4J zip) with files the tests write themselves. Networks that are run
 * use a 32x32 input (the smallest VGG16 takes): convolution weights do not depend on the input
 * size, and 224x224 would be slow on a laptop CPU.
 */
class Vgg16Test {
    /*
     * VGG16 base, (9 * in + 1) * out per 3x3 conv:
     *   block1: 3->64 1,792; 64->64 36,928                                  =    38,720
     *   block2: 64->128 73,856; 128->128 147,584                            =   221,440
     *   block3: 128->256 295,168; 256->256 590,080 x2                       = 1,475,328
     *   block4: 256->512 1,180,160; 512->512 2,359,808 x2                   = 5,899,776
     *   block5: 512->512 2,359,808 x3                                       = 7,079,424
     *   base                                                                = 14,714,688
     * GAP head: 512*112+112 = 57,456; 112*4+4 = 452                         =    57,908
     * Flatten head at 224: 7*7*512 = 25,088; 25,088*256+256 = 6,422,784; 256*4+4 = 1,028 = 6,423,812
     * Flatten head at 32:  1*1*512;          512*256+256 = 131,328;       + 1,028      =   132,356
     */
    private static final long BASE = 14_714_688;
    private static final long BLOCK5 = 7_079_424;
    private static final long GAP_HEAD = 57_908;
    private static final long FLATTEN_HEAD_224 = 6_423_812;
    private static final long FLATTEN_HEAD_32 = 132_356;

    @Test
    void parameterCountsWithNothingFrozen() {
        assertThat(BASE + GAP_HEAD).isEqualTo(14_772_596); // docs/architectures.md's figure for vgg16Gap
        assertThat(WbcModels.vgg16Gap().build().trainableParams()).isEqualTo(14_772_596);
        assertThat(WbcModels.vgg16Transfer().build().trainableParams()).isEqualTo(BASE + FLATTEN_HEAD_224);
    }

    @Test
    void parameterCountsWithAllButTheLastBlockFrozen() {
        assertThat(WbcModels.vgg16Gap().freezeUpTo("block4_pool").build().trainableParams()).isEqualTo(BLOCK5 + GAP_HEAD);
        assertThat(WbcModels.vgg16Transfer().freezeUpTo("block4_pool").build().trainableParams())
                .isEqualTo(BLOCK5 + FLATTEN_HEAD_224);
        // Freezing block 1 only removes its 38,720.
        assertThat(WbcModels.vgg16Gap().freezeUpTo("block1_pool").build().trainableParams()).isEqualTo(14_772_596 - 38_720);
    }

    @Test
    void baseHasKerasLayerNamesAndHeadsDiffer() {
        assertThat(layerNames(WbcModels.vgg16Gap().inputSize(32, 32).build()))
                .containsExactly("block1_conv1", "block1_conv2", "block1_pool", "block2_conv1", "block2_conv2", "block2_pool",
                        "block3_conv1", "block3_conv2", "block3_conv3", "block3_pool",
                        "block4_conv1", "block4_conv2", "block4_conv3", "block4_pool",
                        "block5_conv1", "block5_conv2", "block5_conv3", "block5_pool",
                        "global_average_pooling", "fc1", "dropout", "predictions");
        assertThat(layerNames(WbcModels.vgg16Transfer().inputSize(32, 32).build()))
                .endsWith("block5_pool", "fc1", "dropout", "predictions");
        assertThat(layerNames(WbcModels.create("vgg16Gap.paper").inputSize(32, 32).build()))
                .endsWith("block5_pool", "global_average_pooling", "fc1", "fc2", "predictions");
        assertThat(layerNames(WbcModels.create("vgg16Gap.beforeGap").inputSize(32, 32).build()))
                .endsWith("block5_pool", "fc1", "fc2", "predictions");
    }

    /** The poster's model: its head counted by hand, and the whole network fine-tuned even with ImageNet weights. */
    @Test
    void andersonsPrintedHeadIsFineTunedWhole(@TempDir Path dir) {
        // GAP 512 -> 100: 51,300; 100 -> 100: 10,100; 100 -> 4: 404
        assertThat(BASE + 51_300 + 10_100 + 404).isEqualTo(14_776_492);
        assertThat(WbcModels.create("vgg16Gap.paper").paper()).isEqualTo(io.github.wbczoo.core.Paper.ANDERSON);
        Path h5 = dir.resolve("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
        KerasVgg16H5.write(h5, KerasVgg16H5.Naming.NOTOP, 7);
        WbcModel m = ((Vgg16) WbcModels.create("vgg16Gap.paper")).inputSize(32, 32).weights(h5).build();
        assertThat(m.notes().get("frozen")).isEqualTo("nothing");
        assertThat(m.trainableParams()).isEqualTo(14_776_492);
        // the spec's vgg16Gap keeps freezing all but the last block with weights
        assertThat(WbcModels.vgg16Gap().inputSize(32, 32).weights(h5).build().notes().get("frozen"))
                .isEqualTo("block1_conv1 up to block4_pool");
    }

    @Test
    void recipesTieImagenetPreprocessingAnd224Input() {
        for (Vgg16 b : List.of(WbcModels.vgg16Transfer(), WbcModels.vgg16Gap())) {
            assertThat(b.dataConfig().height()).isEqualTo(224);
            assertThat(b.dataConfig().width()).isEqualTo(224);
            assertThat(b.dataConfig().normalization()).isEqualTo(Normalization.imagenet());
        }
        assertThat(WbcModels.vgg16Gap().paper()).isEqualTo(io.github.wbczoo.core.Paper.ANDERSON);
        ModelInfo info = WbcModels.info("vgg16Gap");
        assertThat(info.trainableParams()).isEqualTo(14_772_596);
        assertThat(info.recipe()).isEqualTo("224x224 imagenet, Adam, batch 32, 30 epochs");
    }

    @Test
    void withoutWeightsNothingIsFrozenAndTheModelSaysSo() {
        Vgg16 b = WbcModels.vgg16Gap().inputSize(32, 32);
        assertThat(b.frozenUpTo()).isNull();
        WbcModel m = b.build();
        assertThat(m.notes().get("weights"))
                .isEqualTo("none supplied: the VGG16 base starts from random (glorot-uniform) weights and trains from scratch");
        assertThat(m.notes().get("frozen")).isEqualTo("nothing");
        assertThat(((MultiLayerNetwork) m.network()).getLayers()).noneMatch(l -> l instanceof FrozenLayer);
    }

    @Test
    void unknownFreezeLayerListsTheValidNames() {
        assertThatThrownBy(() -> WbcModels.vgg16Gap().freezeUpTo("block6_pool").build())
                .hasMessage("vgg16Gap: cannot freeze up to unknown layer 'block6_pool'; valid layer names: "
                        + "block1_conv1, block1_conv2, block1_pool, block2_conv1, block2_conv2, block2_pool, "
                        + "block3_conv1, block3_conv2, block3_conv3, block3_pool, block4_conv1, block4_conv2, block4_conv3, "
                        + "block4_pool, block5_conv1, block5_conv2, block5_conv3, block5_pool");
    }

    @Test
    void rejectsTooSmallInputAndMissingWeightsFile(@TempDir Path dir) {
        assertThatThrownBy(() -> WbcModels.vgg16Transfer().inputSize(224, 31).build())
                .hasMessage("vgg16Transfer: input 31x224 (width x height) is too small; VGG16's five 2x2 poolings need at least 32x32");
        Path missing = dir.resolve("nope.h5");
        assertThatThrownBy(() -> WbcModels.vgg16Gap().weights(missing).build())
                .hasMessage("vgg16Gap: no weights file at " + missing.toAbsolutePath());
    }

    @Test
    void frozenLayersKeepTheirWeightsWhileTheRestTrain() {
        WbcModel m = WbcModels.vgg16Gap().inputSize(32, 32).freezeUpTo("block4_pool").build();
        MultiLayerNetwork net = (MultiLayerNetwork) m.network();
        DataSet batch = BccdSample.batch(m.dataConfig(), 1);
        Map<String, INDArray> before = paramsByLayer(net);
        m.fitBatch(batch);
        Map<String, INDArray> after = paramsByLayer(net);
        int lastFrozen = Vgg16.BASE_LAYERS.indexOf("block4_pool");
        for (Layer l : net.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (l.numParams() == 0) {
                continue;
            }
            boolean frozen = Vgg16.BASE_LAYERS.indexOf(name) >= 0 && Vgg16.BASE_LAYERS.indexOf(name) <= lastFrozen;
            assertThat(l instanceof FrozenLayer).as(name + " frozen").isEqualTo(frozen);
            boolean unchanged = after.get(name).equalsWithEps(before.get(name), 0);
            assertThat(unchanged).as(name + (frozen ? " must not change" : " must train")).isEqualTo(frozen);
        }
        assertThat(m.notes().get("frozen")).isEqualTo("block1_conv1 up to block4_pool");
    }

    @Test
    void frozenLayersSurviveTheSavedConfiguration() {
        // What a saved model keeps: the configuration JSON plus the parameters (WbcModel.save writes both
        // through DL4J's ModelSerializer; done here directly to skip compressing 59 MB of weights).
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.vgg16Gap().inputSize(32, 32).freezeUpTo("block2_pool").build()
                .network();
        MultiLayerNetwork back = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
        back.init(net.params(), true);
        assertThat(back.getLayer("block2_conv2")).isInstanceOf(FrozenLayer.class);
        assertThat(back.getLayer("block3_conv1")).isNotInstanceOf(FrozenLayer.class);
        // block1 38,720 + block2 221,440 frozen. (The cast matters: a MultiLayerNetwork is also a Layer, and
        // TrainableParams.count(Layer) would count the whole network's parameters, frozen ones included.)
        assertThat(TrainableParams.count((Model) back)).isEqualTo(14_772_596 - 38_720 - 221_440);
        INDArray x = BccdSample.batch(WbcModels.vgg16Gap().inputSize(32, 32).dataConfig(), 1).getFeatures();
        assertThat(back.output(x).equalsWithEps(net.output(x), 1e-6)).isTrue();
    }

    // ---- Keras HDF5 ------------------------------------------------------------------------

    @Test
    void loadsKerasNotopHdf5AndFreezesAllButTheLastBlock(@TempDir Path dir) {
        Path h5 = dir.resolve("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
        Map<String, KerasVgg16H5.LayerValues> written = KerasVgg16H5.write(h5, KerasVgg16H5.Naming.NOTOP, 7);
        WbcModel m = WbcModels.vgg16Gap().inputSize(32, 32).weights(h5).build();
        MultiLayerNetwork net = (MultiLayerNetwork) m.network();
        for (Vgg16Weights.Conv c : Vgg16Weights.CONVS) {
            KerasVgg16H5.LayerValues v = written.get(c.name());
            assertThat(net.getLayer(c.name()).getParam("W").equalsWithEps(v.dl4jKernel(), 0)).as(c.name() + " kernel").isTrue();
            assertThat(net.getLayer(c.name()).getParam("b").reshape(c.out()).equalsWithEps(Nd4j.create(v.bias()), 0))
                    .as(c.name() + " bias").isTrue();
        }
        assertThat(m.notes().get("weights"))
                .isEqualTo("pretrained VGG16 weights from vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 (Keras HDF5)");
        assertThat(m.notes().get("frozen")).isEqualTo("block1_conv1 up to block4_pool");
        assertThat(m.trainableParams()).isEqualTo(BLOCK5 + GAP_HEAD);
        // End to end: the loaded model predicts real images.
        INDArray p = m.output(BccdSample.batch(m.dataConfig(), 1).getFeatures());
        assertThat(p.sum(1).toDoubleVector()).containsOnly(new double[] {1, 1, 1, 1}, within(1e-5));
    }

    @Test
    void kerasKernelOrientationIsKept(@TempDir Path dir) {
        // A single lit pixel shows how the kernel is applied: Keras (TensorFlow) cross-correlates, so the
        // output at (y - i + 1, x - j + 1) of filter o is bias[o] + kernel[i][j][c][o] for input channel c.
        Path h5 = dir.resolve("w.h5");
        Map<String, KerasVgg16H5.LayerValues> written = KerasVgg16H5.write(h5, KerasVgg16H5.Naming.NOTOP, 3);
        MultiLayerNetwork net = (MultiLayerNetwork) WbcModels.vgg16Gap().inputSize(32, 32).weights(h5).freezeNone()
                .build().network();
        float[] kernel = written.get("block1_conv1").kernel();
        float[] bias = written.get("block1_conv1").bias();
        int y = 10;
        int x = 20;
        int channel = 1;
        INDArray input = Nd4j.zeros(1, 3, 32, 32);
        input.putScalar(new long[] {0, channel, y, x}, 1000f);
        INDArray out = net.feedForwardToLayer(0, input, false).get(1); // after ReLU
        for (int o : new int[] {0, 17, 63}) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double expected = Math.max(0, bias[o] + 1000f * kernel[((i * 3 + j) * 3 + channel) * 64 + o]);
                    assertThat(out.getDouble(0, o, y - i + 1, x - j + 1)).as("filter %d tap (%d,%d)", o, i, j)
                            .isCloseTo(expected, within(1e-3));
                }
            }
        }
    }

    @Test
    void readsNestedKeras2DatasetNamesToo(@TempDir Path dir) {
        Path h5 = dir.resolve("nested.h5");
        Map<String, KerasVgg16H5.LayerValues> written = KerasVgg16H5.write(h5, KerasVgg16H5.Naming.NESTED, 5);
        Map<String, Vgg16Weights.ConvWeights> read = Vgg16Weights.read(h5);
        assertThat(read.keySet()).containsExactlyElementsOf(Vgg16Weights.CONVS.stream().map(Vgg16Weights.Conv::name).toList());
        assertThat(read.get("block5_conv3").kernel().equalsWithEps(written.get("block5_conv3").dl4jKernel(), 0)).isTrue();
        assertThat(read.get("block2_conv1").bias().equalsWithEps(Nd4j.create(written.get("block2_conv1").bias()), 0)).isTrue();
    }

    @Test
    void kerasShapeMismatchFailsNamingLayerAndShapes(@TempDir Path dir) {
        Path h5 = dir.resolve("bad.h5");
        float[] kernel = new float[3 * 3 * 3 * 32];
        KerasVgg16H5.write(h5, KerasVgg16H5.Naming.NOTOP,
                Map.of("block1_conv1", new KerasVgg16H5.LayerValues(new long[] {3, 3, 3, 32}, kernel, new float[32])),
                List.of("block1_conv1"));
        assertThatThrownBy(() -> WbcModels.vgg16Gap().inputSize(32, 32).weights(h5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VGG16 weights file " + h5.toAbsolutePath() + ": block1_conv1 kernel has shape [3, 3, 3, 32]"
                        + " but VGG16 needs [3, 3, 3, 64] (Keras layout height, width, in, out)");
    }

    @Test
    void kerasFileWithoutTheLayersFailsListingWhatItHas(@TempDir Path dir) {
        Path h5 = dir.resolve("other.h5");
        KerasVgg16H5.write(h5, KerasVgg16H5.Naming.NOTOP, Map.of(), List.of("dense_1", "dense_2"));
        assertThatThrownBy(() -> Vgg16Weights.read(h5))
                .hasMessage("VGG16 weights file " + h5.toAbsolutePath() + " has no layer block1_conv1 (its layers: [dense_1, dense_2]);"
                        + " expected Keras' vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5");
    }

    @Test
    void aFileOfAnotherKindIsRejected(@TempDir Path dir) throws IOException {
        Path txt = Files.writeString(dir.resolve("weights.txt"), "not weights");
        assertThatThrownBy(() -> Vgg16Weights.read(txt))
                .hasMessage(txt.toAbsolutePath() + " is neither an HDF5 file (Keras .h5) nor a zip (DL4J model);"
                        + " VGG16 weights come as vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 or a DL4J VGG16 zip");
    }

    // ---- DL4J zip --------------------------------------------------------------------------

    @Test
    void loadsTheBaseFromADl4jZip(@TempDir Path dir) throws IOException {
        // A VGG16 base saved by DL4J (here: our own vgg16Gap network), loaded into the other head.
        MultiLayerNetwork source = (MultiLayerNetwork) WbcModels.vgg16Gap().inputSize(32, 32).seed(1).build().network();
        Path zip = dir.resolve("vgg16.zip");
        ModelSerializer.writeModel(source, zip.toFile(), false);
        WbcModel m = WbcModels.vgg16Transfer().inputSize(32, 32).seed(2).weights(zip).build();
        MultiLayerNetwork net = (MultiLayerNetwork) m.network();
        for (Vgg16Weights.Conv c : Vgg16Weights.CONVS) {
            assertThat(net.getLayer(c.name()).getParam("W").equalsWithEps(source.getLayer(c.name()).getParam("W"), 0))
                    .as(c.name()).isTrue();
            assertThat(net.getLayer(c.name()).getParam("b").equalsWithEps(source.getLayer(c.name()).getParam("b"), 0))
                    .as(c.name()).isTrue();
        }
        assertThat(m.notes().get("weights")).isEqualTo("pretrained VGG16 weights from vgg16.zip (DL4J model zip)");
        assertThat(m.trainableParams()).isEqualTo(BLOCK5 + FLATTEN_HEAD_32);
        // Default freezing follows the weights; explicit choices win.
        assertThat(WbcModels.vgg16Transfer().weights(zip).frozenUpTo()).isEqualTo("block4_pool");
        assertThat(WbcModels.vgg16Transfer().weights(zip).freezeNone().frozenUpTo()).isNull();
        assertThat(WbcModels.vgg16Transfer().freezeUpTo("block3_pool").weights(zip).frozenUpTo()).isEqualTo("block3_pool");
    }

    @Test
    void aDl4jZipWithoutThirteenConvolutionsIsRejected(@TempDir Path dir) throws IOException {
        MultiLayerNetwork unet = (MultiLayerNetwork) WbcModels.unetEncoder().inputSize(16, 16).build().network();
        Path zip = dir.resolve("unet.zip");
        ModelSerializer.writeModel(unet, zip.toFile(), false);
        assertThatThrownBy(() -> Vgg16Weights.read(zip))
                .hasMessage("VGG16 weights file " + zip.toAbsolutePath() + " has 8 convolution layers, VGG16 needs 13"
                        + " (block1_conv1 ... block5_conv3)");
    }

    private static List<String> layerNames(WbcModel m) {
        return Arrays.stream(((MultiLayerNetwork) m.network()).getLayers()).map(l -> l.conf().getLayer().getLayerName()).toList();
    }

    private static Map<String, INDArray> paramsByLayer(MultiLayerNetwork net) {
        Map<String, INDArray> out = new java.util.HashMap<>();
        for (Layer l : net.getLayers()) {
            out.put(l.conf().getLayer().getLayerName(), l.params() == null ? null : l.params().dup());
        }
        return out;
    }
}
