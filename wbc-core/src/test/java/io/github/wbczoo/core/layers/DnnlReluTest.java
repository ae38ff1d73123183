package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcBackend;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The ReLU whose gradient is one oneDNN pass gives DL4J's gradient values exactly for finite gradients, leaves its input alone, and falls back where it should. */
class DnnlReluTest {
    static {
        WbcBackend.init();
    }

    @AfterEach
    void defaults() {
        DirectOneDnn.setEnabled(true);
    }

    @Test
    void gradientIsDl4jsExactlyAndLeavesTheInputAsItWas() {
        DnnlRelu relu = new DnnlRelu(); // one instance for every shape and call: plans are kept and reused
        for (long[] shape : new long[][]{{4, 16, 60, 80}, {3, 7}, {2, 5, 9}, {4, 16, 60, 80}}) {
            INDArray in = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
            in.putScalar(0, 0f);   // the kink: DL4J's gradient is 0 there, and so must this one be
            in.putScalar(1, -0f);
            INDArray epsilon = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
            INDArray expected = new ActivationReLU().backprop(in.dup(), epsilon.dup()).getFirst();

            INDArray before = in.dup();
            Pair<INDArray, INDArray> g = relu.backprop(in, epsilon);
            assertThat(g.getFirst()).isNotSameAs(in).isNotSameAs(epsilon);
            assertThat(g.getSecond()).isNull();
            assertSameFloats(g.getFirst(), expected, java.util.Arrays.toString(shape));
            assertThat(g.getFirst().getFloat(0)).isZero();
            assertThat(in).as("the input, which a loss layer scores from afterwards").isEqualTo(before);
        }
    }

    @Test
    void nonFiniteGradientsAtSwitchedOffUnitsBecomeNaNWhereDl4jWritesZero() {
        INDArray in = Nd4j.createFromArray(new float[]{-1f, 0f, 2f, 3f});
        INDArray epsilon = Nd4j.createFromArray(new float[]{Float.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY, 1f});
        assertThat(new ActivationReLU().backprop(in.dup(), epsilon.dup()).getFirst().toFloatVector())
                .containsExactly(0f, 0f, Float.NEGATIVE_INFINITY, 1f);
        assertThat(new DnnlRelu().backprop(in, epsilon).getFirst().toFloatVector())
                .containsExactly(Float.NaN, Float.NaN, Float.NEGATIVE_INFINITY, 1f);
    }

    @Test
    void aCapThresholdOrSlopeGoesToDl4jsCode() throws Exception {
        DnnlRelu capped = (DnnlRelu) org.nd4j.linalg.activations.IActivation.class.cast(
                NeuralNetConfiguration.mapper().readValue(
                        "{\"@class\":\"io.github.wbczoo.core.layers.DnnlRelu\",\"max\":6.0}", IActivation.class));
        assertThat(capped.getMax()).isEqualTo(6.0);
        INDArray in = Nd4j.createFromArray(new float[]{-1f, 2f, 7f});
        INDArray epsilon = Nd4j.createFromArray(new float[]{1f, 1f, 1f});
        assertThat(capped.backprop(in, epsilon).getFirst().toFloatVector())
                .containsExactly(new ActivationReLU(6.0, null, null).backprop(in.dup(), epsilon.dup()).getFirst().toFloatVector());
    }

    @Test
    void viewsDoublesAndTheSwitchGoToDl4jsCode() {
        INDArray wide = Nd4j.rand(DataType.FLOAT, 6, 8).subi(0.5);
        INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)); // not dense
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 6, 4);
        INDArray expected = new ActivationReLU().backprop(view.dup(), epsilon.dup()).getFirst();
        INDArray got = new DnnlRelu().backprop(view, epsilon).getFirst();
        assertSameFloats(got.dup('c'), expected.dup('c'), "view");

        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 3, 4).subi(0.5);
        INDArray dEps = Nd4j.rand(DataType.DOUBLE, 3, 4);
        assertThat(new DnnlRelu().backprop(doubles, dEps).getFirst())
                .isEqualTo(new ActivationReLU().backprop(doubles.dup(), dEps).getFirst());

        // Switched off it is DL4J's code: an infinite gradient at a negative input gives 0, not oneDNN's NaN.
        DirectOneDnn.setEnabled(false);
        INDArray in = Nd4j.createFromArray(new float[]{-1f, 2f});
        INDArray inf = Nd4j.createFromArray(new float[]{Float.POSITIVE_INFINITY, 1f});
        assertThat(new DnnlRelu().backprop(in, inf).getFirst().toFloatVector()).containsExactly(0f, 1f);
    }

    @Test
    void equalsThePlainReluBothWaysAndSurvivesJson() {
        IActivation plain = new ActivationReLU();
        assertThat(new DnnlRelu()).isEqualTo(plain).hasSameHashCodeAs(plain);
        assertThat(plain).isEqualTo(new DnnlRelu());
        assertThat(ForwardReuse.isPlainRelu(new DnnlRelu())).isTrue();

        MultiLayerConfiguration conf = network(new DnnlRelu()).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(((ActivationLayer) back.getConf(1).getLayer()).getActivationFn()).isInstanceOf(DnnlRelu.class);
    }

    @Test
    void aNetworksGradientsAreThoseWithDl4jsRelu() {
        MultiLayerNetwork dl4j = network(new ActivationReLU());
        MultiLayerNetwork mine = network(new DnnlRelu());
        mine.setParams(dl4j.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 12, 16).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 2);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 2, 1f);
        }
        Map<String, INDArray> expected = gradients(dl4j, x, y);
        Map<String, INDArray> got = gradients(mine, x, y);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        for (String k : expected.keySet()) {
            assertSameFloats(got.get(k), expected.get(k), k);
        }
        assertThat(mine.score()).isEqualTo(dl4j.score());
    }

    /**
     * The same float values, naming the first that differs (AssertJ's message for 300,000 values takes
     * minutes). A zero may carry either sign: oneDNN writes 0 x epsilon where DL4J writes 0, so a
     * negative epsilon at a negative input gives -0.0, which equals 0.0 in every later sum.
     */
    private static void assertSameFloats(INDArray actual, INDArray expected, String what) {
        float[] a = actual.data().asFloat();
        float[] e = expected.data().asFloat();
        assertThat(a.length).as(what).isEqualTo(e.length);
        for (int i = 0; i < e.length; i++) {
            if (!(a[i] == e[i])) {
                throw new AssertionError(what + ": value " + i + " is " + a[i] + ", expected " + e[i]);
            }
        }
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> out = new java.util.TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private static MultiLayerNetwork network(IActivation relu) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(new ActivationIdentity()).build())
                .layer(new ActivationLayer.Builder().activation(relu).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 16, 3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
