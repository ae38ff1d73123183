package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcModel;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Numerical gradient checks, in double precision, of the three pieces the zoo wires itself:
 * MyCNN's residual block, the asymmetric convolution block, and the autoencoder's joint loss.
 * Tiny configurations of the real builders, so the checked code is the shipped code. (The oneDNN
 * helpers handle float only; in double DL4J uses its built-in path.)
 */
class GradientCheckTest {
    private static final int BATCH = 3;

    private static int threads;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        // Hundreds of forward passes of tiny networks: one thread avoids a thread hand-off per op.
        threads = Nd4j.getEnvironment().maxThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @AfterAll
    static void backToFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(threads);
    }

    @Test
    void residualBlock() {
        // 8x8 -> stride-2 conv 4x4 -> pool 2x2 -> block of two 3x3 convs on 2 channels -> FC 3 -> 4: 175 parameters
        MyCnn.Variant v = new MyCnn.Variant("gradcheck", List.of(MyCnn.Stage.square(2, 2)), List.of(3), false, false, 0);
        assertThat(check(WbcModels.myCnn(v).inputSize(8, 8), 8, 8)).isTrue();
    }

    @Test
    void asymmetricConvolutionBlock() {
        MyCnn.Variant v = new MyCnn.Variant("gradcheckAcb",
                List.of(new MyCnn.Stage(2, List.of(MyCnn.Kernel.ACB, MyCnn.Kernel.ACB))), List.of(3), false, false, 0);
        assertThat(check(WbcModels.myCnn(v).inputSize(8, 8), 8, 8)).isTrue();
    }

    @Test
    void autoencoderJointLoss() {
        // 9 inputs (a 1x3 RGB image) -> 4 -> code 3 -> 4 -> 9, head 3 -> 4: 132 parameters
        Autoencoder.Variant v = new Autoencoder.Variant("gradcheck", List.of(4), 3, BATCH, 1e-3);
        WbcModel model = WbcModels.autoencoder(v).inputSize(1, 3).headDropout(0) // dropout would make the loss random
                .updater(new NoOp()).dataType(DataType.DOUBLE).seed(3).build();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, 1 * 3 * 3);
        ComputationGraph g = (ComputationGraph) model.network();
        assertThat(checkGradients(g, x, oneHot(), x)).isTrue();
    }

    private static boolean check(MyCnn.Builder builder, int h, int w) {
        WbcModel model = builder.updater(new NoOp()).dataType(DataType.DOUBLE).seed(3).build();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, 3, h, w);
        return checkGradients((ComputationGraph) model.network(), x, oneHot());
    }

    /** DL4J's check of every parameter: two forward passes each, hence the tiny networks. */
    private static boolean checkGradients(ComputationGraph g, INDArray x, INDArray... labels) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(labels));
    }

    private static INDArray oneHot() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, 4);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, (i * 3 + 1) % 4, 1.0);
        }
        return y;
    }
}
