package io.github.wbczoo.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened in one training epoch. Validation values are null when there was no validation set.
 *
 * <p>Usage: {@code history.epochs().get(0).valAccuracy()}
 *
 * @param epoch         1-based epoch number
 * @param trainLoss     mean training loss over the epoch's batches
 * @param trainAccuracy accuracy on the epoch's (augmented) training batches, from each step's own training-mode
 *                      forward pass before its update (as Keras reports it)
 * @param valLoss       mean validation loss at the end of the epoch
 * @param valAccuracy   validation accuracy at the end of the epoch
 * @param learningRate  the learning rate used during the epoch
 * @param imagesPerSec  training throughput over the epoch's training pass (fetching batches included), excluding validation
 * @param seconds       wall time of the epoch including validation
 * @param valTopClassShare share of validation images given the most-predicted class (1.0: every
 *                      image got the same answer, the network has collapsed); null without validation
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, Double valLoss, Double valAccuracy,
                          double learningRate, double imagesPerSec, double seconds, Double valTopClassShare) {

    /**
     * At or above this share of one class among validation predictions the epoch counts as collapsed;
     * the same threshold the evaluation report uses.
     */
    public static final double COLLAPSE_SHARE = 0.95;

    /** An epoch record without the validation prediction share (histories written before it existed). */
    public EpochRecord(int epoch, double trainLoss, double trainAccuracy, Double valLoss, Double valAccuracy,
                       double learningRate, double imagesPerSec, double seconds) {
        this(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, learningRate, imagesPerSec, seconds, null);
    }

    /**
     * Whether (nearly) every validation image got the same answer. A collapsed network usually has
     * dead ReLUs after too large a learning rate and rarely recovers; a lower rate is the usual fix.
     */
    public boolean collapsed() {
        return valTopClassShare != null && valTopClassShare >= COLLAPSE_SHARE;
    }

    /** The value of a Keras-named metric: {@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}, {@code lr}. */
    public Double metric(String name) {
        return switch (name) {
            case "loss" -> trainLoss;
            case "accuracy", "acc" -> trainAccuracy;
            case "val_loss" -> valLoss;
            case "val_accuracy", "val_acc" -> valAccuracy;
            case "lr", "learning_rate" -> learningRate;
            default -> throw new IllegalArgumentException("Unknown metric '" + name
                    + "'; expected one of loss, accuracy, val_loss, val_accuracy, lr");
        };
    }
}
