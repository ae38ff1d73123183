package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The optimisation and regularisation study's network: 1, 2 or 3 blocks of
 * {@code Conv2D 3x3 same (32, 64, 128 filters) -> [BatchNormalization] -> ReLU -> MaxPooling2D(2)},
 * then flatten -> [dropout] -> {@code Dense(128, relu)} -> [dropout] -> {@code Dense(4, softmax)}.
 * Registered as {@code basicCnn} (1 block, the study's starting point), {@code basicCnn.deeper2}
 * and {@code basicCnn.deeper3} (its most accurate network). Layer names: {@code block1_conv},
 * {@code block1_bn}, {@code block1_relu}, {@code block1_pool}, ..., {@code dropout_1}, {@code dense},
 * {@code dropout_2}, {@code predictions}.
 *
 * <p>The study's knobs: {@link #optimizer} (SGD 0.01, RMSProp 0.001, Adam 0.001), {@link #dropout}
 * rate, {@link #batchNorm} on/off, {@link #featurewiseCenter} on/off. Defaults are where the study
 * ended up: Adam, dropout 0.2, no batch norm ("introduced significant instability"), no centering
 * ("abandoned").
 *
 * <p>Recipe: 120x160 divided by 255, categorical cross-entropy, batch 32 (Keras' default), 50 epochs
 * (the horizon of its optimiser comparison). The study validated on the TEST folder; the zoo
 * validates on 20% of TRAIN and keeps TEST for the final evaluation.
 *
 * <p>Usage: {@code WbcModels.basicCnn(3).optimizer("rmsprop").dropout(0.2).batchNorm(true).build()}
 */
public final class BasicCnn extends ModelBuilder<BasicCnn> {
    public static final String NAME = "basicCnn";
    private static final int[] FILTERS = {32, 64, 128};
    private static final int DENSE = 128;

    private final int blocks;
    private KerasOptimizer optimizer = KerasOptimizer.ADAM;
    private double dropout = 0.2;
    private boolean batchNorm;

    BasicCnn(int blocks) {
        super(nameFor(blocks), Paper.OPTIMISATION_STUDY, paperRecipe());
        this.blocks = blocks;
    }

    /** The registered block counts, 1 to 3; registry-wide tests build them at 80x60, half the recipe's size. */
    static List<ModelSpec> specs() {
        return java.util.stream.IntStream.rangeClosed(1, FILTERS.length).mapToObj(b -> new ModelSpec(nameFor(b),
                Paper.OPTIMISATION_STUDY, 60, 80, () -> new BasicCnn(b))).toList();
    }

    /** Registry name for a block count: {@code basicCnn}, {@code basicCnn.deeper2}, {@code basicCnn.deeper3}. */
    static String nameFor(int blocks) {
        if (blocks < 1 || blocks > FILTERS.length) {
            throw new IllegalArgumentException("basicCnn has 1, 2 or 3 blocks, got " + blocks);
        }
        return blocks == 1 ? NAME : NAME + ".deeper" + blocks;
    }

    /** The study's recipe. */
    static Recipe paperRecipe() {
        return new Recipe(DataConfig.rgb(120, 160, Normalization.divideBy255()), SplitPolicy.validationFraction(0.2),
                Augmentation.NONE, KerasOptimizer.ADAM.create(), 32, 50, "val_accuracy", null);
    }

    /** One of the study's optimisers, with its learning rate (replaces the updater). */
    public BasicCnn optimizer(KerasOptimizer o) {
        this.optimizer = Objects.requireNonNull(o, "optimizer");
        return updater(o.create());
    }

    /** The optimiser by Keras name: {@code sgd}, {@code rmsprop} or {@code adam}; fails listing them. */
    public BasicCnn optimizer(String kerasName) {
        return optimizer(KerasOptimizer.forName(kerasName));
    }

    /** Keras dropout rate (fraction dropped) before the dense layer and before the output; 0 for none. */
    public BasicCnn dropout(double rate) {
        this.dropout = rate;
        return this;
    }

    /** Batch normalisation between each convolution and its ReLU. */
    public BasicCnn batchNorm(boolean on) {
        this.batchNorm = on;
        return this;
    }

    /**
     * Keras {@code featurewise_center}: after dividing by 255, subtract the training split's
     * per-channel mean (fitted when training). Off restores the plain divide-by-255.
     */
    public BasicCnn featurewiseCenter(boolean on) {
        return normalization(on ? Normalization.featurewiseCenter() : Normalization.divideBy255());
    }

    public int blocks() {
        return blocks;
    }

    /** The optimiser last chosen with {@link #optimizer}; {@link #updater} overrides it. */
    public KerasOptimizer optimizer() {
        return optimizer;
    }

    @Override
    protected void validate() {
        super.validate();
        ModelChecks.requireNchw(this);
        ModelChecks.requireDropoutRate(this, dropout);
        int min = 1 << blocks;
        ModelChecks.requireMinimumSize(this, min, "its " + blocks + " 2x2 pooling" + (blocks > 1 ? "s" : ""));
    }

    @Override
    protected WbcModel createModel() {
        NeuralNetConfiguration.ListBuilder layers = KerasStyleLayers.sequential(seed(), updater(), dataType());
        for (int b = 1; b <= blocks; b++) {
            String p = "block" + b + "_";
            if (batchNorm) {
                layers.layer(KerasStyleLayers.conv(p + "conv", FILTERS[b - 1], 3, Activation.IDENTITY));
                layers.layer(KerasStyleLayers.batchNorm(p + "bn"));
                layers.layer(KerasStyleLayers.activation(p + "relu", Activation.RELU));
            } else {
                layers.layer(KerasStyleLayers.conv(p + "conv", FILTERS[b - 1], 3, Activation.RELU));
            }
            layers.layer(KerasStyleLayers.maxPool2x2Valid(p + "pool"));
        }
        if (dropout > 0) {
            layers.layer(KerasStyleLayers.dropout("dropout_1", dropout));
        }
        layers.layer(KerasStyleLayers.dense("dense", DENSE, Activation.RELU));
        if (dropout > 0) {
            layers.layer(KerasStyleLayers.dropout("dropout_2", dropout));
        }
        layers.layer(KerasStyleLayers.softmaxOutput("predictions", classes().size(), new LossMCXENT()));
        MultiLayerNetwork network = KerasStyleLayers.init(layers, dataConfig());
        WbcModel model = WbcModel.of(name(), network, dataConfig(), classes());
        model.notes().put("regularisation", "dropout " + (dropout > 0 ? dropout : "off") + ", batch norm "
                + (batchNorm ? "on" : "off") + ", featurewise centering "
                + (dataConfig().normalization().kind() == Normalization.Kind.FEATUREWISE_CENTER ? "on" : "off"));
        return model;
    }
}
