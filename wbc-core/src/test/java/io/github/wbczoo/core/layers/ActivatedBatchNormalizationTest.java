package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcBackend;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A batch norm's activation is applied, forward and backward, as a separate activation layer would. */
class ActivatedBatchNormalizationTest {
    static {
        WbcBackend.init();
    }

    @Test
    void dl4jsOwnBatchNormIgnoresItsActivation() {
        // Why the layer exists: if DL4J ever applies it, this test says so and the layer can go.
        MultiLayerNetwork plain = network(new BatchNormalization.Builder().activation(Activation.RELU).build(), false,
                DataType.FLOAT);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5);
        assertThat(plain.feedForward(x, true).get(2).minNumber().doubleValue()).isLessThan(0);
    }

    /** 4 channels: oneDNN works on ND4J's NCHW arrays in place; 32: in training on its blocked layout, with reorders. */
    @ParameterizedTest
    @ValueSource(ints = {4, 32})
    void givesTheOutputsAndGradientsOfBatchNormThenAReluLayer(int channels) {
        MultiLayerNetwork activated = network(ActivatedBatchNormalization.of(
                new BatchNormalization.Builder().activation(Activation.RELU).build()), false, DataType.FLOAT, channels);
        MultiLayerNetwork reference = network(new BatchNormalization.Builder().build(), true, DataType.FLOAT, channels);
        reference.setParams(activated.params().dup());
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5);
        INDArray y = labels(4, DataType.FLOAT);

        INDArray out = activated.feedForward(x, true).get(2);
        assertThat(out.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(out.gt(0).castTo(DataType.FLOAT).meanNumber().doubleValue()).isBetween(0.3, 0.7);
        assertThat(out.equalsWithEps(reference.feedForward(x, true).get(3), 1e-5)).isTrue();
        assertThat(activated.output(x).equalsWithEps(reference.output(x), 1e-5)).as("inference").isTrue();

        activated.setInput(x);
        activated.setLabels(y);
        activated.computeGradientAndScore();
        reference.setInput(x);
        reference.setLabels(y);
        reference.computeGradientAndScore();
        assertThat(activated.score()).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-5));
        Map<String, INDArray> want = reference.gradient().gradientForVariable();
        Map<String, INDArray> got = activated.gradient().gradientForVariable();
        // The reference's ReLU layer sits between index 1 and the pooling: the later indices shift by one.
        for (String name : new String[] {"0_W", "0_b", "1_gamma", "1_beta"}) {
            INDArray g = want.get(name);
            assertThat(got.get(name).equalsWithEps(g, 1e-5 * Math.max(1, g.amaxNumber().doubleValue()))).as(name).isTrue();
        }
        assertThat(got.get("3_W").equalsWithEps(want.get("4_W"), 1e-5)).as("output layer").isTrue();
        assertThat(want.get("0_W").norm2Number().doubleValue()).isGreaterThan(0);
        assertThat(DirectOneDnn.ranDirectly(activated.getLayer(1))).as("direct oneDNN batch norm").isTrue();
        assertThat(reference.getLayer(1).getHelper()).isNotInstanceOf(DnnlBatchNormHelper.class);
    }

    /**
     * Blocked layouts only where the CPU has a vectorised kernel for them: on an AVX2 machine 16-channel
     * blocks get oneDNN's reference kernel (3.5 s of resNet18's 4.1 s training step when they were used).
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 16, 24, 32, 64})
    void trainingRunsAVectorisedKernelOnThisCpu(int channels) {
        MultiLayerNetwork net = network(ActivatedBatchNormalization.of(
                new BatchNormalization.Builder().activation(Activation.RELU).build()), false, DataType.FLOAT, channels);
        net.fit(Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5), labels(4, DataType.FLOAT));
        DnnlBatchNormHelper helper = (DnnlBatchNormHelper) net.getLayer(1).getHelper();
        assertThat(helper.lastCallDirect).isTrue();
        assertThat(helper.lastImplementation).as("oneDNN's kernel").doesNotContain("ref").isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 32})
    void trainsAndPredictsWithTheRunningStatisticsAsDl4jsOwnBatchNorm(int channels) {
        for (Activation activation : new Activation[] {Activation.RELU, Activation.IDENTITY}) {
            MultiLayerNetwork direct = network(ActivatedBatchNormalization.of(
                    new BatchNormalization.Builder().activation(activation).build()), false, DataType.FLOAT, channels);
            MultiLayerNetwork reference = network(new BatchNormalization.Builder().build(),
                    activation == Activation.RELU, DataType.FLOAT, channels);
            reference.setParams(direct.params().dup());
            Nd4j.getRandom().setSeed(5);
            for (int step = 0; step < 3; step++) {
                INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5).muli(2).addi(1);
                INDArray y = labels(4, DataType.FLOAT);
                direct.fit(x, y);
                reference.fit(x, y);
            }
            INDArray x = Nd4j.randn(DataType.FLOAT, 5, 3, 6, 5);
            // Parameters (gamma, beta, running mean and variance) and inference outputs agree after three steps.
            assertThat(direct.params().equalsWithEps(reference.params(), 1e-4)).as("%s parameters", activation).isTrue();
            assertThat(direct.output(x).equalsWithEps(reference.output(x), 1e-4)).as("%s inference", activation).isTrue();
            assertThat(DirectOneDnn.ranDirectly(direct.getLayer(1))).isTrue();
        }
    }

    @Test
    void fallsBackToDl4jsBatchNormWhenDirectCallsAreOff() {
        MultiLayerNetwork net = network(ActivatedBatchNormalization.of(
                new BatchNormalization.Builder().activation(Activation.RELU).build()), false, DataType.FLOAT);
        MultiLayerNetwork reference = network(new BatchNormalization.Builder().build(), true, DataType.FLOAT);
        reference.setParams(net.params().dup());
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5);
        DirectOneDnn.setEnabled(false);
        try {
            net.setInput(x);
            net.setLabels(labels(4, DataType.FLOAT));
            net.computeGradientAndScore();
            assertThat(DirectOneDnn.ranDirectly(net.getLayer(1))).isFalse();
            reference.setInput(x);
            reference.setLabels(labels(4, DataType.FLOAT));
            reference.computeGradientAndScore();
            assertThat(net.gradient().getGradientFor("1_gamma").equalsWithEps(
                    reference.gradient().getGradientFor("1_gamma"), 1e-5)).isTrue();
            assertThat(net.gradient().getGradientFor("0_W").equalsWithEps(
                    reference.gradient().getGradientFor("0_W"), 1e-5)).isTrue();
            // Off means libnd4j's oneDNN helper, as for DL4J's own batch norm, not DL4J's slower built-in arithmetic.
            assertThat(net.getLayer(1).getHelper()).isInstanceOf(DnnlBatchNormHelper.class);
            DnnlBatchNormHelper helper = (DnnlBatchNormHelper) net.getLayer(1).getHelper();
            assertThat(helper.libnd4jMeanCache()).as("libnd4j's helper ran").isNotNull();
            assertThat(helper.getMeanCache(DataType.FLOAT)).isSameAs(helper.libnd4jMeanCache());
        } finally {
            DirectOneDnn.setEnabled(true);
        }
    }

    @Test
    void passesTheGradientCheckInDoublePrecision() {
        DataType savedDefault = Nd4j.dataType();
        DataType savedFloatingPoint = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on it
        try {
            MultiLayerNetwork net = network(ActivatedBatchNormalization.of(
                    new BatchNormalization.Builder().activation(Activation.RELU).build()), false, DataType.DOUBLE);
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 3, 6, 5);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                    .labels(labels(3, DataType.DOUBLE)).epsilon(1e-6).maxRelError(1e-4).minAbsoluteError(1e-8)
                    .excludeParams(java.util.Set.of("1_mean", "1_var", "1_log10stdev"))
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertThat(ok).isTrue();
            assertThat(net.getLayer(1)).isInstanceOf(ActivatedBatchNormalization.Impl.class);
        } finally {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
        }
    }

    @Test
    void aSavedNetworkLoadsWithTheActivationApplied() throws Exception {
        MultiLayerNetwork net = network(ActivatedBatchNormalization.of(
                new BatchNormalization.Builder().activation(Activation.RELU).build()), false, DataType.FLOAT);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.deeplearning4j.util.ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork back = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), false);
        assertThat(back.getLayer(1)).isInstanceOf(ActivatedBatchNormalization.Impl.class);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 6, 5);
        assertThat(back.output(x)).isEqualTo(net.output(x));
        assertThat(back.feedForward(x, false).get(2).minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
    }

    private static MultiLayerNetwork network(BatchNormalization bn, boolean reluLayer, DataType dataType) {
        return network(bn, reluLayer, dataType, 4);
    }

    /** conv 3x3 to {@code channels} -> the batch norm [-> ReLU layer] -> global average -> softmax over 3 classes. */
    private static MultiLayerNetwork network(BatchNormalization bn, boolean reluLayer, DataType dataType, int channels) {
        var list = new NeuralNetConfiguration.Builder().seed(7).dataType(dataType).updater(new Sgd(1.0))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(channels).activation(Activation.IDENTITY)
                        .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same).build())
                .layer(bn);
        if (reluLayer) {
            list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        }
        MultiLayerConfiguration conf = list
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 5, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray labels(int n, DataType dataType) {
        INDArray y = Nd4j.zeros(dataType, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return y;
    }
}
