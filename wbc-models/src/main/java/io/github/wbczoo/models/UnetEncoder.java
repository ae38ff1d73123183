package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Sarkar et al.'s classifier: the first half of a U-net. Four blocks of two 3x3 "same"
 * convolutions (4-8, 16-16, 32-32, 64-64 filters, ReLU) each followed by a 2x2 max-pool with
 * "same" padding, then flatten (15x20x64 at 240x320) and {@code Dense(4)} logits; 150,012
 * trainable parameters, the paper's own figure. Layer names: {@code block1_conv1},
 * {@code block1_conv2}, {@code block1_pool}, ..., {@code block4_pool}, {@code predictions}.
 *
 * <p>The loss is the paper's experiment ({@link #loss(Loss)}): sparse categorical cross-entropy
 * from logits (default), mean squared error or Huber. The network always outputs softmax
 * probabilities; how each loss sees the logits is documented on {@link Loss}.
 *
 * <p>Recipe: 240x320 raw pixel values (0-255, no scaling), Adam 0.001, batch 32 (Keras' default;
 * the paper gives none), 100 epochs. "NumPy was used to shuffle and normalize the image data" does
 * not say how; {@code docs/architectures.md} decides raw pixel values (pass
 * {@code normalization(Normalization.divideBy255())} for the other common reading). The paper
 * validated on the TEST folder ({@code SplitPolicy.validationOnTest()}, what {@code ./wbc reproduce
 * sarkar} uses); the zoo's recipe keeps TEST for the final evaluation and validates on 20% of TRAIN.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.unetEncoder().loss(UnetEncoder.Loss.HUBER).epochs(5).fit(source);}
 */
public final class UnetEncoder extends ModelBuilder<UnetEncoder> {
    public static final String NAME = "unetEncoder";

    /** The registered model; registry-wide tests build it at 160x120, half the recipe's size. */
    static List<ModelSpec> specs() {
        return List.of(new ModelSpec(NAME, Paper.SARKAR, 120, 160, UnetEncoder::new));
    }
    /** Filters of the eight convolutions, two per block. */
    private static final int[] FILTERS = {4, 8, 16, 16, 32, 32, 64, 64};
    private static final int MIN_SIZE = 16;

    /** The three losses the paper compares. */
    public enum Loss {
        /**
         * Keras {@code SparseCategoricalCrossentropy(from_logits=True)}: DL4J's softmax output with
         * multi-class cross-entropy ({@code LossMCXENT}) is the same function, and its gradient with
         * respect to the logits is exactly {@code softmax - one_hot}. Integer labels and one-hot labels
         * give the same loss, so the zoo's one-hot batches serve. (DL4J clips probabilities at 1e-10
         * when it reports the loss value, Keras does not: only the printed loss of hopeless examples differs.)
         */
        SPARSE_CATEGORICAL_CROSSENTROPY("sparse_categorical_crossentropy"),
        /** Keras {@code MeanSquaredError()} between the targets and the four logits (see {@link LogitRegressionLoss}). */
        MEAN_SQUARED_ERROR("mean_squared_error"),
        /** Keras {@code Huber(delta=1.0)} between the targets and the four logits (see {@link HuberLoss}). */
        HUBER("huber");

        private final String kerasName;

        Loss(String kerasName) {
            this.kerasName = kerasName;
        }

        public String kerasName() {
            return kerasName;
        }

        /** Parses a Keras loss name ({@code huber}, {@code mse}, ...) case-insensitively; fails listing the valid names. */
        public static Loss forName(String name) {
            String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            if (wanted.equals("mse")) {
                return MEAN_SQUARED_ERROR;
            }
            for (Loss l : values()) {
                if (l.kerasName.equals(wanted) || l.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("Unknown loss '" + name + "'; valid names: "
                    + Arrays.stream(values()).map(Loss::kerasName).collect(Collectors.joining(", ")) + " (or mse)");
        }
    }

    private Loss loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY;
    private LogitRegressionLoss.Target regressionTarget = LogitRegressionLoss.Target.ONE_HOT;

    UnetEncoder() {
        super(NAME, Paper.SARKAR, paperRecipe());
    }

    /** The paper's recipe. */
    static Recipe paperRecipe() {
        return new Recipe(DataConfig.rgb(240, 320, Normalization.raw()), SplitPolicy.validationFraction(0.2),
                Augmentation.NONE, KerasOptimizer.kerasAdam(0.001), 32, 100, "val_accuracy", null);
    }

    /** Which of the paper's three losses to train with. */
    public UnetEncoder loss(Loss l) {
        this.loss = Objects.requireNonNull(l, "loss");
        return this;
    }

    /** The loss by its Keras name: {@code sparse_categorical_crossentropy}, {@code mean_squared_error} (or {@code mse}), {@code huber}. */
    public UnetEncoder loss(String kerasName) {
        return loss(Loss.forName(kerasName));
    }

    /**
     * What MSE and Huber compare the logits with: the one-hot labels (default), or
     * {@link LogitRegressionLoss.Target#CLASS_INDEX} to reproduce the paper's code, which broadcast
     * the integer class index against all four logits (the likely cause of its 25% accuracy).
     * Ignored for cross-entropy.
     */
    public UnetEncoder regressionTarget(LogitRegressionLoss.Target target) {
        this.regressionTarget = Objects.requireNonNull(target, "regressionTarget");
        return this;
    }

    public Loss loss() {
        return loss;
    }

    /** The DL4J loss for the output layer (whose activation is softmax). */
    ILossFunction lossFunction() {
        return switch (loss) {
            case SPARSE_CATEGORICAL_CROSSENTROPY -> new LossMCXENT();
            case MEAN_SQUARED_ERROR -> new LogitRegressionLoss(new LossMSE(), regressionTarget);
            case HUBER -> new LogitRegressionLoss(new HuberLoss(), regressionTarget);
        };
    }

    @Override
    protected void validate() {
        super.validate();
        ModelChecks.requireNchw(this);
        ModelChecks.requireMinimumSize(this, MIN_SIZE, "its four 2x2 poolings");
    }

    @Override
    protected WbcModel createModel() {
        NeuralNetConfiguration.ListBuilder layers = KerasStyleLayers.sequential(seed(), updater(), dataType());
        for (int i = 0; i < FILTERS.length; i++) {
            int block = i / 2 + 1;
            layers.layer(KerasStyleLayers.conv("block" + block + "_conv" + (i % 2 + 1), FILTERS[i], 3, Activation.RELU));
            if (i % 2 == 1) {
                layers.layer(KerasStyleLayers.maxPool2x2Same("block" + block + "_pool"));
            }
        }
        layers.layer(KerasStyleLayers.softmaxOutput("predictions", classes().size(), lossFunction()));
        MultiLayerNetwork network = KerasStyleLayers.init(layers, dataConfig());
        WbcModel model = WbcModel.of(NAME, network, dataConfig(), classes());
        model.notes().put("loss", lossDescription());
        return model;
    }

    private String lossDescription() {
        if (loss == Loss.SPARSE_CATEGORICAL_CROSSENTROPY) {
            return "sparse categorical cross-entropy from logits (softmax + multi-class cross-entropy)";
        }
        String what = loss == Loss.HUBER ? "Huber (delta 1.0)" : "mean squared error";
        return what + " between the 4 logits and "
                + (regressionTarget == LogitRegressionLoss.Target.ONE_HOT ? "the one-hot labels"
                : "the class index broadcast to every logit (the paper's code)");
    }
}
