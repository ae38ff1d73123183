package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VGG16 transfer learning, two heads on the same convolutional base (Keras' {@code VGG16(include_top=False)},
 * layer names {@code block1_conv1} ... {@code block5_pool}, 14,714,688 parameters):
 * <ul>
 *   <li>{@code vgg16Transfer} (optimisation study): flatten -> {@code Dense(256, relu)}
 *       ({@code fc1}) -> dropout 0.5 -> {@code Dense(4, softmax)}.</li>
 *   <li>{@code vgg16Gap} (Anderson et al., as {@code docs/architectures.md} reads it): global average
 *       pooling -> {@code Dense(112, relu)} ({@code fc1}) -> dropout 0.5 -> {@code Dense(4, softmax)}; 57,908
 *       head parameters (the poster's "around 60,000" as one hidden layer), 14,772,596 in total with nothing frozen.</li>
 *   <li>{@code vgg16Gap.paper}: the head the poster prints, global average pooling -> {@code Dense(100)}
 *       ({@code fc1}) -> {@code Dense(100)} ({@code fc2}) -> {@code Dense(4)}: 61,804 head parameters, 14,776,492
 *       in total ("Trainable params: 14,776,492"), fine-tuned whole: nothing is frozen by default, also with weights.</li>
 *   <li>{@code vgg16Gap.beforeGap}: the poster's starting point ("Before GAP, the model achieved around 88%"):
 *       VGG16's original top, flatten -> {@code Dense(4096)} -> {@code Dense(4096)} -> {@code Dense(4)},
 *       134,276,932 parameters, fine-tuned whole, so the before/after comparison can be re-run.</li>
 * </ul>
 *
 * <p>Input is 224x224 with Keras' VGG16 preprocessing ({@link Normalization#imagenet()}: BGR,
 * ImageNet means subtracted), tied to the model so prediction preprocesses the same way.
 *
 * <p>Pretrained ImageNet weights are never downloaded: pass the file with {@link #weights(Path)}
 * (Keras {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5} or a DL4J VGG16 zip, see
 * {@link Vgg16Weights}). With weights, every base layer up to {@code block4_pool} is frozen (the
 * papers' "all but the last block"); {@link #freezeUpTo(String)} and {@link #freezeNone()} override
 * that. Without weights there is nothing to transfer: by default nothing is frozen, the whole base
 * trains from scratch, and the model's notes say so. Frozen layers are DL4J {@code FrozenLayer}s
 * (not updated, no backpropagation below them) and count 0 trainable parameters.
 *
 * <p>Recipes: 224x224 ImageNet preprocessing, batch 32, validation 20% of TRAIN. vgg16Transfer:
 * Adam 0.001 (the study kept Adam for all later experiments), 50 epochs. vgg16Gap: the paper gives
 * no optimiser or schedule; the zoo uses Adam 1e-4 (fine-tuning rate: Adam's default 1e-3 tends to
 * wreck pretrained features) and 30 epochs.
 *
 * <p>Usage: {@code WbcModels.vgg16Gap().weights(Path.of("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5")).freezeUpTo("block3_pool").fit(source)}
 */
public final class Vgg16 extends ModelBuilder<Vgg16> {
    public static final String TRANSFER = "vgg16Transfer";
    public static final String GAP = "vgg16Gap";
    /** Anderson et al.'s own head: the poster's "Trainable params: 14,776,492". */
    public static final String GAP_PAPER = "vgg16Gap.paper";
    /** Anderson et al.'s starting point, "around 88%" before global average pooling. */
    public static final String BEFORE_GAP = "vgg16Gap.beforeGap";
    /** Base layers up to and including this one are frozen by default when weights are supplied. */
    public static final String DEFAULT_FREEZE_UP_TO = "block4_pool";
    private static final Logger LOG = LoggerFactory.getLogger(Vgg16.class);
    /** Five 2x2 valid poolings. */
    private static final int MIN_SIZE = 32;

    /** The base's layer names in order: 13 convolutions and 5 poolings. */
    public static final List<String> BASE_LAYERS = baseLayerNames();

    /**
     * The heads: global average pooling or flatten, hidden dense layers ({@code fc1}, {@code fc2}, ...),
     * an optional dropout, and whether ImageNet weights freeze the base by default.
     */
    enum Head {
        FLATTEN_DENSE(false, 0.5, true, 256),
        GLOBAL_AVERAGE_POOLING(true, 0.5, true, 112),
        /** Anderson's printed head, fine-tuned whole: 14,776,492 trainable parameters. */
        PAPER_GAP(true, 0, false, 100, 100),
        /** Keras VGG16's original top on 4 classes: Anderson's "before GAP" model. */
        ORIGINAL_TOP(false, 0, false, 4096, 4096);

        final boolean globalAveragePooling;
        final double dropout;
        final boolean freezesWithWeights;
        final int[] hidden;

        Head(boolean globalAveragePooling, double dropout, boolean freezesWithWeights, int... hidden) {
            this.globalAveragePooling = globalAveragePooling;
            this.dropout = dropout;
            this.freezesWithWeights = freezesWithWeights;
            this.hidden = hidden;
        }
    }

    private final Head head;
    private Path weights;
    private String freezeUpTo;
    private boolean freezeChosen;

    private Vgg16(String name, Paper paper, Recipe recipe, Head head) {
        super(name, paper, recipe);
        this.head = head;
    }

    /** The four registered heads; registry-wide tests build them at 32x32, the smallest VGG16 takes. */
    static List<ModelSpec> specs() {
        return List.of(new ModelSpec(TRANSFER, Paper.OPTIMISATION_STUDY, 32, 32, Vgg16::transfer),
                new ModelSpec(GAP, Paper.ANDERSON, 32, 32, Vgg16::gap),
                new ModelSpec(GAP_PAPER, Paper.ANDERSON, 32, 32, Vgg16::gapPaper),
                new ModelSpec(BEFORE_GAP, Paper.ANDERSON, 32, 32, Vgg16::beforeGap));
    }

    static Vgg16 transfer() {
        return new Vgg16(TRANSFER, Paper.OPTIMISATION_STUDY, new Recipe(DataConfig.rgb(224, 224, Normalization.imagenet()),
                SplitPolicy.validationFraction(0.2), Augmentation.NONE, KerasOptimizer.kerasAdam(0.001), 32, 50,
                "val_accuracy", null), Head.FLATTEN_DENSE);
    }

    static Vgg16 gap() {
        return anderson(GAP, Head.GLOBAL_AVERAGE_POOLING);
    }

    /** Anderson et al.'s printed head (GAP -> Dense 100 -> Dense 100 -> 4), the whole network fine-tuned. */
    static Vgg16 gapPaper() {
        return anderson(GAP_PAPER, Head.PAPER_GAP);
    }

    /** The "before GAP" model Anderson et al. start from: VGG16's original 4096-4096 top, fine-tuned whole. */
    static Vgg16 beforeGap() {
        return anderson(BEFORE_GAP, Head.ORIGINAL_TOP);
    }

    private static Vgg16 anderson(String name, Head head) {
        return new Vgg16(name, Paper.ANDERSON, new Recipe(DataConfig.rgb(224, 224, Normalization.imagenet()),
                SplitPolicy.validationFraction(0.2), Augmentation.NONE, KerasOptimizer.kerasAdam(1e-4), 32, 30,
                "val_accuracy", null), head);
    }

    private static List<String> baseLayerNames() {
        int[] convsPerBlock = {2, 2, 3, 3, 3};
        List<String> names = new ArrayList<>();
        for (int b = 1; b <= convsPerBlock.length; b++) {
            for (int c = 1; c <= convsPerBlock[b - 1]; c++) {
                names.add("block" + b + "_conv" + c);
            }
            names.add("block" + b + "_pool");
        }
        return Collections.unmodifiableList(names);
    }

    /** ImageNet weights for the base: a Keras VGG16 {@code .h5} or a DL4J VGG16 zip. */
    public Vgg16 weights(Path file) {
        this.weights = Objects.requireNonNull(file, "weights");
        return this;
    }

    /** Freezes the base from {@code block1_conv1} up to and including this layer, e.g. {@code block3_pool}. */
    public Vgg16 freezeUpTo(String layerName) {
        this.freezeUpTo = Objects.requireNonNull(layerName, "layerName");
        this.freezeChosen = true;
        return this;
    }

    /** Trains every layer (fine-tunes the whole base when weights are given). */
    public Vgg16 freezeNone() {
        this.freezeUpTo = null;
        this.freezeChosen = true;
        return this;
    }

    /** The last frozen layer the model will have, or null when nothing is frozen. */
    public String frozenUpTo() {
        if (freezeChosen) {
            return freezeUpTo;
        }
        return weights != null && head.freezesWithWeights ? DEFAULT_FREEZE_UP_TO : null;
    }

    @Override
    protected void validate() {
        super.validate();
        ModelChecks.requireNchw(this);
        ModelChecks.requireMinimumSize(this, MIN_SIZE, "VGG16's five 2x2 poolings");
        if (freezeUpTo != null && !BASE_LAYERS.contains(freezeUpTo)) {
            throw new IllegalArgumentException(name() + ": cannot freeze up to unknown layer '" + freezeUpTo
                    + "'; valid layer names: " + String.join(", ", BASE_LAYERS));
        }
        if (weights != null && !Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(name() + ": no weights file at " + weights.toAbsolutePath());
        }
    }

    @Override
    protected WbcModel createModel() {
        String lastFrozen = frozenUpTo();
        int frozenCount = lastFrozen == null ? 0 : BASE_LAYERS.indexOf(lastFrozen) + 1;
        NeuralNetConfiguration.ListBuilder layers = KerasStyleLayers.sequential(seed(), updater(), dataType());
        int conv = 0;
        for (int i = 0; i < BASE_LAYERS.size(); i++) {
            String name = BASE_LAYERS.get(i);
            Layer layer = name.endsWith("_pool")
                    ? KerasStyleLayers.maxPool2x2Valid(name)
                    : KerasStyleLayers.conv(name, Vgg16Weights.CONVS.get(conv++).out(), 3, Activation.RELU);
            layers.layer(i < frozenCount ? frozen(layer, name) : layer);
        }
        if (head.globalAveragePooling) {
            layers.layer(KerasStyleLayers.globalAveragePool("global_average_pooling"));
        }
        for (int i = 0; i < head.hidden.length; i++) {
            layers.layer(KerasStyleLayers.dense("fc" + (i + 1), head.hidden[i], Activation.RELU));
        }
        if (head.dropout > 0) {
            layers.layer(KerasStyleLayers.dropout("dropout", head.dropout));
        }
        layers.layer(KerasStyleLayers.softmaxOutput("predictions", classes().size(), new LossMCXENT()));
        MultiLayerNetwork network = KerasStyleLayers.init(layers, dataConfig());

        String source;
        if (weights != null) {
            source = Vgg16Weights.load(weights, network);
            if (dataConfig().normalization().kind() != Normalization.Kind.IMAGENET) {
                LOG.warn("{}: pretrained weights with {} preprocessing; ImageNet weights expect Normalization.imagenet()",
                        name(), dataConfig().normalization().kind());
            }
        } else {
            source = "none supplied: the VGG16 base starts from random (glorot-uniform) weights and trains from scratch";
            LOG.info("{}: no ImageNet weights given (weights(Path)); the VGG16 base trains from scratch", name());
        }
        WbcModel model = WbcModel.of(name(), network, dataConfig(), classes());
        model.notes().put("weights", source);
        model.notes().put("frozen", lastFrozen == null ? "nothing" : "block1_conv1 up to " + lastFrozen);
        return model;
    }

    private static FrozenLayer frozen(Layer layer, String name) {
        FrozenLayer f = new FrozenLayer(layer);
        f.setLayerName(name);
        return f;
    }
}
