package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * {@link HuberLoss} and {@link LogitRegressionLoss}: values against hand-computed Keras numbers,
 * numerical gradient checks in double precision, and JSON round trips.
 */
class HuberLossTest {
    private static final IActivation IDENTITY = new ActivationIdentity();
    private static final IActivation SOFTMAX = new ActivationSoftmax();
    private static DataType savedDefault;
    private static DataType savedFloatingPoint;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.dataType();
        savedFloatingPoint = Nd4j.defaultFloatingPointType();
        // GradientCheckUtil insists on double precision everywhere.
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatingPoint);
    }

    /** Two examples: one with errors on both sides of delta = 1, one predicted exactly. */
    private static final double[][] LABELS = {{0, 1, 0, 0}, {1, 0, 0, 0}};
    private static final double[][] OUTPUTS = {{0.5, -1.0, 2.0, 0.1}, {1, 0, 0, 0}};

    @Test
    void valuesMatchKerasHuberWithDefaultDelta() {
        INDArray labels = Nd4j.create(LABELS);
        INDArray out = Nd4j.create(OUTPUTS);
        // Row 0: errors y - a = -0.5, 2.0, -2.0, -0.1
        //   |e| <= 1: 0.5 e^2        -> 0.125, 0.005
        //   |e| >  1: |e| - 0.5      -> 1.5, 1.5
        //   mean over 4 outputs: (0.125 + 1.5 + 1.5 + 0.005) / 4 = 3.13 / 4 = 0.7825
        //   (tf.keras.losses.Huber()([[0,1,0,0]], [[0.5,-1,2,0.1]]) == 0.7825)
        // Row 1: all errors 0 -> 0. Batch mean: 0.39125.
        HuberLoss huber = new HuberLoss();
        INDArray perExample = huber.computeScoreArray(labels, out, IDENTITY, null);
        assertThat(perExample.getDouble(0, 0)).isCloseTo(0.7825, within(1e-12));
        assertThat(perExample.getDouble(1, 0)).isCloseTo(0.0, within(1e-12));
        assertThat(huber.computeScore(labels, out, IDENTITY, null, true)).isCloseTo(0.39125, within(1e-12));
        assertThat(huber.computeScore(labels, out, IDENTITY, null, false)).isCloseTo(0.7825, within(1e-12));
    }

    @Test
    void largerDeltaKeepsMoreErrorsQuadratic() {
        // delta = 2: |e| = 2.0 is still quadratic: 0.5 * 4 = 2.0 twice; (0.125 + 2 + 2 + 0.005) / 4 = 1.0325
        INDArray perExample = new HuberLoss(2.0).computeScoreArray(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), IDENTITY, null);
        assertThat(perExample.getDouble(0, 0)).isCloseTo(1.0325, within(1e-12));
        // delta = 0.5: -0.5 -> 0.125 (quadratic at the boundary), 2.0 -> 0.5 * (2 - 0.25) = 0.875 (twice), 0.1 -> 0.005
        //   (0.125 + 0.875 + 0.875 + 0.005) / 4 = 0.47
        INDArray small = new HuberLoss(0.5).computeScoreArray(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), IDENTITY, null);
        assertThat(small.getDouble(0, 0)).isCloseTo(0.47, within(1e-12));
    }

    @Test
    void gradientIsTheClippedErrorOverTheOutputCount() {
        // d/da of mean Huber = clip(a - y, -1, 1) / 4 = (0.5, -1, 1, 0.1) / 4
        INDArray g = new HuberLoss().computeGradient(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), IDENTITY, null);
        assertThat(g.getRow(0).toDoubleVector()).containsExactly(new double[] {0.125, -0.25, 0.25, 0.025}, within(1e-12));
        assertThat(g.getRow(1).toDoubleVector()).containsExactly(new double[] {0, 0, 0, 0}, within(1e-12));
    }

    @Test
    void perExampleMaskRemovesMaskedRows() {
        INDArray mask = Nd4j.create(new double[][] {{0}, {1}});
        HuberLoss huber = new HuberLoss();
        assertThat(huber.computeScoreArray(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), IDENTITY, mask).getDouble(0, 0))
                .isZero();
        assertThat(huber.computeGradient(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), IDENTITY, mask).getRow(0).toDoubleVector())
                .containsExactly(new double[] {0, 0, 0, 0}, within(0.0));
    }

    @Test
    void rejectsBadDeltaAndMismatchedShapes() {
        assertThatThrownBy(() -> new HuberLoss(0)).hasMessage("Huber delta must be positive and finite, got 0.0");
        assertThatThrownBy(() -> new HuberLoss().computeScore(Nd4j.zeros(2, 4), Nd4j.zeros(2, 3), IDENTITY, null, true))
                .hasMessage("Labels and outputs must have the same shape, got [2, 4] and [2, 3]");
    }

    @Test
    void logitRegressionIgnoresSoftmaxAndComparesWithOneHot() {
        // The softmax of the layer is not applied: same numbers as the identity case above.
        LogitRegressionLoss huber = new LogitRegressionLoss(new HuberLoss(), LogitRegressionLoss.Target.ONE_HOT);
        assertThat(huber.computeScoreArray(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), SOFTMAX, null).getDouble(0, 0))
                .isCloseTo(0.7825, within(1e-12));
        // MSE on logits, row 0: (0.25 + 4 + 4 + 0.01) / 4 = 2.065 (Keras MeanSquaredError: mean over the last axis)
        LogitRegressionLoss mse = new LogitRegressionLoss(new LossMSE(), LogitRegressionLoss.Target.ONE_HOT);
        assertThat(mse.computeScoreArray(Nd4j.create(LABELS), Nd4j.create(OUTPUTS), SOFTMAX, null).getDouble(0, 0))
                .isCloseTo(2.065, within(1e-12));
    }

    @Test
    void classIndexTargetBroadcastsTheIndexToEveryLogit() {
        // Sarkar's code: label 2 (MONOCYTE) against logits (0.5, -1, 2, 0.1): errors 1.5, 3, 0, 1.9
        //   Huber: 1.0, 2.5, 0, 1.4 -> 4.9 / 4 = 1.225;  MSE: 2.25 + 9 + 0 + 3.61 = 14.86 / 4 = 3.715
        INDArray labels = Nd4j.create(new double[][] {{0, 0, 1, 0}});
        INDArray logits = Nd4j.create(new double[][] {{0.5, -1.0, 2.0, 0.1}});
        LogitRegressionLoss huber = new LogitRegressionLoss(new HuberLoss(), LogitRegressionLoss.Target.CLASS_INDEX);
        LogitRegressionLoss mse = new LogitRegressionLoss(new LossMSE(), LogitRegressionLoss.Target.CLASS_INDEX);
        assertThat(huber.computeScore(labels, logits, SOFTMAX, null, true)).isCloseTo(1.225, within(1e-12));
        assertThat(mse.computeScore(labels, logits, SOFTMAX, null, true)).isCloseTo(3.715, within(1e-12));
    }

    // ---- numerical gradient checks ---------------------------------------------------------

    @Test
    void huberGradientsPassNumericalCheckThroughSeveralActivations() {
        INDArray labels = regressionLabels();
        for (Activation a : new Activation[] {Activation.IDENTITY, Activation.TANH, Activation.SOFTMAX}) {
            assertThat(gradientCheck(new HuberLoss(), a, labels)).as("Huber with " + a).isTrue();
            assertThat(gradientCheck(new HuberLoss(0.3), a, labels)).as("Huber(0.3) with " + a).isTrue();
        }
    }

    @Test
    void logitRegressionGradientsPassNumericalCheckUnderSoftmax() {
        INDArray oneHot = oneHotLabels();
        for (LogitRegressionLoss.Target t : LogitRegressionLoss.Target.values()) {
            assertThat(gradientCheck(new LogitRegressionLoss(new HuberLoss(), t), Activation.SOFTMAX, oneHot))
                    .as("Huber on logits, " + t).isTrue();
            assertThat(gradientCheck(new LogitRegressionLoss(new LossMSE(), t), Activation.SOFTMAX, oneHot))
                    .as("MSE on logits, " + t).isTrue();
        }
    }

    @Test
    void gradientCheckCatchesAWrongGradient() {
        // Control: the same check rejects a loss whose gradient is off by a factor of 2.
        assertThat(gradientCheck(new DoubledGradient(new HuberLoss()), Activation.IDENTITY, regressionLabels(), true)).isFalse();
    }

    /** Targets spread over [-3, 3], so with outputs near 0 errors fall on both sides of delta. */
    private static INDArray regressionLabels() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.DOUBLE, 6, 4).muli(6).subi(3);
    }

    private static INDArray oneHotLabels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 4);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 4, 1.0);
        }
        return y;
    }

    private static boolean gradientCheck(ILossFunction loss, Activation outputActivation, INDArray labels) {
        return gradientCheck(loss, outputActivation, labels, false);
    }

    private static boolean gradientCheck(ILossFunction loss, Activation outputActivation, INDArray labels,
                                         boolean stopAtFirstError) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(loss).nIn(5).nOut(4).activation(outputActivation).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // Scale weights up so outputs (and errors) vary widely.
        net.params().muli(3);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3).subi(0.5).muli(4);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(stopAtFirstError));
    }

    // ---- serialisation -----------------------------------------------------------------------

    @Test
    void configurationsWithTheLossesRoundTripThroughJson() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(5).build())
                .layer(new OutputLayer.Builder(new LogitRegressionLoss(new HuberLoss(0.7), LogitRegressionLoss.Target.CLASS_INDEX))
                        .nIn(5).nOut(4).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        ILossFunction loss = ((OutputLayer) back.getConf(1).getLayer()).getLossFn();
        assertThat(loss).isEqualTo(new LogitRegressionLoss(new HuberLoss(0.7), LogitRegressionLoss.Target.CLASS_INDEX));
        assertThat(((LogitRegressionLoss) loss).loss()).isInstanceOf(HuberLoss.class);
        assertThat(((HuberLoss) ((LogitRegressionLoss) loss).loss()).delta()).isEqualTo(0.7);
    }

    /** A deliberately wrong loss for the control test: correct score, gradient times 2. */
    private record DoubledGradient(ILossFunction inner) implements ILossFunction {
        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
            return inner.computeScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return inner.computeScoreArray(labels, preOutput, activationFn, mask);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return inner.computeGradient(labels, preOutput, activationFn, mask).muli(2);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                              INDArray mask, boolean average) {
            return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                    computeGradient(labels, preOutput, activationFn, mask));
        }

        @Override
        public String name() {
            return "doubled " + inner.name();
        }
    }
}
