package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training accuracy from the step's own forward pass equals what a separate forward pass before
 * the step gives, for networks whose training and inference forward passes agree (no dropout, no
 * batch norm), for a network, a two-output graph and a class head that flattens convolution maps.
 */
class TrainingForwardAnswersTest {

    private static WbcModel plainDense() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(4).dataType(DataType.FLOAT).updater(new Adam(5e-2)).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(12)).build());
        net.init();
        return WbcModel.of("plain", net, TinyModels.FLAT_2X2);
    }

    @Test
    void networkCountsEqualASeparateForwardPassBeforeEachStep() {
        assertCountsMatch(plainDense());
    }

    @Test
    void graphCountsEqualASeparateForwardPassBeforeEachStep() {
        assertCountsMatch(TinyModels.jointGraph(4));
    }

    /** A 1x1 convolution whose maps the class head flattens, as the Inception family's does. */
    private static WbcModel flattenedMaps() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(6).dataType(DataType.FLOAT).updater(new Adam(5e-2)).list()
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(2, 2, 3)).build());
        net.init();
        return WbcModel.of("flattened", net, TinyModels.FLAT_2X2);
    }

    @Test
    void countsThroughAFlattenEqualASeparateForwardPassBeforeEachStep() {
        assertCountsMatch(flattenedMaps());
    }

    @Test
    void theClassHeadReadsFlattenedMapsInTheirWorkspaceWithoutCopyingThem() {
        WbcModel model = flattenedMaps();
        OutputFeed feed = OutputFeed.of((MultiLayerNetwork) model.network());
        assertThat(feed.preprocessor()).isInstanceOf(CnnToFeedForwardPreProcessor.class);
        INDArray maps = Nd4j.rand(DataType.FLOAT, 4, 5, 2, 2);
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        INDArray expected = feed.layer().activate(feed.prepare(maps.dup(), none), false, none).dup();
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(1 << 20)
                .policyLearning(LearningPolicy.NONE).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "TEST_ACTIVATIONS")) {
            INDArray attached = maps.dup();
            assertThat(attached.isAttached()).isTrue();
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray answers = feed.activateInPlace(attached);
                assertThat(feed.layer().input().data().address())
                        .as("the layer's input is a view of the maps, not a copy")
                        .isEqualTo(attached.data().address());
                assertThat(answers.equalsWithEps(expected, 1e-6)).isTrue();
            }
        }
        INDArray detached = feed.activateInPlace(maps);
        assertThat(detached.equalsWithEps(expected, 1e-6)).as("arrays outside any workspace").isTrue();
    }

    private static void assertCountsMatch(WbcModel model) {
        WbcModel twin = copy(model);
        DataSetIterator data = TinyModels.separable(16, 8, 6);
        long sum = 0;
        int batches = 0;
        List<Long> counted = new java.util.ArrayList<>();
        List<Long> expected = new java.util.ArrayList<>();
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArrayCounts.add(expected, twin.output(batch.getFeatures()), batch.getLabels());
            twin.fitBatch(batch);
            long c = model.fitBatchCountingCorrect(batch);
            counted.add(c);
            sum += c;
            batches++;
        }
        assertThat(batches).isEqualTo(8);
        assertThat(counted).isEqualTo(expected);
        assertThat(sum).as("the network learns, so some answers are right").isPositive();
        assertThat(model.network().params()).as("the counting model trained exactly like its twin")
                .isEqualTo(twin.network().params());
    }

    private static WbcModel copy(WbcModel m) {
        java.nio.file.Path f;
        try {
            f = java.nio.file.Files.createTempFile("twin", ".wbc");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        m.save(f);
        WbcModel twin = WbcModel.load(f);
        f.toFile().delete();
        return twin;
    }

    /** Right answers of probabilities against one-hot labels. */
    private static final class INDArrayCounts {
        static void add(List<Long> out, org.nd4j.linalg.api.ndarray.INDArray probabilities, org.nd4j.linalg.api.ndarray.INDArray oneHot) {
            long[] p = probabilities.argMax(1).toLongVector();
            long[] y = oneHot.argMax(1).toLongVector();
            long c = 0;
            for (int i = 0; i < p.length; i++) {
                c += p[i] == y[i] ? 1 : 0;
            }
            out.add(c);
        }
    }
}
