package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcBackend;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Indexed max pooling computes what DL4J's max pooling computes, forward and backward, for every zoo
 * configuration, on both of its float paths: oneDNN's blocked-layout kernel and its own loops.
 */
class IndexedMaxPoolingTest {
    private static long savedPlaneValues;

    @org.junit.jupiter.api.BeforeAll
    static void theseLoopsAtEverySize() {
        savedPlaneValues = IndexedMaxPooling.libnd4jPlaneValues;
        IndexedMaxPooling.libnd4jPlaneValues = 0; // else small test planes would go to libnd4j, the reference itself
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        IndexedMaxPooling.libnd4jPlaneValues = savedPlaneValues;
        IndexedMaxPooling.oneDnn = true;
    }

    /** Chooses the float path for the test; oneDNN's only where direct calls can run here (the CPU backend). */
    private static void usePath(boolean oneDnn) {
        if (oneDnn) {
            org.junit.jupiter.api.Assumptions.assumeTrue(DirectOneDnn.enabled(), "direct oneDNN calls are off here");
        }
        IndexedMaxPooling.oneDnn = oneDnn;
    }

    private static void assertPath(org.deeplearning4j.nn.api.Layer layer, boolean oneDnn) {
        assertThat(((IndexedMaxPooling.Impl) layer).ranDirectly()).as("ran through oneDNN").isEqualTo(oneDnn);
    }

    static {
        WbcBackend.init();
    }

    private static SubsamplingLayer pool(int kernel, int stride, int padding, ConvolutionMode mode) {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(kernel, kernel).stride(stride, stride)
                .padding(padding, padding).convolutionMode(mode).build();
    }

    /** The runtime layer of {@code conf} alone (a network of it and an output layer), for direct forward and backward calls. */
    private static org.deeplearning4j.nn.api.Layer poolingLayer(SubsamplingLayer conf, int h, int w, int channels) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(conf)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(h, w, channels)).build());
        net.init();
        net.initGradientsView();
        return net.getLayer(0);
    }

    /** conv 3x3 -> pool -> softmax over 4 classes. */
    private static MultiLayerNetwork network(SubsamplingLayer pool, int h, int w, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(type).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).convolutionMode(ConvolutionMode.Same).build())
                .layer(pool)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(h, w, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray labels(int batch, DataType type) {
        INDArray y = Nd4j.zeros(type, batch, 4);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i * 3) % 4, 1.0);
        }
        return y;
    }

    // kernel, stride, padding, mode, height, width: the zoo's pooling layers, at even and odd sizes.
    @ParameterizedTest
    @CsvSource({
        "2, 2, 0, Truncate, 12, 16, false",   // myCnn, Keras 'valid'
        "2, 2, 0, Truncate, 15, 11, false",   // odd sizes drop the last row and column
        "3, 2, 1, Truncate, 13, 16, false",   // ResNet-18 stem
        "3, 1, 0, Same, 9, 10, false",        // Inception's 3x3 pool tower
        "2, 2, 0, Same, 15, 11, false",       // Keras 'same' at odd sizes (UNet encoder)
        "2, 2, 0, Truncate, 240, 368, false", // 3 x 4 x 240 x 368 = 1.06 M values: the planes are pooled in parallel
        "2, 2, 0, Truncate, 12, 16, true",
        "2, 2, 0, Truncate, 15, 11, true",    // negative padding after: oneDNN drops the last row and column too
        "3, 2, 1, Truncate, 13, 16, true",
        "3, 1, 0, Same, 9, 10, true",
        "2, 2, 0, Same, 15, 11, true",
        "2, 2, 0, Truncate, 240, 368, true",
    })
    void outputAndGradientsEqualDl4jsMaxPooling(int kernel, int stride, int padding, ConvolutionMode mode, int h, int w,
                                                boolean oneDnn) {
        usePath(oneDnn);
        MultiLayerNetwork dl4j = network(pool(kernel, stride, padding, mode), h, w, DataType.FLOAT);
        MultiLayerNetwork indexed = network(IndexedMaxPooling.of(pool(kernel, stride, padding, mode)), h, w, DataType.FLOAT);
        indexed.setParams(dl4j.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, h, w);

        assertThat(indexed.getLayer(1)).isInstanceOf(IndexedMaxPooling.Impl.class);
        assertThat(indexed.output(x)).isEqualTo(dl4j.output(x));
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {dl4j, indexed}) {
            net.setInput(x);
            net.setLabels(labels(3, DataType.FLOAT));
            net.computeGradientAndScore();
        }
        Map<String, INDArray> expected = dl4j.gradient().gradientForVariable();
        expected.forEach((name, g) -> assertThat(indexed.gradient().getGradientFor(name).equalsWithEps(g, 1e-6))
                .as(name).isTrue());
        assertPath(indexed.getLayer(1), oneDnn);
        // The first layer's gradient depends on the pooling's input gradient: it is not trivially equal.
        assertThat(expected.get("0_W").norm2Number().doubleValue()).isGreaterThan(0);
    }

    @ParameterizedTest
    @CsvSource({"2, 2, 0, Truncate", "3, 2, 1, Truncate", "3, 1, 0, Same"})
    void passesTheGradientCheckInDoublePrecision(int kernel, int stride, int padding, ConvolutionMode mode) {
        DataType savedDefault = Nd4j.dataType();
        DataType savedFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on it
        try {
            MultiLayerNetwork net = network(IndexedMaxPooling.of(pool(kernel, stride, padding, mode)), 7, 9, DataType.DOUBLE);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 7, 9);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                    .labels(labels(2, DataType.DOUBLE)).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertThat(ok).isTrue();
            assertThat(net.getLayer(1)).isInstanceOf(IndexedMaxPooling.Impl.class);
        } finally {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void tiesGoToTheFirstMaximumAndGradientsAddUpOverOverlappingWindows(boolean oneDnn) {
        usePath(oneDnn);
        // One plane, 3x3 of equal values, 2x2 windows with stride 1: every window's first element wins.
        SubsamplingLayer conf = IndexedMaxPooling.of(pool(2, 1, 0, ConvolutionMode.Truncate));
        var layer = poolingLayer(conf, 3, 3, 1);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(Nd4j.ones(DataType.FLOAT, 1, 1, 3, 3), mgr);
        INDArray out = layer.activate(true, mgr);
        assertThat(out.shape()).containsExactly(1, 1, 2, 2);
        INDArray grad = layer.backpropGradient(Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2), mgr).getSecond();
        assertThat(grad.reshape(9).toFloatVector()).containsExactly(1, 2, 0, 3, 4, 0, 0, 0, 0);
        assertPath(layer, oneDnn);
    }

    // With values 0-2 most windows tie; the input gradient shows which input won each window.
    @ParameterizedTest
    @CsvSource({"3, 1, Same, 11, 13, false", "2, 1, Truncate, 8, 9, false", "3, 1, Truncate, 9, 7, false",
        "3, 1, Same, 11, 13, true", "2, 1, Truncate, 8, 9, true", "3, 1, Truncate, 9, 7, true", "2, 2, Truncate, 12, 10, false", "2, 2, Truncate, 12, 10, true"})
    void overlappingWindowsPickTheFirstMaximumInRowMajorOrder(int kernel, int stride, ConvolutionMode mode, int h, int w,
                                                              boolean oneDnn) {
        usePath(oneDnn);
        SubsamplingLayer conf = IndexedMaxPooling.of(pool(kernel, stride, 0, mode));
        var layer = poolingLayer(conf, h, w, 2);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        java.util.SplittableRandom random = new java.util.SplittableRandom(kernel * 31L + h);
        float[] x = new float[2 * 2 * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3);
        }
        layer.setInput(Nd4j.createFromArray(x).reshape(2, 2, h, w), mgr);
        INDArray out = layer.activate(true, mgr);
        int outH = (int) out.size(2);
        int outW = (int) out.size(3);
        int pad = mode == ConvolutionMode.Same ? (kernel - 1) / 2 : 0;
        float[] eps = new float[2 * 2 * outH * outW];
        float[] expectedOut = new float[eps.length];
        float[] expectedGrad = new float[x.length];
        for (int p = 0, o = 0; p < 4; p++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++, o++) {
                    eps[o] = o + 1; // every output's gradient is distinct, so the input gradient shows each winner
                    int bestAt = -1;
                    for (int r = Math.max(i * stride - pad, 0); r < Math.min(i * stride - pad + kernel, h); r++) {
                        for (int c = Math.max(j * stride - pad, 0); c < Math.min(j * stride - pad + kernel, w); c++) {
                            int at = p * h * w + r * w + c;
                            if (bestAt < 0 || x[at] > x[bestAt]) {
                                bestAt = at;
                            }
                        }
                    }
                    expectedOut[o] = x[bestAt];
                    expectedGrad[bestAt] += eps[o];
                }
            }
        }
        assertThat(out.reshape(eps.length).toFloatVector()).containsExactly(expectedOut);
        INDArray grad = layer.backpropGradient(Nd4j.createFromArray(eps).reshape(2, 2, outH, outW), mgr).getSecond();
        assertThat(grad.reshape(x.length).toFloatVector()).containsExactly(expectedGrad);
        assertPath(layer, oneDnn);
    }

    @Test
    void anInputWithGapsIsCopiedAndStillGetsOneDnnsBackwardPass() {
        usePath(true);
        SubsamplingLayer conf = IndexedMaxPooling.of(pool(2, 2, 0, ConvolutionMode.Truncate));
        var layer = poolingLayer(conf, 4, 4, 1);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        // Every second column of a 4x8 plane: a view that is not dense (column stride 2).
        float[] plane = {1, 2, 0, 0, 3, 4, 0, 9, 0, 0, 5, 0, 0, 6, 0, 0};
        float[] wide = new float[32];
        for (int k = 0; k < 16; k++) {
            wide[2 * k] = plane[k];
            wide[2 * k + 1] = 100; // would win every window if the gaps were read
        }
        INDArray gappy = Nd4j.createFromArray(wide).reshape(1, 1, 4, 8).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 8));
        assertThat(Dnnl.isDense(gappy)).isFalse();
        layer.setInput(gappy, mgr);
        INDArray out = layer.activate(true, mgr);
        assertThat(out.reshape(4).toFloatVector()).containsExactly(4, 9, 6, 5);
        INDArray grad = layer.backpropGradient(Nd4j.createFromArray(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2), mgr).getSecond();
        assertPath(layer, true);
        assertThat(grad.reshape(16).toFloatVector()).containsExactly(0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 4, 0, 0, 3, 0, 0);
    }

    @Test
    void configurationSurvivesJson() {
        MultiLayerNetwork net = network(IndexedMaxPooling.of(pool(3, 2, 1, ConvolutionMode.Truncate)), 9, 9, DataType.FLOAT);
        String json = net.getLayerWiseConfigurations().toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        SubsamplingLayer p = (SubsamplingLayer) back.getConf(1).getLayer();
        assertThat(p).isInstanceOf(IndexedMaxPooling.class);
        assertThat(p.getKernelSize()).containsExactly(3, 3);
        assertThat(p.getStride()).containsExactly(2, 2);
        assertThat(p.getPadding()).containsExactly(1, 1);
        assertThat(back).isEqualTo(net.getLayerWiseConfigurations());
    }
}
