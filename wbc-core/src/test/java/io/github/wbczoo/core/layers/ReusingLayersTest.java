package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.WbcBackend;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The reusing layers give DL4J's gradients exactly, and really skip the second forward computation.
 */
class ReusingLayersTest {
    static {
        WbcBackend.init();
    }

    private static final int BATCH = 3;

    /** conv(act) -> BN -> pool -> depthwise(act) -> conv(act) -> dense(act) -> softmax, plain or reusing. */
    private static MultiLayerNetwork network(Activation act, boolean reusing) {
        Function<ConvolutionLayer, ConvolutionLayer> conv = c -> reusing ? ReusingConvolutionLayer.of(c) : c;
        Function<DenseLayer, DenseLayer> dense = d -> reusing ? ReusingDenseLayer.of(d) : d;
        Function<DepthwiseConvolution2D, DepthwiseConvolution2D> depthwise = d -> reusing ? ReusingDepthwiseConvolution2D.of(d) : d;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(conv.apply(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(act)
                        .convolutionMode(ConvolutionMode.Same).build()))
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder(2, 2).stride(2, 2).build())
                .layer(depthwise.apply(new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).activation(act)
                        .convolutionMode(ConvolutionMode.Same).hasBias(false).build()))
                .layer(conv.apply(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(act).hasBias(false)
                        .convolutionMode(ConvolutionMode.Truncate).padding(1, 1).build()))
                .layer(dense.apply(new DenseLayer.Builder().nOut(7).activation(act).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(11, 13, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 4);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 4, 1f);
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "IDENTITY", "TANH"})
    void gradientsEqualDl4jsOwnLayers(Activation act) {
        MultiLayerNetwork plain = network(act, false);
        MultiLayerNetwork reusing = network(act, true);
        reusing.setParams(plain.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 3, 11, 13).subi(0.5);

        for (MultiLayerNetwork net : new MultiLayerNetwork[] {plain, reusing}) {
            net.setInput(x);
            net.setLabels(labels());
            net.computeGradientAndScore();
        }

        assertThat(reusing.getLayer(0)).isInstanceOf(ReusingConvolutionLayer.Impl.class);
        assertThat(reusing.getLayer(3)).isInstanceOf(ReusingDepthwiseConvolution2D.Impl.class);
        assertThat(reusing.getLayer(5)).isInstanceOf(ReusingDenseLayer.Impl.class);
        assertThat(reusing.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(reusing.score()).isCloseTo(plain.score(), org.assertj.core.data.Offset.offset(1e-6));
        Map<String, INDArray> expected = plain.gradient().gradientForVariable();
        Map<String, INDArray> actual = reusing.gradient().gradientForVariable();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        // Within float rounding of the layer's largest gradient: the direct convolution may sum the batch in
        // another order (one thread against libnd4j's two, AVX-512 kernels against AVX2), about 1e-6 of it
        // apart. The first convolution's bias feeds a batch norm, so its exact gradient is zero and what both
        // give is rounding of sums as large as the layer's weight gradient: the layer's scale, not the bias's.
        expected.forEach((name, g) -> {
            INDArray weights = expected.get(name.substring(0, name.lastIndexOf('_') + 1) + "W");
            double scale = Math.max(g.amaxNumber().doubleValue(), weights == null ? 0 : weights.amaxNumber().doubleValue());
            assertThat(actual.get(name).sub(g).amaxNumber().doubleValue())
                    .as(name).isLessThanOrEqualTo(Math.max(1e-6, 1e-5 * scale));
        });
    }

    @Test
    void backwardPassUsesTheForwardOutputInsteadOfRecomputingIt() {
        // After the forward pass, push the bias far negative. A recomputed pre-activation would be all
        // negative, so ReLU would pass no gradient at all; the kept forward output still passes it.
        for (boolean reusing : new boolean[] {false, true}) {
            MultiLayerNetwork net = network(Activation.RELU, reusing);
            net.initGradientsView();
            org.deeplearning4j.nn.api.Layer conv = net.getLayer(0);
            INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, 3, 11, 13);
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            conv.setInput(x, mgr);
            INDArray out = conv.activate(true, mgr);
            conv.getParam("b").assign(-1e6);
            INDArray inputGradient = conv.backpropGradient(Nd4j.onesLike(out), mgr).getSecond();
            double gradientSize = inputGradient.norm2Number().doubleValue();
            if (reusing) {
                assertThat(gradientSize).as("reusing layer").isGreaterThan(0.1);
            } else {
                assertThat(gradientSize).as("DL4J's own layer recomputes").isZero();
            }
        }
    }

    @Test
    void inferenceKeepsNothingAndSecondBackwardRecomputes() {
        MultiLayerNetwork net = network(Activation.RELU, true);
        net.initGradientsView();
        org.deeplearning4j.nn.api.Layer conv = net.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        conv.setInput(Nd4j.rand(DataType.FLOAT, BATCH, 3, 11, 13), mgr);
        INDArray out = conv.activate(false, mgr);
        conv.getParam("b").assign(-1e6);
        // Not training: nothing was kept, the backward pass recomputes with the new (dead) bias.
        assertThat(conv.backpropGradient(Nd4j.onesLike(out), mgr).getSecond().norm2Number().doubleValue()).isZero();
    }

    @Test
    void configurationSurvivesJsonAndCopiesEverySetting() {
        MultiLayerNetwork net = network(Activation.RELU, true);
        String json = net.getLayerWiseConfigurations().toJson();
        assertThat(json).contains(ReusingConvolutionLayer.class.getName(), ReusingDenseLayer.class.getName(),
                ReusingDepthwiseConvolution2D.class.getName());
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertThat(back).isEqualTo(net.getLayerWiseConfigurations());
        ConvolutionLayer second = (ConvolutionLayer) back.getConf(4).getLayer();
        assertThat(second).isInstanceOf(ReusingConvolutionLayer.class);
        assertThat(second.hasBias()).isFalse();
        assertThat(second.getPadding()).containsExactly(1, 1);
        assertThat(second.getConvolutionMode()).isEqualTo(ConvolutionMode.Truncate);
        assertThat(second.getNOut()).isEqualTo(5);
    }

    @Test
    void onlyPlainLayersCanBeWrapped() {
        assertThatThrownBy(() -> ReusingDenseLayer.of(new DenseLayer() { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Expected a plain DenseLayer, got ");
    }
}
