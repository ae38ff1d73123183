package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.wbczoo.core.WbcModel;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Each model starts where its framework starts: PyTorch's defaults for resNet18, myCnn and the
 * autoencoder, Keras' glorot-uniform and zero biases for the Inception family. Checked on the
 * drawn values: bounds, spread and standard deviations with tolerances far wider than sampling
 * noise and far narrower than the difference between the rules.
 */
class InitialisationTest {

    @Test
    void myCnnWeightsAndBiasesAreUniformInOneOverSqrtFanIn() {
        ComputationGraph g = graph(WbcModels.myCnn(MyCnn.V0).build());
        assertUniform(g.getLayer("stage1_conv").getParam("W"), 1 / Math.sqrt(3 * 9));   // 432 values
        assertUniform(g.getLayer("stage3_res_conv2").getParam("W"), 1 / Math.sqrt(64 * 9));
        assertUniform(g.getLayer("fc1").getParam("W"), 1 / Math.sqrt(1280));
        // Biases too: PyTorch draws them from the same range (DL4J would leave them at 0)
        assertUniform(g.getLayer("stage3_res_conv2").getParam("b"), 1 / Math.sqrt(64 * 9));
        assertUniform(g.getLayer("fc1").getParam("b"), 1 / Math.sqrt(1280));
        assertUniform(g.getLayer("stage1_conv").getParam("b"), 1 / Math.sqrt(27));
        assertUniform(g.getLayer("stage2_res_conv1").getParam("b"), 1 / Math.sqrt(32 * 9));
        // 1x3 kernels have fan-in in x 3
        ComputationGraph v10 = graph(WbcModels.myCnn(MyCnn.V10).build());
        assertUniform(v10.getLayer("stage1_res_conv1").getParam("W"), 1 / Math.sqrt(16 * 3));
    }

    @Test
    void resNetConvsAreKaimingNormalFanOutAndBatchNormStartsAtOneAndZero() {
        ComputationGraph g = graph(WbcModels.resNet18().inputSize(64, 64).build());
        // std sqrt(2 / (out * kh * kw)), not DL4J's fan-out that divides by the stride
        assertNormal(g.getLayer("stem_conv").getParam("W"), Math.sqrt(2.0 / (64 * 49)));          // 9,408 values
        assertNormal(g.getLayer("stage3_block1_conv1").getParam("W"), Math.sqrt(2.0 / (256 * 9)));
        assertNormal(g.getLayer("stage4_block2_conv2").getParam("W"), Math.sqrt(2.0 / (512 * 9)));
        assertNormal(g.getLayer("stage4_block1_shortcut_conv").getParam("W"), Math.sqrt(2.0 / 512));
        INDArray gamma = g.getLayer("stage2_block1_bn1").getParam("gamma");
        INDArray beta = g.getLayer("stage2_block1_bn1").getParam("beta");
        assertThat(gamma.minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(gamma.maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(beta.amaxNumber().doubleValue()).isEqualTo(0.0);
        // the FC head keeps nn.Linear's default
        assertUniform(g.getLayer("head").getParam("W"), 1 / Math.sqrt(512));
        assertUniform(g.getLayer("head").getParam("b"), 1 / Math.sqrt(512));
    }

    @Test
    void autoencoderLayersUsePyTorchDefaults() {
        ComputationGraph g = graph(WbcModels.autoencoder().inputSize(12, 16).build());
        assertUniform(g.getLayer("encoder_fc1").getParam("W"), 1 / Math.sqrt(576));
        assertUniform(g.getLayer("code").getParam("W"), 1 / Math.sqrt(1024));
        assertUniform(g.getLayer("reconstruction").getParam("W"), 1 / Math.sqrt(1024));
        assertUniform(g.getLayer("reconstruction").getParam("b"), 1 / Math.sqrt(1024));
    }

    @Test
    void inceptionUsesGlorotUniformAndZeroBiases() {
        ComputationGraph g = graph(WbcModels.inceptionParaB().build());
        // limit sqrt(6 / (fan_in + fan_out)), Keras' fan_out = out x kernel area
        assertUniform(g.getLayer("stem_3x3_2").getParam("W"), Math.sqrt(6.0 / (64 * 9 + 64 * 9)));
        assertUniform(g.getLayer("block2_towerA_1x1").getParam("W"), Math.sqrt(6.0 / (192 + 64)));
        assertUniform(g.getLayer("head").getParam("W"), Math.sqrt(6.0 / (60 * 80 * 192 + 4)));
        for (String conv : new String[] {"stem_3x3_1", "block1_towerB_3x3", "block2_towerC_1x1", "head"}) {
            assertThat(g.getLayer(conv).getParam("b").amaxNumber().doubleValue()).as("bias of %s", conv).isEqualTo(0.0);
        }
    }

    @Test
    void equalSeedsGiveEqualNetworksAndOtherSeedsDifferentOnes() {
        INDArray a = WbcModels.myCnn(MyCnn.V2).seed(7).build().network().params();
        INDArray b = WbcModels.myCnn(MyCnn.V2).seed(7).build().network().params();
        INDArray c = WbcModels.myCnn(MyCnn.V2).seed(8).build().network().params();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        INDArray headBias7 = graph(WbcModels.myCnn(MyCnn.V2).seed(7).build()).getLayer("head").getParam("b");
        INDArray headBias8 = graph(WbcModels.myCnn(MyCnn.V2).seed(8).build()).getLayer("head").getParam("b");
        assertThat(headBias7).isNotEqualTo(headBias8);
    }

    @Test
    void pyTorchInitSurvivesTheConfigurationsJsonRoundTrip() {
        ComputationGraph g = graph(WbcModels.resNet18().inputSize(64, 64).build());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertThat(initOf(back, "stem_conv")).isEqualTo(PyTorchInit.KAIMING_NORMAL_FAN_OUT);
        assertThat(initOf(back, "head")).isEqualTo(PyTorchInit.DEFAULT);
        assertThat(back).isEqualTo(g.getConfiguration());
    }

    private static IWeightInit initOf(ComputationGraphConfiguration conf, String layer) {
        return ((BaseLayer) ((LayerVertex) conf.getVertices().get(layer)).getLayerConf().getLayer()).getWeightInitFn();
    }

    /** Inside [-bound, bound], spread over most of it, mean near 0, variance near bound^2 / 3. */
    private static void assertUniform(INDArray values, double bound) {
        double max = values.amaxNumber().doubleValue();
        assertThat(max).isLessThanOrEqualTo(bound * (1 + 1e-6));
        long n = values.length();
        // the largest of n uniform draws is below 0.8 * bound with probability 0.8^n
        assertThat(max).isGreaterThan((n >= 64 ? 0.8 : 0.5) * bound);
        if (n >= 400) {
            double std = values.stdNumber().doubleValue();
            assertThat(std).isCloseTo(bound / Math.sqrt(3), offset(0.15 * bound / Math.sqrt(3)));
            assertThat(values.meanNumber().doubleValue()).isCloseTo(0, offset(0.15 * bound));
        }
    }

    private static void assertNormal(INDArray values, double std) {
        assertThat(values.stdNumber().doubleValue()).isCloseTo(std, offset(0.05 * std));
        assertThat(values.meanNumber().doubleValue()).isCloseTo(0, offset(0.05 * std));
        // a normal, not a uniform: some values beyond 2.5 std (0.6% of them)
        assertThat(values.amaxNumber().doubleValue()).isGreaterThan(2.5 * std);
    }

    private static ComputationGraph graph(WbcModel m) {
        return (ComputationGraph) m.network();
    }
}
