package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.train.ReduceLROnPlateau;
import java.util.Objects;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A paper's training recipe for one architecture, as {@code docs/architectures.md} documents it: input
 * and normalisation, split, augmentation, optimiser, batch size, epochs, and which validation
 * metric picks the best weights. A {@link ModelBuilder} starts from it; every part can be
 * overridden there.
 *
 * <p>Usage: {@code new Recipe(DataConfig.rgb(60, 80, Normalization.divideBy255()), SplitPolicy.validationFraction(0.2),
 * Augmentation.kerasInception(), new AdaDelta(), 32, 15, "val_accuracy", null)}
 *
 * @param data             input size, layout and normalisation (statistics fitted at training time)
 * @param split            how validation is drawn
 * @param augmentation     training-time augmentation
 * @param updater          optimiser with its learning rate
 * @param batchSize        images per batch
 * @param epochs           training epochs
 * @param bestWeightsMonitor metric whose best epoch's weights are kept (e.g. {@code val_accuracy}); null keeps
 *                         the last epoch's weights
 * @param reduceLrOnPlateau the recipe's learning-rate schedule, or null for none
 */
public record Recipe(DataConfig data, SplitPolicy split, Augmentation augmentation, IUpdater updater, int batchSize,
                     int epochs, String bestWeightsMonitor, ReduceLROnPlateauSpec reduceLrOnPlateau) {

    public Recipe {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(updater, "updater");
        if (batchSize <= 0 || epochs <= 0) {
            throw new IllegalArgumentException("batchSize and epochs must be positive, got " + batchSize + " and " + epochs);
        }
    }

    /**
     * The parameters of a {@link ReduceLROnPlateau} (a callback holds state, so a recipe keeps its
     * parameters and a fresh callback is made for each training run).
     */
    public record ReduceLROnPlateauSpec(String monitor, double factor, int patience, double minDelta, int cooldown,
                                        double minLr) {
        public ReduceLROnPlateau create() {
            return new ReduceLROnPlateau(monitor, factor, patience, minDelta, cooldown, minLr);
        }
    }

    /** One line for {@code ./wbc models}, e.g. "80x60 divide_255, AdaDelta, batch 32, 15 epochs, aug". */
    public String summary() {
        String updaterName = updater.getClass().getSimpleName();
        return data.sizeLabel() + " " + data.normalization().kind().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + updaterName + ", batch " + batchSize + ", " + epochs + " epochs"
                + (augmentation.isIdentity() ? "" : ", augmented") + (split.leaky() ? ", pooled split (leaky)" : "");
    }
}
