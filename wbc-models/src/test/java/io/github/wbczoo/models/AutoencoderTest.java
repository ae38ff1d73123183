package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.github.wbczoo.core.OutputRole;
import io.github.wbczoo.core.WbcModel;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The joint-loss autoencoder: two outputs, the summed loss, and a parameter count that needs no allocation. */
class AutoencoderTest {

    static Stream<Autoencoder.Variant> presets() {
        return Autoencoder.PRESETS.stream();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void countingFromLayerSizesAgreesWithTheBuiltNetwork(Autoencoder.Variant v) {
        for (int[] size : new int[][] {{6, 8}, {12, 16}}) {
            Autoencoder.Builder b = WbcModels.autoencoder(v).inputSize(size[0], size[1]);
            assertThat(b.trainableParams()).isEqualTo(b.build().trainableParams());
        }
    }

    @Test
    void theFullSizeCountIsTheHandComputedOne() {
        // dense(230400,1024) + dense(1024,128) + dense(128,1024) + dense(1024,230400) + dense(128,4)
        long expected = (230_400L * 1024 + 1024) + (1024 * 128 + 128) + (128 * 1024 + 1024) + (1024 * 230_400L + 230_400)
                + (128 * 4 + 4);
        assertThat(Autoencoder.trainableParams(Autoencoder.V1, 230_400, 4)).isEqualTo(expected).isEqualTo(472_354_436L);
    }

    @Test
    void classHeadComesFirstAndTheReconstructionHasTheInputsShape() {
        WbcModel model = WbcModels.autoencoder().inputSize(12, 16).build();
        ComputationGraph g = (ComputationGraph) model.network();
        assertThat(g.getConfiguration().getNetworkOutputs()).containsExactly("head", "reconstruction");
        assertThat(model.outputs()).containsExactly(OutputRole.CLASS_PROBABILITIES, OutputRole.INPUT_RECONSTRUCTION);
        assertThat(g.getConfiguration().getVertexInputs().get("head_dropout")).containsExactly("code");
        assertThat(g.getConfiguration().getVertexInputs().get("decoder_fc1")).containsExactly("code");

        DataSet batch = BccdImages.dataSet("TRAIN", 1, model.dataConfig());
        INDArray[] out = g.output(false, batch.getFeatures());
        assertThat(out[0].shape()).containsExactly(4, 4);
        assertThat(out[1].shape()).containsExactly(4, 12 * 16 * 3);
        // the trainer's batch: the input is the reconstruction target
        MultiDataSet mds = model.toMultiDataSet(batch);
        assertThat(mds.getLabels(1)).isEqualTo(batch.getFeatures());
        assertThat(mds.getLabels(0)).isEqualTo(batch.getLabels());
    }

    /** The loss DL4J minimises is PyTorch's CrossEntropyLoss + MSELoss (both means over the batch), computed here by hand. */
    @Test
    void theJointLossIsCrossEntropyPlusMeanSquaredError() {
        WbcModel model = WbcModels.autoencoder().variant("v3").inputSize(12, 16).build();
        ComputationGraph g = (ComputationGraph) model.network();
        DataSet batch = BccdImages.dataSet("TRAIN", 2, model.dataConfig());
        INDArray x = batch.getFeatures();
        INDArray y = batch.getLabels();

        INDArray[] out = g.output(false, x);
        double crossEntropy = -Transforms.log(out[0]).mul(y).sumNumber().doubleValue() / x.size(0);
        double mse = out[1].sub(x).mul(out[1].sub(x)).meanNumber().doubleValue();

        assertThat(model.loss(batch)).isCloseTo(crossEntropy + mse, offset(1e-5 * (crossEntropy + mse)));
        assertThat(mse).as("the reconstruction term is not negligible").isGreaterThan(0.1);
    }

    @Test
    void bothLossesFallWhenTrainingTheJointObjective() {
        WbcModel model = WbcModels.autoencoder().variant("v3").inputSize(12, 16).build();
        ComputationGraph g = (ComputationGraph) model.network();
        DataSet batch = BccdImages.dataSet("TRAIN", 2, model.dataConfig());
        double[] before = separateLosses(g, batch);
        for (int i = 0; i < 30; i++) {
            model.fitBatch(batch);
        }
        double[] after = separateLosses(g, batch);
        assertThat(after[0]).as("cross-entropy").isLessThan(before[0]);
        assertThat(after[1]).as("reconstruction MSE").isLessThan(before[1]);
    }

    private static double[] separateLosses(ComputationGraph g, DataSet batch) {
        INDArray[] out = g.output(false, batch.getFeatures());
        double ce = -Transforms.log(out[0]).mul(batch.getLabels()).sumNumber().doubleValue() / batch.numExamples();
        INDArray diff = out[1].sub(batch.getFeatures());
        return new double[] {ce, diff.mul(diff).meanNumber().doubleValue()};
    }
}
