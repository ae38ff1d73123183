package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fast path is real: on CPU the oneDNN helpers are created for convolution, pooling and
 * batch norm, they run without falling back, and their outputs and gradients equal DL4J's
 * built-in implementation.
 */
class LayerHelpersTest {
    // Odd sizes on purpose: they exercise padding and partial pooling windows.
    private static final int BATCH = 3;
    private static final int HEIGHT = 13;
    private static final int WIDTH = 17;
    private static final int CHANNELS = 3;

    @AfterEach
    void restoreDefault() {
        System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, "false");
    }

    @Test
    void backendReportsOneDnnHelpersActive() {
        BackendInfo info = WbcBackend.init();
        assertThat(info.backend()).isEqualToIgnoringCase("CPU");
        assertThat(info.nativeBuild()).contains("onednn");
        assertThat(info.onednnHelpersActive()).isTrue();
        assertThat(info.warnings()).isEmpty();
        assertThat(System.getProperty(WbcBackend.HELPERS_DISABLE_PROPERTY)).isEqualTo("false");
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void helpersAreCreatedAndRunWithoutFallingBack(CNN2DFormat format) throws Exception {
        MultiLayerNetwork net = network(format, false);
        INDArray x = input(format, 1);
        net.setInput(x);
        net.setLabels(labels(2));
        net.computeGradientAndScore();

        assertThat(helperOf(net.getLayer(0))).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(helperOf(net.getLayer(1))).isInstanceOf(MKLDNNBatchNormHelper.class);
        assertThat(helperOf(net.getLayer(2))).isInstanceOf(MKLDNNSubsamplingHelper.class);
        assertThat(helperOf(net.getLayer(3))).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(helperOf(net.getLayer(4))).isInstanceOf(MKLDNNSubsamplingHelper.class);
        for (int i = 0; i < 5; i++) {
            assertThat(helperFailures(net.getLayer(i))).as("helper failures of layer %d", i).isZero();
        }
    }

    @Test
    void disablingHelpersReallyRemovesThem() throws Exception {
        MultiLayerNetwork net = network(CNN2DFormat.NCHW, true);
        assertThat(helperOf(net.getLayer(0))).isNull();
        assertThat(helperOf(net.getLayer(1))).isNull();
        assertThat(helperOf(net.getLayer(2))).isNull();
    }

    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void helperOutputsAndGradientsMatchBuiltIn(CNN2DFormat format) {
        MultiLayerNetwork fast = network(format, false);
        MultiLayerNetwork builtIn = network(format, true);
        builtIn.setParams(fast.params().dup());

        INDArray x = input(format, 7);
        INDArray y = labels(8);
        assertThat(relativeError(fast.output(x, false), builtIn.output(x, false))).isLessThan(1e-4);
        assertThat(relativeError(fast.output(x, true), builtIn.output(x, true))).isLessThan(1e-4);

        fast.setInput(x);
        fast.setLabels(y);
        fast.computeGradientAndScore();
        builtIn.setInput(x);
        builtIn.setLabels(y);
        builtIn.computeGradientAndScore();
        assertThat(fast.score()).isCloseTo(builtIn.score(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(builtIn.score())));

        Map<String, INDArray> g1 = fast.gradient().gradientForVariable();
        Map<String, INDArray> g2 = builtIn.gradient().gradientForVariable();
        assertThat(g1.keySet()).isEqualTo(g2.keySet());
        for (String key : g1.keySet()) {
            assertThat(relativeError(g1.get(key), g2.get(key))).as("gradient %s", key).isLessThan(1e-4);
        }
    }

    private static MultiLayerNetwork network(CNN2DFormat format, boolean disableHelpers) {
        // DL4J decides per layer, at creation, whether to use a helper.
        System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, Boolean.toString(disableHelpers));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(123).dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).convolutionMode(ConvolutionMode.Same)
                        // tanh, not identity: a conv bias followed directly by batch norm has a zero gradient
                        .dataFormat(format).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().dataFormat(format).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).dataFormat(format).build())
                .layer(new ConvolutionLayer.Builder(2, 3).stride(1, 2).nOut(4).convolutionMode(ConvolutionMode.Truncate)
                        .dataFormat(format).activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).dataFormat(format).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(HEIGHT, WIDTH, CHANNELS, format))
                .build());
        net.init();
        return net;
    }

    private static INDArray input(CNN2DFormat format, long seed) {
        Nd4j.getRandom().setSeed(seed);
        long[] shape = format == CNN2DFormat.NCHW
                ? new long[] {BATCH, CHANNELS, HEIGHT, WIDTH}
                : new long[] {BATCH, HEIGHT, WIDTH, CHANNELS};
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    private static INDArray labels(long seed) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 4);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, (int) ((seed + i) % 4), 1f);
        }
        return y;
    }

    /** ||a - b|| / ||b||: a norm-wise relative error, robust to elements near zero. */
    private static double relativeError(INDArray a, INDArray b) {
        double denominator = b.norm2Number().doubleValue();
        return a.sub(b).norm2Number().doubleValue() / Math.max(denominator, 1e-12);
    }

    private static Object helperOf(Layer layer) throws ReflectiveOperationException {
        return field(layer, "helper").get(layer);
    }

    private static int helperFailures(Layer layer) throws ReflectiveOperationException {
        return (int) field(layer, "helperCountFail").get(layer);
    }

    private static Field field(Layer layer, String name) throws NoSuchFieldException {
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name + " in " + layer.getClass());
    }
}
