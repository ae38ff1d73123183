package io.github.wbczoo.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.WbcBackend;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** FusedAdam trains exactly as DL4J's Adam (to float rounding), with the same state, and stays an Adam everywhere else. */
class FusedAdamTest {
    static {
        WbcBackend.init();
    }

    private static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(20).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 9, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void twentyStepsGiveDl4jsAdamParametersAndState() {
        Adam dl4j = new Adam(new StepSchedule(ScheduleType.ITERATION, 3e-2, 0.5, 7)); // a schedule, and other betas
        dl4j.setBeta1(0.8);
        dl4j.setBeta2(0.95);
        dl4j.setEpsilon(1e-6);
        IUpdater fused = FusedAdam.of(dl4j.clone());
        assertThat(fused).isInstanceOf(FusedAdam.class).isEqualTo(dl4j);
        MultiLayerNetwork reference = network(dl4j);
        MultiLayerNetwork tested = network(fused);
        tested.setParams(reference.params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 8, 9);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 3, 1);
        }
        for (int step = 0; step < 20; step++) {
            reference.fit(x, y);
            tested.fit(x, y);
        }
        assertThat(tested.getUpdater().getStateViewArray().equalsWithEps(reference.getUpdater().getStateViewArray(), 1e-6))
                .as("m and v").isTrue();
        INDArray moved = tested.params().sub(network(dl4j).params());
        assertThat(moved.norm2Number().doubleValue()).as("the parameters moved").isGreaterThan(0.1);
        assertThat(tested.params().equalsWithEps(reference.params(), 1e-5)).as("parameters").isTrue();
        var used = ((org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?>) tested.getUpdater()).getUpdaterBlocks()
                .get(0).getGradientUpdater();
        assertThat(used).isInstanceOf(FusedAdam.Updater.class);
        assertThat(((FusedAdam.Updater) used).lastFused).as("the fused pass ran, not libnd4j's op").isTrue();
    }

    @Test
    void oneUpdateMatchesTheFormulaComputedByHand() {
        // One parameter, gradient 0.5, first step (iteration 0): m = 0.1 * 0.5, v = 0.001 * 0.25,
        // alpha = 0.01 * sqrt(1 - 0.999) / (1 - 0.9), update = m * alpha / (sqrt(v) + 1e-8).
        FusedAdam adam = (FusedAdam) FusedAdam.of(new Adam(0.01, 0.9, 0.999, 1e-8));
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2);
        var updater = adam.instantiate(state, true);
        INDArray g = Nd4j.createFromArray(new float[] {0.5f}).reshape(1, 1);
        updater.applyUpdater(g, 0, 0);
        assertThat(((FusedAdam.Updater) updater).lastFused).isTrue();
        // In float, as libnd4j's op: 1 - 0.999f is 0.00099998713, not 0.001.
        double m = (1 - 0.9f) * 0.5;
        double v = (1 - 0.999f) * 0.25;
        double alpha = 0.01 * Math.sqrt(1 - 0.999f) / (1 - 0.9f);
        assertThat(g.getDouble(0)).isCloseTo(m * alpha / (Math.sqrt(v) + 1e-8), org.assertj.core.data.Offset.offset(1e-7));
        assertThat(state.getDouble(0)).isCloseTo(m, org.assertj.core.data.Offset.offset(1e-8));
        assertThat(state.getDouble(1)).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-10));
    }

    @Test
    void everySixteenthStepSetsSubnormalMomentsAndTheirUpdatesToZero() {
        // Gradient 0: m decays by beta1, v by beta2. 1e-39 is subnormal (below 2^-126, about 1.18e-38), 1e-30 is not.
        float[] m = {1e-39f, 1e-30f, 0.5f};
        float[] v = {1e-20f, 1e-39f, 0.25f};
        float[] flushed = step(m, v, FusedAdam.FLUSH_EVERY);
        float[] kept = step(m, v, FusedAdam.FLUSH_EVERY + 1);
        // kept: {m0, m1, m2, v0, v1, v2, update0, update1, update2}
        assertThat(kept[0]).isEqualTo(0.9f * 1e-39f).isNotZero();
        assertThat(kept[4]).isEqualTo(0.999f * 1e-39f).isNotZero();
        assertThat(kept[6]).isNotZero();
        assertThat(flushed[0]).as("subnormal m").isZero();
        assertThat(flushed[6]).as("its update").isZero();
        assertThat(flushed[4]).as("subnormal v").isZero();
        for (int i : new int[] {1, 2, 3, 5}) {
            assertThat(flushed[i]).as("moment %d", i).isEqualTo(kept[i]).isNotZero();
        }
        // The updates' bias correction depends on the iteration; the normal moments' updates are not zeroed.
        assertThat(flushed[7]).isPositive();
        assertThat(flushed[8]).isPositive();
    }

    /** m, v and the update after one fused step at {@code iteration} with a gradient of 0. */
    private static float[] step(float[] m, float[] v, int iteration) {
        FusedAdam adam = (FusedAdam) FusedAdam.of(new Adam(0.01, 0.9, 0.999, 1e-8));
        INDArray state = Nd4j.createFromArray(concat(m, v)).reshape(1, m.length * 2L);
        var updater = (FusedAdam.Updater) adam.instantiate(state, false);
        INDArray g = Nd4j.zeros(DataType.FLOAT, 1, m.length);
        updater.applyUpdater(g, iteration, 0);
        assertThat(updater.lastFused).isTrue();
        return concat(state.toFloatVector(), g.toFloatVector());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aLongGradientSplitAcrossThreadsGivesTheValuesOfShortOnes() {
        // Long enough for several threads where the common pool has any; the same values in pieces short
        // enough for one thread each must come out the same bit for bit (the pass is element-wise).
        int pieces = 3;
        int piece = (int) FusedAdam.VALUES_PER_THREAD - 7;
        int n = pieces * piece;
        FusedAdam config = (FusedAdam) FusedAdam.of(new Adam(0.01, 0.9, 0.999, 1e-8));
        Nd4j.getRandom().setSeed(3);
        INDArray longState = Nd4j.rand(DataType.FLOAT, 1, 2L * n).muli(1e-3);
        var longOne = (FusedAdam.Updater) config.instantiate(longState, false);
        INDArray longGradient = Nd4j.randn(DataType.FLOAT, 1, n);
        INDArray expected = Nd4j.zeros(DataType.FLOAT, 1, n);
        INDArray expectedState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        for (int p = 0; p < pieces; p++) {
            var range = org.nd4j.linalg.indexing.NDArrayIndex.interval((long) p * piece, (long) (p + 1) * piece);
            var all = org.nd4j.linalg.indexing.NDArrayIndex.all();
            INDArray g = longGradient.get(all, range).dup();
            INDArray state = Nd4j.hstack(longState.get(all, range),
                    longState.get(all, org.nd4j.linalg.indexing.NDArrayIndex.interval((long) n + p * piece,
                            (long) n + (p + 1) * piece))).dup();
            var shortOne = (FusedAdam.Updater) config.instantiate(state, false);
            shortOne.applyUpdater(g, 4, 0);
            assertThat(shortOne.lastFused).isTrue();
            expected.get(all, range).assign(g);
            expectedState.get(all, range).assign(state.get(all, org.nd4j.linalg.indexing.NDArrayIndex.interval(0, piece)));
            expectedState.get(all, org.nd4j.linalg.indexing.NDArrayIndex.interval((long) n + p * piece,
                    (long) n + (p + 1) * piece)).assign(state.get(all,
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(piece, 2L * piece)));
        }
        assertThat(FusedAdam.Updater.parts(piece)).isEqualTo(1);
        longOne.applyUpdater(longGradient, 4, 0);
        assertThat(longOne.lastFused).isTrue();
        assertThat(longGradient).isEqualTo(expected);
        assertThat(longState).isEqualTo(expectedState);
    }

    @Test
    void aGradientWithGapsGoesToLibnd4jsOpWithTheSameResult() {
        Adam config = new Adam(0.01, 0.9, 0.999, 1e-8);
        INDArray fusedState = Nd4j.zeros(DataType.FLOAT, 1, 6);
        INDArray plainState = Nd4j.zeros(DataType.FLOAT, 1, 6);
        var fused = (FusedAdam.Updater) ((FusedAdam) FusedAdam.of(config.clone())).instantiate(fusedState, true);
        var plain = config.instantiate(plainState, true);
        INDArray values = Nd4j.createFromArray(new float[] {0.5f, 9, -0.25f, 9, 2, 9}).reshape(1, 6);
        INDArray strided = values.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 6)); // 0.5, -0.25, 2: every second value
        INDArray dense = strided.dup();
        fused.applyUpdater(strided, 0, 0);
        plain.applyUpdater(dense, 0, 0);
        assertThat(fused.lastFused).isFalse();
        assertThat(strided.equalsWithEps(dense, 1e-7)).isTrue();
        assertThat(fusedState.equalsWithEps(plainState, 1e-9)).isTrue();
    }

    @Test
    void onlyDl4jsAdamIsReplacedAndCopiesStayFused() {
        Nesterovs other = new Nesterovs(0.1);
        assertThat(FusedAdam.of(other)).isSameAs(other);
        assertThat(FusedAdam.of(null)).isNull();
        FusedAdam fused = (FusedAdam) FusedAdam.of(new Adam(1e-3));
        assertThat(fused.clone()).isInstanceOf(FusedAdam.class).isEqualTo(fused).isNotSameAs(fused);
        assertThat(FusedAdam.of(fused)).isSameAs(fused);
    }

    @Test
    void survivesJsonAsItself() {
        MultiLayerNetwork net = network(FusedAdam.of(new Adam(2e-3)));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        IUpdater u = ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertThat(u).isInstanceOf(FusedAdam.class);
        assertThat(((Adam) u).getLearningRate()).isEqualTo(2e-3);
    }

    @Test
    void theSwitchKeepsDl4jsAdam() {
        String before = System.getProperty(FusedAdam.PROPERTY);
        System.setProperty(FusedAdam.PROPERTY, "false");
        try {
            Adam adam = new Adam(1e-3);
            assertThat(FusedAdam.of(adam)).isSameAs(adam);
        } finally {
            if (before == null) {
                System.clearProperty(FusedAdam.PROPERTY);
            } else {
                System.setProperty(FusedAdam.PROPERTY, before);
            }
        }
    }
}
