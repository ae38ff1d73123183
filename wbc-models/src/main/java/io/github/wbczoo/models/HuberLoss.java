package io.github.wbczoo.models;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The Huber loss as Keras' {@code tf.keras.losses.Huber(delta)} defines it, which DL4J 1.0.0-M2.1
 * lacks. For an error {@code e = label - output}:
 * {@code 0.5 e^2} where {@code |e| <= delta}, else {@code delta (|e| - 0.5 delta)}; averaged over
 * the outputs of an example (Keras' mean over the last axis), then over the batch. Quadratic near
 * zero like MSE, linear beyond {@code delta} so large errors pull less.
 *
 * <p>Serialised with the network configuration (DL4J's shaded Jackson), so models using it save
 * and load like any other.
 *
 * <p>Usage: {@code new OutputLayer.Builder(new HuberLoss()).activation(Activation.IDENTITY).nOut(4)}
 */
public final class HuberLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Keras' default delta. */
    public static final double DEFAULT_DELTA = 1.0;

    @JsonProperty("delta")
    private final double delta;

    /** Huber loss with Keras' default {@code delta = 1.0}. */
    public HuberLoss() {
        this(DEFAULT_DELTA);
    }

    /** Huber loss switching from quadratic to linear at {@code |error| = delta}. */
    @JsonCreator
    public HuberLoss(@JsonProperty("delta") double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber delta must be positive and finite, got " + delta);
        }
        this.delta = delta;
    }

    public double delta() {
        return delta;
    }

    /** Per-element Huber values, masked; shape as the labels. */
    private INDArray elementScores(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray output = activationFn.getActivation(preOutput.dup(), true);
        INDArray absError = Transforms.abs(output.rsubi(labels.castTo(preOutput.dataType())), false);
        // 0.5 * min(|e|, d)^2 + d * max(|e| - d, 0) is both branches at once.
        INDArray quadratic = Transforms.min(absError, delta, true);
        INDArray linear = Transforms.max(absError.subi(delta), 0.0, false).muli(delta);
        INDArray scores = quadratic.muli(quadratic).muli(0.5).addi(linear);
        if (mask != null) {
            LossUtil.applyMask(scores, mask);
        }
        return scores;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        checkShapes(labels, preOutput);
        double score = elementScores(labels, preOutput, activationFn, mask).sumNumber().doubleValue() / labels.size(1);
        return average ? score / labels.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkShapes(labels, preOutput);
        return elementScores(labels, preOutput, activationFn, mask).sum(true, 1).divi(labels.size(1));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        checkShapes(labels, preOutput);
        INDArray output = activationFn.getActivation(preOutput.dup(), true);
        // d/d(output) of the mean over n outputs: clip(output - label, -delta, delta) / n.
        INDArray dLda = Transforms.max(Transforms.min(output.subi(labels.castTo(preOutput.dataType())), delta, false),
                -delta, false).divi(labels.size(1));
        if (mask != null && LossUtil.isPerOutputMasking(dLda, mask)) {
            // Needed before backprop for activations like softmax, where each input depends on every output.
            LossUtil.applyMask(dLda, mask);
        }
        INDArray gradient = activationFn.backprop(preOutput.dup(), dLda).getFirst();
        if (mask != null) {
            LossUtil.applyMask(gradient, mask);
        }
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    private static void checkShapes(INDArray labels, INDArray preOutput) {
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("Labels and outputs must have the same shape, got "
                    + java.util.Arrays.toString(labels.shape()) + " and " + java.util.Arrays.toString(preOutput.shape()));
        }
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "HuberLoss(delta=" + delta + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HuberLoss h && Double.compare(delta, h.delta) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(delta);
    }
}
