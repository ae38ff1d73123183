package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcBackend;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Convolutions through direct oneDNN calls give libnd4j's numbers and correct gradients, fall back
 * where they should, and skip the network input's gradient only when nobody needs it.
 */
class DnnlConvolutionTest {
    static {
        WbcBackend.init();
    }

    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @AfterEach
    void defaults() {
        DirectOneDnn.setEnabled(true);
        InputGradients.setNeeded(false);
    }

    @Test
    void loadsHereAndReplacesLibnd4jsHelper() {
        assertThat(DirectOneDnn.whyUnavailable()).isNull();
        assertThat(DirectOneDnn.enabled()).isTrue();
        MultiLayerNetwork net = network(DataType.FLOAT, ConvolutionMode.Same, true);
        assertThat(net.getLayer(0).getHelper()).isInstanceOf(DnnlConvHelper.class);
        assertThat(net.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
    }

    /** batch, channels in, height, width, channels out, kernel h, kernel w, stride, dilation, mode, padding, bias. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(4, 3, 24, 32, 16, 3, 3, 2, 1, ConvolutionMode.Truncate, 1, true),   // myCnn's stage conv
                Arguments.of(4, 16, 12, 16, 16, 3, 3, 1, 1, ConvolutionMode.Same, 0, true),     // its block convs
                Arguments.of(2, 8, 15, 20, 8, 1, 3, 1, 1, ConvolutionMode.Same, 0, true),       // 1x3
                Arguments.of(2, 8, 15, 20, 8, 3, 1, 1, 1, ConvolutionMode.Same, 0, false),      // 3x1, no bias
                Arguments.of(3, 5, 13, 11, 7, 7, 7, 2, 1, ConvolutionMode.Same, 0, false),      // resNet18 stem, odd sizes
                Arguments.of(2, 4, 9, 10, 6, 3, 3, 2, 1, ConvolutionMode.Truncate, 0, true),    // truncation drops a row
                Arguments.of(5, 6, 7, 9, 3, 1, 1, 1, 1, ConvolutionMode.Truncate, 0, true),     // 1x1
                // 1.8 GFLOP and 6.3 MB maps: above the one-thread limits, so every thread works on it
                Arguments.of(4, 64, 64, 96, 64, 3, 3, 1, 1, ConvolutionMode.Same, 0, true));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void givesLibnd4jsOutputsAndGradients(int n, int c, int h, int w, int o, int kh, int kw, int stride, int dilation,
                                          ConvolutionMode mode, int padding, boolean bias) {
        Nd4j.getRandom().setSeed(n * 1000L + c * 100L + kh * 10L + kw);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, c, h, w).subi(0.5);
        INDArray weights = Nd4j.rand(DataType.FLOAT, o, c, kh, kw).subi(0.5);
        INDArray b = bias ? Nd4j.rand(DataType.FLOAT, 1, o) : null;
        int[] kernel = {kh, kw};
        int[] strides = {stride, stride};
        int[] dil = {dilation, dilation};
        int[] pad = {padding, padding};
        MKLDNNConvHelper reference = new MKLDNNConvHelper(DataType.FLOAT);
        DnnlConvHelper direct = new DnnlConvHelper(DataType.FLOAT, bias);
        INDArray refBias = bias ? b : Nd4j.zeros(DataType.FLOAT, 1, o);   // what DL4J hands a bias-free layer

        INDArray expected = forward(reference, x, weights, refBias, kernel, strides, pad, mode, dil);
        INDArray actual = forward(direct, x, weights, refBias, kernel, strides, pad, mode, dil);
        assertThat(direct.lastCallDirect).isTrue();
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertClose(actual, expected, "output");

        INDArray delta = Nd4j.rand(DataType.FLOAT, expected.shape()).subi(0.5);
        Grads want = backward(reference, x, weights, b, delta, kernel, strides, pad, mode, dil);
        Grads got = backward(direct, x, weights, b, delta, kernel, strides, pad, mode, dil);
        assertThat(direct.lastCallDirect).isTrue();
        assertClose(got.input, want.input, "input gradient");
        assertClose(got.weights, want.weights, "weight gradient");
        if (bias) {
            assertClose(got.bias, want.bias, "bias gradient");
        }
        // A second call reuses the kept primitives and buffers, on new arrays of the same shape.
        INDArray x2 = x.mul(-2);
        assertClose(forward(direct, x2, weights, refBias, kernel, strides, pad, mode, dil),
                forward(reference, x2, weights, refBias, kernel, strides, pad, mode, dil), "second output");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // The loss sum(conv(x, W) + b) * R is linear in x, W and b, so central differences are exact
        // but for float rounding.
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 7, 8).subi(0.5);
        INDArray weights = Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4);
        int[] k = {3, 3};
        int[] s = {2, 2};
        int[] d = {1, 1};
        int[] p = {0, 0};
        DnnlConvHelper direct = new DnnlConvHelper(DataType.FLOAT, true);
        INDArray r = Nd4j.rand(DataType.FLOAT, forward(direct, x, weights, b, k, s, p, ConvolutionMode.Same, d).shape());
        Grads g = backward(direct, x, weights, b, r, k, s, p, ConvolutionMode.Same, d);
        assertThat(direct.lastCallDirect).isTrue();
        INDArray[] variables = {x, weights, b};
        INDArray[] analytic = {g.input, g.weights, g.bias};
        double step = 0.05;
        for (int v = 0; v < variables.length; v++) {
            INDArray flat = variables[v].reshape(variables[v].length());
            for (long i = 0; i < flat.length(); i += Math.max(1, flat.length() / 23)) {
                float orig = flat.getFloat(i);
                flat.putScalar(i, orig + step);
                double up = forward(direct, x, weights, b, k, s, p, ConvolutionMode.Same, d).mul(r).sumNumber().doubleValue();
                flat.putScalar(i, orig - step);
                double down = forward(direct, x, weights, b, k, s, p, ConvolutionMode.Same, d).mul(r).sumNumber().doubleValue();
                flat.putScalar(i, orig);
                double numeric = (up - down) / (2 * step);
                assertThat(analytic[v].reshape(analytic[v].length()).getDouble(i))
                        .as("variable %d, element %d", v, i).isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3));
            }
        }
    }

    @Test
    void networkTrainsAsWithLibnd4jsHelper() {
        MultiLayerNetwork direct = network(DataType.FLOAT, ConvolutionMode.Same, true);
        MultiLayerNetwork reference = network(DataType.FLOAT, ConvolutionMode.Same, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 12, 14).subi(0.5);
        INDArray y = labels(3);
        DirectOneDnn.setEnabled(false);
        Gradient want = gradient(reference, x, y);
        double wantScore = reference.score();
        DirectOneDnn.setEnabled(true);
        Gradient got = gradient(direct, x, y);
        assertThat(((DnnlConvHelper) direct.getLayer(0).getHelper()).lastCallDirect).isTrue();
        assertThat(((DnnlConvHelper) reference.getLayer(0).getHelper()).lastCallDirect).isFalse();
        assertThat(direct.score()).isCloseTo(wantScore, org.assertj.core.data.Offset.offset(1e-5));
        assertSameGradients(got, want);
    }

    @Test
    void reluRunsInsideTheConvolutionWithTheSameOutputsAndGradients() {
        MultiLayerNetwork fused = network(DataType.FLOAT, ConvolutionMode.Truncate, true);
        MultiLayerNetwork reference = network(DataType.FLOAT, ConvolutionMode.Truncate, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 3, 12, 14).subi(0.5);
        INDArray y = labels(3);
        DirectOneDnn.setEnabled(false);
        Gradient want = gradient(reference, x, y);
        INDArray wantOutput = reference.output(x);
        DirectOneDnn.setEnabled(true);

        Layer first = fused.getLayer(0);
        DnnlConvHelper helper = (DnnlConvHelper) first.getHelper();
        first.setInput(x, NO_WS);
        INDArray activated = first.activate(true, NO_WS);
        assertThat(helper.fusedReluFor(x)).as("ReLU inside the convolution").isTrue();
        assertThat(activated.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(activated.lt(0).any()).isFalse();

        Gradient got = gradient(fused, x, y);
        assertThat(helper.lastCallDirect).isTrue();
        assertThat(fused.score()).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-5));
        assertSameGradients(got, want);
        assertClose(fused.output(x), wantOutput, "inference output");
    }

    @Test
    void aFusedRelusBackwardPassFallsBackWhenTheForwardOutputIsGone() {
        MultiLayerNetwork net = network(DataType.FLOAT, ConvolutionMode.Truncate, true);
        MultiLayerNetwork reference = network(DataType.FLOAT, ConvolutionMode.Truncate, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 12, 14).subi(0.5);
        INDArray eps = Nd4j.rand(DataType.FLOAT, 2, 6, 6, 7).subi(0.5);
        net.initGradientsView();
        reference.initGradientsView();
        Layer ref = reference.getLayer(0);
        DirectOneDnn.setEnabled(false);
        ref.setInput(x, NO_WS);
        ref.activate(true, NO_WS);
        Pair<Gradient, INDArray> want = ref.backpropGradient(eps, NO_WS);
        DirectOneDnn.setEnabled(true);

        Layer layer = net.getLayer(0);
        layer.setInput(x, NO_WS);
        layer.activate(true, NO_WS);
        layer.activate(false, NO_WS);   // an inference pass over the same shape runs the plan again
        DnnlConvHelper helper = (DnnlConvHelper) layer.getHelper();
        assertThat(helper.fusedReluFor(x)).isFalse();
        Pair<Gradient, INDArray> got = layer.backpropGradient(eps, NO_WS);
        assertSameGradients(got.getFirst(), want.getFirst());
        assertClose(got.getSecond(), want.getSecond(), "input gradient");
    }

    @Test
    void aSavedNetworkLoadsWithTheDirectPathAndTheSameOutputs() throws Exception {
        MultiLayerNetwork net = network(DataType.FLOAT, ConvolutionMode.Same, true);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.deeplearning4j.util.ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork back = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), false);
        assertThat(back.getLayerWiseConfigurations().toJson()).isEqualTo(net.getLayerWiseConfigurations().toJson());
        assertThat(back.getLayer(0).getHelper()).isInstanceOf(DnnlConvHelper.class);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 12, 14);
        assertThat(back.output(x)).isEqualTo(net.output(x));
        assertThat(DirectOneDnn.ranDirectly(back.getLayer(0))).isTrue();
    }

    @Test
    void fallsBackForDoublePrecision() {
        MultiLayerNetwork net = network(DataType.DOUBLE, ConvolutionMode.Same, true);
        gradient(net, Nd4j.rand(DataType.DOUBLE, 2, 3, 12, 14), labels(2).castTo(DataType.DOUBLE));
        Layer first = net.getLayer(0);
        if (first.getHelper() instanceof DnnlConvHelper h) {
            assertThat(h.lastCallDirect).isFalse();
        }
        assertThat(net.score()).isFinite();
    }

    @Test
    void networkInputGradientIsSkippedUnlessNeeded() {
        MultiLayerNetwork net = network(DataType.FLOAT, ConvolutionMode.Truncate, true);
        MultiLayerNetwork unmarked = network(DataType.FLOAT, ConvolutionMode.Truncate, true);
        assertThat(InputGradients.markInputLayers(net)).isEqualTo(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 12, 14).subi(0.5);
        INDArray y = labels(2);

        // Training: the same gradients with and without the skip.
        assertSameGradients(gradient(net, x, y), gradient(unmarked, x, y));

        Layer first = net.getLayer(0);
        INDArray eps = Nd4j.rand(DataType.FLOAT, 2, 6, 6, 7);
        first.setInput(x, NO_WS);
        first.activate(true, NO_WS);
        assertThat(first.backpropGradient(eps, NO_WS).getSecond()).as("skipped").isNull();

        InputGradients.setNeeded(true);
        Layer reference = unmarked.getLayer(0);
        reference.setInput(x, NO_WS);
        reference.activate(true, NO_WS);
        INDArray expected = reference.backpropGradient(eps, NO_WS).getSecond();
        first.setInput(x, NO_WS);
        first.activate(true, NO_WS);
        INDArray actual = first.backpropGradient(eps, NO_WS).getSecond();
        assertThat(actual).as("needed").isNotNull();
        assertClose(actual, expected, "input gradient");
    }

    @Test
    void onlyASoleReaderOfAnInputIsMarked() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("image", "mask")
                .addLayer("stem", conv(3, ConvolutionMode.Same, 4), "image")
                .addLayer("maskA", conv(3, ConvolutionMode.Same, 4), "mask")
                .addLayer("maskB", conv(1, ConvolutionMode.Same, 4), "mask")
                .addVertex("sum", new org.deeplearning4j.nn.conf.graph.ElementWiseVertex(
                        org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Add), "stem", "maskA", "maskB")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "sum")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 3), InputType.convolutional(8, 8, 3))
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        assertThat(InputGradients.markInputLayers(graph)).isEqualTo(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        graph.setInputs(x, x.mul(0.5));
        graph.setLabels(labels(2).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)));
        graph.computeGradientAndScore();
        assertThat(graph.score()).isFinite();
    }

    // --- helpers -------------------------------------------------------------------------------

    private record Grads(INDArray input, INDArray weights, INDArray bias) {
    }

    private static INDArray forward(MKLDNNConvHelper helper, INDArray x, INDArray w, INDArray b, int[] k, int[] s,
                                    int[] p, ConvolutionMode mode, int[] d) {
        return helper.preOutput(x, w, b, k, s, p, ConvolutionLayer.AlgoMode.PREFER_FASTEST, null, mode, d,
                CNN2DFormat.NCHW, NO_WS);
    }

    private static Grads backward(MKLDNNConvHelper helper, INDArray x, INDArray w, INDArray b, INDArray delta, int[] k,
                                  int[] s, int[] p, ConvolutionMode mode, int[] d) {
        INDArray gw = Nd4j.createUninitialized(DataType.FLOAT, w.shape());
        INDArray gb = b == null ? null : Nd4j.createUninitialized(DataType.FLOAT, b.shape());
        int[] pad = p;
        if (mode == ConvolutionMode.Same) {
            // What ConvolutionLayer.backpropGradient hands its helper in Same mode: the top-left padding.
            pad = org.deeplearning4j.util.ConvolutionUtils.getSameModeTopLeftPadding(
                    new int[]{(int) delta.size(2), (int) delta.size(3)}, new int[]{(int) x.size(2), (int) x.size(3)}, k, s, d);
        }
        Pair<Gradient, INDArray> r = helper.backpropGradient(x, w, b, delta, k, s, pad, gb, gw, new ActivationIdentity(),
                ConvolutionLayer.AlgoMode.PREFER_FASTEST, null, null, mode, d, CNN2DFormat.NCHW, NO_WS);
        return new Grads(r.getSecond(), gw, gb);
    }

    private static ConvolutionLayer conv(int kernel, ConvolutionMode mode, int nOut) {
        return ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(kernel, kernel).nOut(nOut).activation(Activation.RELU)
                .convolutionMode(mode).build());
    }

    /** conv 3x3/2 (pad 1 in Truncate) -> max pool -> conv 3x3 without bias -> global average -> softmax. */
    private static MultiLayerNetwork network(DataType dataType, ConvolutionMode mode, boolean reusing) {
        ConvolutionLayer first = new ConvolutionLayer.Builder(3, 3).stride(2, 2)
                .padding(mode == ConvolutionMode.Same ? 0 : 1, mode == ConvolutionMode.Same ? 0 : 1).nOut(6)
                .activation(Activation.RELU).convolutionMode(mode).build();
        ConvolutionLayer second = new ConvolutionLayer.Builder(3, 3).nOut(5).hasBias(false).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(5).dataType(dataType).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(reusing ? ReusingConvolutionLayer.of(first) : first)
                .layer(new SubsamplingLayer.Builder(2, 2).stride(1, 1).convolutionMode(ConvolutionMode.Same).build())
                .layer(reusing ? ReusingConvolutionLayer.of(second) : second)
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 14, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray labels(int n) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 4);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 4, 1f);
        }
        return y;
    }

    private static Gradient gradient(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return net.gradient();
    }

    private static void assertSameGradients(Gradient got, Gradient want) {
        Map<String, INDArray> expected = want.gradientForVariable();
        Map<String, INDArray> actual = got.gradientForVariable();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, g) -> assertClose(actual.get(name), g, name));
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(diff / scale).as("%s: largest difference %s at scale %s", what, diff, scale).isLessThan(1e-5);
    }
}
