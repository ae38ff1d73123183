package io.github.wbczoo.core.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcBackend;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Layers that hand their blocked outputs to the next layer compute exactly what they compute without,
 * in inference and in training, and only where every reader leaves the output as it is.
 */
class BlockedOutputsTest {
    static {
        WbcBackend.init();
    }

    @AfterEach
    void defaults() {
        BlockedOutputs.setEnabled(true);
    }

    /** myCnn's stage: conv (ReLU inside) -> pool -> conv -> conv -> add with the pool -> ReLU layer -> conv. */
    private static ComputationGraph stage() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(24, 32, 3))
                .addLayer("conv", conv(3, 2, Activation.RELU, ConvolutionMode.Truncate), "image")
                .addLayer("pool", pool(), "conv")
                .addLayer("block1", conv(3, 1, Activation.RELU, ConvolutionMode.Same), "pool")
                .addLayer("block2", conv(3, 1, Activation.IDENTITY, ConvolutionMode.Same), "block1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pool", "block2")
                .addLayer("relu", new ActivationLayer.Builder().activation(new DnnlRelu()).build(), "add")
                .addLayer("next", conv(3, 1, Activation.RELU, ConvolutionMode.Same), "relu")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "next")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void marksTheLayersWhoseReadersLeaveTheirOutputsAlone() {
        ComputationGraph graph = stage();
        // conv (read by the pool), pool (two convs' and the addition's input), block1, block2 (the addition's);
        // not "next", whose reader is a global pooling.
        assertThat(BlockedOutputs.markSharingLayers(graph)).isEqualTo(4);
    }

    @Test
    void aGraphGivesTheSameOutputsWithAndWithoutTheCopies() {
        ComputationGraph graph = stage();
        BlockedOutputs.markSharingLayers(graph);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 24, 32).subi(0.5);

        BlockedOutputs.setEnabled(false);
        INDArray without = graph.outputSingle(x).dup();
        long before = BlockedOutputs.taken();
        BlockedOutputs.setEnabled(true);
        INDArray with = graph.outputSingle(x).dup();
        INDArray again = graph.outputSingle(x.mul(2)).dup();   // next batch: the first batch's copies are stale

        // The pool reads conv's copy, block1 the pool's, block2 block1's: three per pass.
        assertThat(BlockedOutputs.taken() - before).isEqualTo(6);
        assertThat(with).isEqualTo(without);
        BlockedOutputs.setEnabled(false);
        assertThat(again).isEqualTo(graph.outputSingle(x.mul(2)));
    }

    @Test
    void trainingGivesTheSameParametersWithAndWithoutTheCopies() {
        ComputationGraph with = stage();
        ComputationGraph without = stage();
        BlockedOutputs.markSharingLayers(with);
        BlockedOutputs.markSharingLayers(without);
        without.setParams(with.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 24, 32).subi(0.5);
        INDArray y = Nd4j.eye(4).castTo(DataType.FLOAT);
        // Forward: the three above. Backward: conv reads the gradient the pool computed for it, block1 block2's;
        // not the pool, whose output's gradient DL4J adds up from two readers.
        trainSideBySide(with, without, new DataSet(x, y), 5);
        assertThat(with.params()).isEqualTo(without.params());
        assertThat(with.score()).isEqualTo(without.score());
    }

    /** resNet18's block: conv -> BN (ReLU inside) -> conv -> BN -> add with the block's input -> ReLU layer. */
    private static ComputationGraph residualWithBatchNorms() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(13).dataType(DataType.FLOAT)
                .updater(new Sgd(0.05)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(16, 20, 16))
                .addLayer("conv1", conv(3, 1, Activation.IDENTITY, ConvolutionMode.Same), "image")
                .addLayer("bn1", ActivatedBatchNormalization.of(new BatchNormalization.Builder().activation(Activation.RELU)
                        .build()), "conv1")
                .addLayer("conv2", conv(3, 1, Activation.IDENTITY, ConvolutionMode.Same), "bn1")
                .addLayer("bn2", ActivatedBatchNormalization.of(new BatchNormalization.Builder()
                        .activation(Activation.IDENTITY).build()), "conv2")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "image", "bn2")
                .addLayer("relu", new ActivationLayer.Builder().activation(new DnnlRelu()).build(), "add")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void batchNormsInTrainingShareTheirBlockedLayoutWithTheConvolutions() {
        ComputationGraph with = residualWithBatchNorms();
        ComputationGraph without = residualWithBatchNorms();
        assertThat(BlockedOutputs.markSharingLayers(with)).isEqualTo(4);
        BlockedOutputs.markSharingLayers(without);
        without.setParams(with.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 16, 16, 20).subi(0.5);
        INDArray y = Nd4j.eye(4).castTo(DataType.FLOAT);
        // Forward: bn1 reads conv1's copy, conv2 bn1's, bn2 conv2's (their backward passes read those again).
        // Backward: conv2 reads the gradient bn2 computed for it, bn1 conv2's, conv1 bn1's.
        trainSideBySide(with, without, new DataSet(x, y), 6);
        assertThat(with.params()).isEqualTo(without.params());
        // inference batch norms run on NCHW: nothing to share, the same outputs
        BlockedOutputs.setEnabled(false);
        INDArray expected = without.outputSingle(x);
        BlockedOutputs.setEnabled(true);
        assertThat(with.outputSingle(x)).isEqualTo(expected);
    }

    @Test
    void anActivationLayerOverwritesItsInputSoItsConvolutionOffersNothing() {
        // Without inference workspaces DL4J's activation layer applies the leaky ReLU in place, on the very array
        // the convolution wrote: a copy of that output taken past it would hold the values before the activation.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .inferenceWorkspaceMode(WorkspaceMode.NONE).weightInit(WeightInit.XAVIER).list()
                .layer(conv(3, 1, Activation.IDENTITY, ConvolutionMode.Same))
                .layer(new ActivationLayer.Builder().activation(new ActivationLReLU(0.1)).build())
                .layer(conv(3, 1, Activation.RELU, ConvolutionMode.Same))
                .layer(pool())
                .layer(conv(3, 1, Activation.RELU, ConvolutionMode.Same))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 16, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // the second convolution (read by the pool) and the pool (read by a convolution); not the first, nor the last
        assertThat(BlockedOutputs.markSharingLayers(net)).isEqualTo(2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 12, 16).subi(0.5);
        BlockedOutputs.setEnabled(false);
        INDArray without = net.output(x).dup();
        BlockedOutputs.setEnabled(true);
        long before = BlockedOutputs.taken();
        assertThat(net.output(x)).isEqualTo(without);
        assertThat(BlockedOutputs.taken() - before).isEqualTo(2);

        // Forced to offer anyway, the first convolution's copy is read past the activation layer, and it shows.
        ((ReusingConvolutionLayer.Impl) net.getLayer(0)).sharesBlockedOutput(true);
        INDArray stale = net.output(x);
        assertThat(BlockedOutputs.taken() - before).isEqualTo(2 + 3);
        assertThat(stale.equalsWithEps(without, 1e-4)).as("a stale copy changes the output").isFalse();
    }

    /** Three training steps of each network on {@code batch}, without the copies and with them, reading {@code copies} per step. */
    private static void trainSideBySide(ComputationGraph with, ComputationGraph without, DataSet batch, long copies) {
        for (int step = 0; step < 3; step++) {
            BlockedOutputs.setEnabled(false);
            without.fit(batch);
            long before = BlockedOutputs.taken();
            BlockedOutputs.setEnabled(true);
            with.fit(batch);
            assertThat(BlockedOutputs.taken() - before).as("copies read in training step " + step).isEqualTo(copies);
        }
    }

    private static ConvolutionLayer conv(int kernel, int stride, Activation activation, ConvolutionMode mode) {
        return ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(16)
                .activation(activation).convolutionMode(mode).build());
    }

    private static SubsamplingLayer pool() {
        return IndexedMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
    }
}
