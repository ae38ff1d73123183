package io.github.wbczoo.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks and synthetic data for testing the training core without real images. */
final class TinyModels {
    /** A 2x2 RGB "image" flattened: 12 inputs. */
    static final DataConfig FLAT_2X2 = new DataConfig(2, 2, 3, ChannelLayout.FLAT, Normalization.divideBy255());

    private TinyModels() {
    }

    static WbcModel dense(long seed, double lr) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Adam(lr)).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(12)).build());
        net.init();
        return WbcModel.of("tiny", net, FLAT_2X2);
    }

    /** A two-output graph: class head and reconstruction, like the joint-loss autoencoder. */
    static WbcModel jointGraph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Adam(1e-2)).graphBuilder()
                .addInputs("input")
                .addLayer("code", new DenseLayer.Builder().nIn(12).nOut(6).activation(Activation.RELU).build(), "input")
                .addLayer("head", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "code")
                .addLayer("reconstruction", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(12)
                        .activation(Activation.IDENTITY).build(), "code")
                .setOutputs("head", "reconstruction")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return WbcModel.of("tinyJoint", g, FLAT_2X2, List.of(OutputRole.CLASS_PROBABILITIES, OutputRole.INPUT_RECONSTRUCTION));
    }

    /** Four separable classes: each class lights up its own three inputs. */
    static DataSetIterator separable(int perClass, int batch, long seed) {
        Random random = new Random(seed);
        List<DataSet> examples = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c = 0; c < 4; c++) {
                INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 12);
                for (int j = 0; j < 12; j++) {
                    x.putScalar(0, j, (float) (random.nextGaussian() * 0.3 + (j / 3 == c ? 1.0 : 0.0)));
                }
                INDArray y = Nd4j.zeros(DataType.FLOAT, 1, 4);
                y.putScalar(0, c, 1f);
                examples.add(new DataSet(x, y));
            }
        }
        java.util.Collections.shuffle(examples, random);
        return new ListDataSetIterator<>(examples, batch);
    }
}
