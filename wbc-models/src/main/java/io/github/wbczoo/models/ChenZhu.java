package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import org.nd4j.linalg.learning.config.Adam;

/**
 * What the Chen &amp; Zhu families share: the paper's name as the registry shows it, and the
 * recipe of its three PyTorch models (resNet18, myCnn, autoencoder): 240x320 input, per-channel
 * z-score with training-split statistics, no augmentation, Adam, 20 epochs, validation drawn from
 * TRAIN as large as TEST (60:20:20).
 *
 * <p>Usage: {@code Recipe r = ChenZhu.pytorchRecipe(ChannelLayout.NCHW, 1e-4, 4);}
 */
final class ChenZhu {
    /** The PyTorch models' input: the BCCD images at full size, 320 wide and 240 high. */
    static final int HEIGHT = 240;
    static final int WIDTH = 320;
    static final int EPOCHS = 20;
    /** Which epoch's weights to keep: the paper does not say, and best validation accuracy is what a zoo user expects. */
    static final String BEST_WEIGHTS = "val_accuracy";

    private ChenZhu() {
    }

    /** The shared PyTorch recipe with a model's layout, Adam learning rate and batch size. */
    static Recipe pytorchRecipe(ChannelLayout layout, double learningRate, int batchSize) {
        DataConfig data = new DataConfig(HEIGHT, WIDTH, 3, layout, Normalization.zScore());
        return new Recipe(data, SplitPolicy.validationAsLargeAsTest(), Augmentation.NONE, new Adam(learningRate),
                batchSize, EPOCHS, BEST_WEIGHTS, null);
    }
}
