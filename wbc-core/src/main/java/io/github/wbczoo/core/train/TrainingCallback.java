package io.github.wbczoo.core.train;

import io.github.wbczoo.core.EpochRecord;

/**
 * Hooks into the training loop at Keras' callback points. Implementations: {@link ReduceLROnPlateau},
 * {@link EarlyStopping}, {@link ModelCheckpoint}.
 *
 * <p>Usage: {@code TrainingConfig.defaults().withCallbacks(List.of(new EarlyStopping("val_accuracy", 5, true)))}
 */
public interface TrainingCallback {

    /** Before the first epoch of this call to {@link Trainer#fit}. */
    default void onTrainBegin(TrainingContext context) {
    }

    /** After each epoch, with its metrics already in the history. May change the learning rate or request a stop. */
    default void onEpochEnd(EpochRecord epoch, TrainingContext context) {
    }

    /** After the last epoch, also when training stopped early. */
    default void onTrainEnd(TrainingContext context) {
    }
}
