package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;

/** One forward pass gives what {@code output} and {@code loss} give with two. */
class OutputAndLossTest {

    private static DataSet trainedBatch(WbcModel model) {
        DataSetIterator data = TinyModels.separable(8, 32, 3);
        DataSet batch = data.next();
        for (int i = 0; i < 5; i++) {
            model.fitBatch(batch); // batch-norm statistics and weights away from their initial values
        }
        return TinyModels.separable(4, 16, 4).next();
    }

    @Test
    void multiLayerNetworkWithBatchNormMatchesOutputAndLoss() {
        WbcModel model = TinyModels.dense(3, 1e-2);
        model.network().params(); // three layers: dense, batch norm, output
        DataSet batch = trainedBatch(model);
        WbcModel.OutputAndLoss one = model.outputAndLoss(batch);
        assertThat(one.probabilities()).isEqualTo(model.output(batch.getFeatures()));
        assertThat(one.loss()).isCloseTo(model.loss(batch), within(1e-6));
        assertThat(one.loss()).isPositive();
    }

    @Test
    void twoOutputGraphSumsBothLossesAndGivesTheClassHead() {
        WbcModel model = TinyModels.jointGraph(3);
        DataSet batch = trainedBatch(model);
        WbcModel.OutputAndLoss one = model.outputAndLoss(batch);
        assertThat(one.probabilities()).isEqualTo(model.output(batch.getFeatures()));
        assertThat(one.probabilities().size(1)).isEqualTo(4);
        assertThat(one.loss()).isCloseTo(model.loss(batch), within(1e-6));
    }

    @Test
    void l2RegularisationIsCountedOnceAsInDl4jsScore() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).l2(0.05)
                        .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).updater(new Adam(1e-2)).list()
                        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(8).build())
                        .layer(new org.deeplearning4j.nn.conf.layers.DropoutLayer.Builder(0.5).build())
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(4)
                                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                        .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(12)).build());
        net.init();
        WbcModel model = WbcModel.of("l2", net, TinyModels.FLAT_2X2);
        DataSet batch = TinyModels.separable(4, 16, 5).next();
        assertThat(model.outputAndLoss(batch).loss()).isCloseTo(model.loss(batch), within(1e-6));
        assertThat(model.outputAndLoss(batch).probabilities()).isEqualTo(model.output(batch.getFeatures()));
    }

    @Test
    void aNetworksValidationKeepsItsActivationsInOneReusedWorkspace() {
        WbcModel model = TinyModels.dense(5, 1e-2);
        DataSet batch = trainedBatch(model);
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = (org.deeplearning4j.nn.multilayer.MultiLayerNetwork) model.network();
        org.nd4j.linalg.api.ndarray.INDArray expected = net.activateSelectedLayers(0, 1, batch.getFeatures());

        assertThat(WorkspaceOutputs.reusesMemory()).as("DL4J's workspace-aware forward pass is reachable").isTrue();
        boolean[] attached = new boolean[1];
        org.nd4j.linalg.api.ndarray.INDArray inWorkspace = WorkspaceOutputs.ofNetwork(net, 1, batch.getFeatures(), acts -> {
            attached[0] = acts.isAttached();
            return acts.detach();
        });
        assertThat(attached[0]).as("the activations are in the reused workspace, not fresh memory").isTrue();
        assertThat(inWorkspace).isEqualTo(expected);
        model.outputAndLoss(batch);
        assertThat(org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread())
                .as("closed after the pass").isFalse();
    }

    /** input -> dense "code" (12 -> 6) -> output layer "head" (4 classes) with this loss and activation. */
    private static org.deeplearning4j.nn.graph.ComputationGraph codeAndHead(
            org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction loss, org.nd4j.linalg.activations.Activation activation) {
        org.deeplearning4j.nn.graph.ComputationGraph g = new org.deeplearning4j.nn.graph.ComputationGraph(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(2)
                        .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).updater(new Adam(1e-2)).graphBuilder()
                        .addInputs("input")
                        .addLayer("code", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(12).nOut(6).build(), "input")
                        .addLayer("head", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(loss).nIn(6).nOut(4)
                                .activation(activation).build(), "code")
                        .setOutputs("head").build());
        g.init();
        return g;
    }

    @Test
    void graphHeadsAreScoredFromTheirOutputsWhereThePreActivationComesBack() {
        WbcModel joint = TinyModels.jointGraph(7);
        org.deeplearning4j.nn.graph.ComputationGraph g = (org.deeplearning4j.nn.graph.ComputationGraph) joint.network();
        assertThat(OutputFeed.of(g, "head").scoresFromOutput()).as("softmax").isTrue();
        assertThat(OutputFeed.of(g, "reconstruction").scoresFromOutput()).as("identity").isTrue();

        // A softmax head with another loss, which might read the raw logits, is not scored from its output.
        assertThat(OutputFeed.of(codeAndHead(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.L1,
                org.nd4j.linalg.activations.Activation.SOFTMAX), "head").scoresFromOutput()).isFalse();

        // A sigmoid head cannot be: its validation takes the path through the feeding vertex, with the same answers.
        org.deeplearning4j.nn.graph.ComputationGraph sigmoid = codeAndHead(
                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.XENT, org.nd4j.linalg.activations.Activation.SIGMOID);
        assertThat(OutputFeed.of(sigmoid, "head").scoresFromOutput()).isFalse();
        WbcModel model = WbcModel.of("sigmoid", sigmoid, TinyModels.FLAT_2X2, java.util.List.of(OutputRole.CLASS_PROBABILITIES));
        DataSet batch = TinyModels.separable(4, 16, 6).next();
        WbcModel.OutputAndLoss one = model.outputAndLoss(batch);
        assertThat(one.loss()).isCloseTo(model.loss(batch), within(1e-6));
        assertThat(one.probabilities()).isEqualTo(model.output(batch.getFeatures()));
    }

    @Test
    void aNetworkWithoutInferenceWorkspacesValidatesThroughThePublicPath() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(
                new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(8)
                        .inferenceWorkspaceMode(org.deeplearning4j.nn.conf.WorkspaceMode.NONE)
                        .dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).updater(new Adam(1e-2)).list()
                        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(8).build())
                        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(6).build())
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(4)
                                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                        .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(12)).build());
        net.init();
        WbcModel model = WbcModel.of("noWorkspaces", net, TinyModels.FLAT_2X2);
        DataSet batch = TinyModels.separable(4, 16, 9).next();
        WbcModel.OutputAndLoss one = model.outputAndLoss(batch);
        assertThat(one.loss()).isCloseTo(model.loss(batch), within(1e-6));
        assertThat(one.probabilities()).isEqualTo(model.output(batch.getFeatures()));
    }
}
