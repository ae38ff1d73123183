package io.github.wbczoo.models;

import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A regression loss (MSE, Huber) applied to the <em>logits</em> of an output layer whose
 * activation is softmax: training sees the raw {@code Dense(4)} outputs, exactly as in a Keras
 * model whose last layer has no activation, while {@code network.output()} still gives class
 * probabilities (softmax keeps the order of the logits, so predicted classes are the same).
 *
 * <p>The layer's activation is deliberately ignored: the wrapped loss sees the identity, and its
 * gradient is already the gradient with respect to the logits.
 *
 * <p>What the logits are compared with is a {@link Target}: the one-hot labels (the natural
 * reading), or Sarkar et al.'s actual setup, where the integer class index was broadcast against
 * all four logits (their Keras code passed sparse labels to {@code Huber()} and
 * {@code MeanSquaredError()}), which makes every logit chase the same number and the predicted
 * class arbitrary.
 *
 * <p>Usage: {@code new LogitRegressionLoss(new HuberLoss(), LogitRegressionLoss.Target.ONE_HOT)}
 */
public final class LogitRegressionLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;
    private static final IActivation IDENTITY = new ActivationIdentity();

    /** What each logit is regressed towards. */
    public enum Target {
        /** Logit k towards 1 for the true class, 0 otherwise. */
        ONE_HOT,
        /** Every logit towards the true class index (0-3): Sarkar et al.'s sparse labels broadcast by Keras. */
        CLASS_INDEX
    }

    @JsonProperty("loss")
    private final ILossFunction loss;
    @JsonProperty("target")
    private final Target target;

    @JsonCreator
    public LogitRegressionLoss(@JsonProperty("loss") ILossFunction loss, @JsonProperty("target") Target target) {
        this.loss = Objects.requireNonNull(loss, "loss");
        this.target = Objects.requireNonNull(target, "target");
    }

    public ILossFunction loss() {
        return loss;
    }

    public Target target() {
        return target;
    }

    /** The regression targets for one-hot labels: the labels themselves, or each row's class index repeated. */
    INDArray targets(INDArray oneHotLabels) {
        if (target == Target.ONE_HOT) {
            return oneHotLabels;
        }
        INDArray index = oneHotLabels.argMax(1).castTo(oneHotLabels.dataType()).reshape(oneHotLabels.size(0), 1);
        return index.repeat(1, oneHotLabels.size(1));
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return loss.computeScore(targets(labels), preOutput, IDENTITY, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeScoreArray(targets(labels), preOutput, IDENTITY, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeGradient(targets(labels), preOutput, IDENTITY, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return loss.computeGradientAndScore(targets(labels), preOutput, IDENTITY, mask, average);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "LogitRegressionLoss(" + loss.name() + ", " + target + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogitRegressionLoss l && loss.equals(l.loss) && target == l.target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, target);
    }
}
