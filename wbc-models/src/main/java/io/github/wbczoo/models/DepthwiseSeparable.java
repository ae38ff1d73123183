package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Rao et al.'s depthwise-separable network: {@code Conv2D(32, 3, same)} -> max-pool 2,
 * then four blocks of {@code SeparableConv2D} (depthwise k x k without bias, pointwise 1x1 with
 * bias, "same") -> batch norm -> ReLU -> max-pool 2, with (filters, k) = (64, 3), (128, 5),
 * (256, 3), (256, 5); flatten (4x4x256 at 150x150) -> {@code Dense(512)} -> dropout 0.5 ->
 * {@code Dense(128)} -> dropout 0.3 -> {@code Dense(64)} -> dropout 0.2 -> {@code Dense(4, softmax)}.
 * 2,292,836 trainable parameters. Layer names: {@code conv1}, {@code pool1}, {@code sepconv1},
 * {@code sepconv1_bn}, {@code sepconv1_relu}, {@code sepconv1_pool}, ..., {@code dense1},
 * {@code dropout1}, ..., {@code predictions}.
 *
 * <p>Recipe: 150x150 divided by 255, Adam (Keras defaults, 0.001), batch 32, 32 epochs,
 * {@code ReduceLROnPlateau(monitor='val_accuracy', factor=0.3, patience=3)}, and the paper's split:
 * all images pooled and split at random 80:10:10. The dataset's images are augmented copies, so
 * copies of one cell land on both sides of that split: it reproduces the paper and is reported as
 * leaky; use {@code split(SplitPolicy.validationFraction(0.1))} for an honest estimate.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.depthwiseSeparable().fit(source);}
 */
public final class DepthwiseSeparable extends ModelBuilder<DepthwiseSeparable> {
    public static final String NAME = "depthwiseSeparable";

    /** The registered model; registry-wide tests build it at 75x75, half the recipe's size. */
    static List<ModelSpec> specs() {
        return List.of(new ModelSpec(NAME, Paper.RAO, 75, 75, DepthwiseSeparable::new));
    }
    private static final int[][] SEPARABLE_BLOCKS = {{64, 3}, {128, 5}, {256, 3}, {256, 5}};
    private static final int[] DENSE = {512, 128, 64};
    private static final double[] DROPOUT = {0.5, 0.3, 0.2};
    /** Five 2x2 valid poolings halve (rounding down) five times. */
    private static final int MIN_SIZE = 32;

    DepthwiseSeparable() {
        super(NAME, Paper.RAO, paperRecipe());
    }

    /** The paper's recipe. */
    static Recipe paperRecipe() {
        return new Recipe(DataConfig.rgb(150, 150, Normalization.divideBy255()), SplitPolicy.pooled(0.8, 0.1, 0.1),
                Augmentation.NONE, KerasOptimizer.kerasAdam(0.001), 32, 32, "val_accuracy",
                // Keras defaults for the rest: min_delta 1e-4, cooldown 0, min_lr 0.
                new Recipe.ReduceLROnPlateauSpec("val_accuracy", 0.3, 3, 1e-4, 0, 0));
    }

    @Override
    protected void validate() {
        super.validate();
        ModelChecks.requireNchw(this);
        ModelChecks.requireMinimumSize(this, MIN_SIZE, "its five 2x2 poolings");
    }

    @Override
    protected WbcModel createModel() {
        NeuralNetConfiguration.ListBuilder layers = KerasStyleLayers.sequential(seed(), updater(), dataType());
        layers.layer(KerasStyleLayers.conv("conv1", 32, 3, Activation.RELU));
        layers.layer(KerasStyleLayers.maxPool2x2Valid("pool1"));
        for (int i = 0; i < SEPARABLE_BLOCKS.length; i++) {
            String p = "sepconv" + (i + 1);
            // Keras' SeparableConv2D as its two halves (same maths and count, much faster in DL4J M2.1)
            layers.layer(KerasStyleLayers.depthwiseConv(p + "_depthwise", SEPARABLE_BLOCKS[i][1]));
            layers.layer(KerasStyleLayers.pointwiseConv(p + "_pointwise", SEPARABLE_BLOCKS[i][0]));
            layers.layer(KerasStyleLayers.batchNorm(p + "_bn"));
            layers.layer(KerasStyleLayers.activation(p + "_relu", Activation.RELU));
            layers.layer(KerasStyleLayers.maxPool2x2Valid(p + "_pool"));
        }
        for (int i = 0; i < DENSE.length; i++) {
            layers.layer(KerasStyleLayers.dense("dense" + (i + 1), DENSE[i], Activation.RELU));
            layers.layer(KerasStyleLayers.dropout("dropout" + (i + 1), DROPOUT[i]));
        }
        layers.layer(KerasStyleLayers.softmaxOutput("predictions", classes().size(), new LossMCXENT()));
        MultiLayerNetwork network = KerasStyleLayers.init(layers, dataConfig());
        return WbcModel.of(NAME, network, dataConfig(), classes());
    }
}
