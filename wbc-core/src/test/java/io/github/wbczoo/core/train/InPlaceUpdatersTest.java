package io.github.wbczoo.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcBackend;
import io.github.wbczoo.core.WbcModel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The in-place updaters give DL4J's own updaters' parameters and state bit for bit (they only spare the
 * views DL4J rebuilds when it takes a network's gradient for a foreign one), keep the state they replace,
 * and come back after DL4J rebuilds the updater.
 */
class InPlaceUpdatersTest {
    static {
        WbcBackend.init();
    }

    private static final DataConfig FLAT = new DataConfig(2, 2, 3, ChannelLayout.FLAT, Normalization.divideBy255());

    /** Dense, batch norm (its mean and variance are not divided by the batch), L2 and weight decay. */
    private static NeuralNetConfiguration.Builder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT).updater(updater)
                .l2(1e-3).weightDecay(1e-4, true);
    }

    private static MultiLayerNetwork layers(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(base(updater).list()
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(12)).build());
        net.init();
        return net;
    }

    private static ComputationGraph graph(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(base(updater).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(12).nOut(10).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nIn(10).nOut(10).build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(10).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /** The same batch for the same seed (ND4J's generator does not repeat itself after {@code setSeed}). */
    private static DataSet batch(int seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[6 * 12];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        INDArray x = Nd4j.create(values, new long[] {6, 12}, 'c');
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 4);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, (i + seed) % 4, 1);
        }
        return new DataSet(x, y);
    }

    private static void fit(Model net, DataSet b) {
        if (net instanceof MultiLayerNetwork mln) {
            mln.fit(b);
        } else {
            ((ComputationGraph) net).fit(b);
        }
    }

    private static INDArray state(Model net) {
        return net instanceof MultiLayerNetwork mln ? mln.getUpdater().getStateViewArray()
                : ((ComputationGraph) net).getUpdater().getStateViewArray();
    }

    /** Trains a plain twin and an in-place one for {@code steps}; the in-place one from step {@code from}. */
    private static void assertSameTraining(Model plain, Model tested, int from, int steps) {
        tested.setParams(plain.params().dup());
        for (int i = 0; i < steps; i++) {
            if (i == from) {
                assertThat(InPlaceUpdaters.install(tested)).isTrue();
            }
            DataSet b = batch(i);
            fit(plain, b);
            fit(tested, b);
            if (i >= from) {
                assertThat(InPlaceUpdaters.lastStepInPlace(tested)).as("step %d in place", i).isTrue();
            }
        }
        assertThat(InPlaceUpdaters.lastStepInPlace(plain)).isFalse();
        assertThat(tested.params()).isEqualTo(plain.params());
        assertThat(state(tested)).isEqualTo(state(plain));
    }

    @Test
    void graphTrainsAsDl4jsUpdaterBitForBit() {
        assertSameTraining(graph(FusedAdam.of(new Adam(1e-2))), graph(FusedAdam.of(new Adam(1e-2))), 0, 6);
        assertSameTraining(graph(new Nesterovs(1e-2, 0.9)), graph(new Nesterovs(1e-2, 0.9)), 0, 6);
    }

    @Test
    void multiLayerNetworkTrainsAsDl4jsUpdaterBitForBit() {
        assertSameTraining(layers(new Adam(1e-2)), layers(new Adam(1e-2)), 0, 6);
    }

    @Test
    void installingMidwayKeepsTheMoments() {
        // Three plain steps build Adam's moments; a fresh state would give other parameters after step four.
        assertSameTraining(graph(FusedAdam.of(new Adam(1e-2))), graph(FusedAdam.of(new Adam(1e-2))), 3, 6);
        assertSameTraining(layers(new Adam(1e-2)), layers(new Adam(1e-2)), 3, 6);
    }

    @Test
    void fitBatchPutsItBackAfterALearningRateChange() {
        // Both wrapped, so both get the same layer implementations; the twin is fitted by DL4J directly.
        MultiLayerNetwork plain = layers(new Adam(1e-2));
        MultiLayerNetwork net = layers(new Adam(1e-2));
        net.setParams(plain.params().dup());
        WbcModel.of("tinyPlain", plain, FLAT);
        WbcModel model = WbcModel.of("tinyInPlace", net, FLAT);
        for (int i = 0; i < 4; i++) {
            if (i == 2) {
                model.learningRate(5e-3); // DL4J builds a plain updater again, with the same state
                plain.setLearningRate(5e-3);
                assertThat(net.getUpdater()).isNotInstanceOf(InPlaceUpdaters.ForLayers.class);
            }
            model.fitBatch(batch(i));
            plain.fit(batch(i));
            assertThat(net.getUpdater()).isInstanceOf(InPlaceUpdaters.ForLayers.class);
        }
        assertThat(InPlaceUpdaters.lastStepInPlace(net)).isTrue();
        assertThat(net.params()).isEqualTo(plain.params());
    }

    @Test
    void aForeignGradientIsLeftAsItIs() {
        ComputationGraph g = graph(new Adam(1e-2));
        g.fit(batch(0)); // DL4J allocates the gradient array at the first step
        INDArray held = g.getFlattenedGradients();
        org.deeplearning4j.nn.gradient.DefaultGradient own = new org.deeplearning4j.nn.gradient.DefaultGradient(held);
        assertThat(InPlaceUpdaters.holding(own, held).gradient()).isSameAs(held);
        org.deeplearning4j.nn.gradient.DefaultGradient foreign =
                new org.deeplearning4j.nn.gradient.DefaultGradient(held.dup());
        assertThat(InPlaceUpdaters.holding(foreign, held)).isSameAs(foreign);
        org.deeplearning4j.nn.gradient.DefaultGradient part = new org.deeplearning4j.nn.gradient.DefaultGradient(
                held.reshape(held.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, held.length() - 1)));
        assertThat(InPlaceUpdaters.holding(part, held)).isSameAs(part);
    }
}
