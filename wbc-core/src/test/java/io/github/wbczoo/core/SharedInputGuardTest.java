package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A dropout layer that shares its input with another layer must not zero that input for the other. */
class SharedInputGuardTest {
    static {
        WbcBackend.init();
    }

    /** code (sigmoid: never exactly 0) feeds the reconstruction first, then a dropout and the class head. */
    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Sgd(0.1)).graphBuilder()
                .addInputs("input")
                .addLayer("code", new DenseLayer.Builder().nIn(12).nOut(16).activation(Activation.SIGMOID).build(), "input")
                .addLayer("reconstruction", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(12)
                        .activation(Activation.IDENTITY).build(), "code")
                .addLayer("head_dropout", new DropoutLayer.Builder(new Dropout(0.5)).build(), "code")
                .addLayer("head", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "head_dropout")
                .setOutputs("head", "reconstruction")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static long zerosInCodeAfterTrainingForwardPass(ComputationGraph g) {
        Nd4j.getRandom().setSeed(3);
        INDArray code = g.feedForward(new INDArray[] {Nd4j.rand(DataType.FLOAT, 8, 12)}, true).get("code");
        return code.eq(0).castTo(DataType.INT).sumNumber().longValue();
    }

    @Test
    void dl4jAloneLetsTheDropoutZeroTheSharedCode() {
        // The bug this guard exists for: without it, half of the shared activations are zeroed.
        assertThat(zerosInCodeAfterTrainingForwardPass(graph())).isGreaterThan(16);
    }

    @Test
    void aWbcModelKeepsTheSharedCodeIntact() {
        ComputationGraph g = graph();
        WbcModel.of("guarded", g, new DataConfig(2, 2, 3, ChannelLayout.FLAT, Normalization.raw()),
                List.of(OutputRole.CLASS_PROBABILITIES, OutputRole.INPUT_RECONSTRUCTION));
        assertThat(zerosInCodeAfterTrainingForwardPass(g)).isZero();
    }
}
