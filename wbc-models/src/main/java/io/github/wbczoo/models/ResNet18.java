package io.github.wbczoo.models;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.OutputRole;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.WbcModel;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * torchvision's ResNet-18 with a 4-class final layer, as Chen &amp; Zhu used it ("imported as-is
 * and only the final layer was changed"): 7x7/2 stem conv -&gt; BN -&gt; ReLU -&gt; 3x3/2 max-pool,
 * four stages of two BasicBlocks (widths 64-128-256-512; the first block of stages 2-4 has stride 2
 * and a 1x1 projection shortcut), global average pool, FC 512-&gt;4. Convolutions have no bias and
 * are each followed by batch norm. 11,178,564 trainable parameters.
 *
 * <p>Layer names: {@code stem_conv}, {@code stem_bn}, {@code stem_pool},
 * {@code stage2_block1_conv1}, {@code stage2_block1_bn1}, {@code stage2_block1_conv2},
 * {@code stage2_block1_bn2}, {@code stage2_block1_shortcut_conv}, {@code stage2_block1_shortcut_bn},
 * {@code stage2_block1_add}, {@code stage2_block1_relu}, ..., {@code pool}, {@code head}.
 *
 * <p>Recipe: 240x320, per-channel z-score, Adam 1e-3 (PyTorch's default rate; the paper gives
 * none), batch 4, 20 epochs, 60:20:20 split. Initialisation as torchvision: convs kaiming-normal
 * (fan_out), BN gamma 1 beta 0, the FC layer PyTorch's default.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.resNet18().inputSize(224, 224).build();}
 */
public final class ResNet18 {
    public static final String NAME = "resNet18";

    /** The registered model; registry-wide tests build it at 64x64 (its five stride-2 stages need at least 32). */
    static List<ModelSpec> specs() {
        return List.of(new ModelSpec(NAME, Paper.CHEN_ZHU, 64, 64, Builder::new));
    }
    public static final double LEARNING_RATE = 1e-3;
    public static final int BATCH_SIZE = 4;
    /** Five stride-2 steps (stem conv, stem pool, stages 2-4): below this the last feature map has no real pixel. */
    public static final int MINIMUM_INPUT_SIZE = 32;

    /**
     * The shape of a BasicBlock ResNet.
     *
     * @param stemWidth channels of the 7x7 stem conv
     * @param widths    channels of each stage
     * @param blocks    BasicBlocks per stage
     */
    public record Config(int stemWidth, List<Integer> widths, List<Integer> blocks) {
        public Config {
            widths = List.copyOf(widths);
            blocks = List.copyOf(blocks);
            if (stemWidth <= 0 || widths.isEmpty() || widths.size() != blocks.size()
                    || widths.stream().anyMatch(w -> w <= 0) || blocks.stream().anyMatch(b -> b <= 0)) {
                throw new IllegalArgumentException("A ResNet needs a positive stem width and one positive width and block"
                        + " count per stage, got stem " + stemWidth + ", widths " + widths + ", blocks " + blocks);
            }
        }
    }

    /** ResNet-18: BasicBlock x [2, 2, 2, 2], widths 64-128-256-512. */
    public static final Config RESNET_18 = new Config(64, List.of(64, 128, 256, 512), List.of(2, 2, 2, 2));

    private ResNet18() {
    }

    /**
     * The builder: the paper's recipe and every override of {@link ModelBuilder}.
     *
     * <p>Usage: {@code WbcModels.resNet18().learningRate(1e-4).build();}
     */
    public static final class Builder extends ModelBuilder<Builder> {
        private final Config config = RESNET_18;

        Builder() {
            super(NAME, Paper.CHEN_ZHU, ChenZhu.pytorchRecipe(ChannelLayout.NCHW, LEARNING_RATE, BATCH_SIZE));
        }

        public Config config() {
            return config;
        }

        @Override
        protected void validate() {
            super.validate();
            if (dataConfig().height() < MINIMUM_INPUT_SIZE || dataConfig().width() < MINIMUM_INPUT_SIZE) {
                throw new IllegalArgumentException(name() + " needs an input of at least " + MINIMUM_INPUT_SIZE + "x"
                        + MINIMUM_INPUT_SIZE + " (it downsamples by 32); got " + dataConfig().sizeLabel() + " (width x height)");
            }
            ModelChecks.requireNchw(this);
        }

        @Override
        protected WbcModel createModel() {
            ComputationGraph graph = new ComputationGraph(configuration());
            graph.init();
            PyTorchInit.initBiases(graph, seed()); // only the FC head has a bias
            return WbcModel.of(name(), graph, dataConfig(), List.of(OutputRole.CLASS_PROBABILITIES), classes());
        }

        private ComputationGraphConfiguration configuration() {
            GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(seed())
                    .dataType(dataType())
                    .updater(updater())
                    .weightInit(PyTorchInit.KAIMING_NORMAL_FAN_OUT)
                    .graphBuilder()
                    .addInputs("input")
                    .setInputTypes(InputType.convolutional(dataConfig().height(), dataConfig().width(), 3, CNN2DFormat.NCHW));
            g.addLayer("stem_conv", conv(config.stemWidth(), 7, 2, 3), "input");
            g.addLayer("stem_bn", Layers.batchNorm(Activation.RELU), "stem_conv");
            g.addLayer("stem_pool", Layers.maxPool(3, 2, 1), "stem_bn");
            String x = "stem_pool";
            int channels = config.stemWidth();
            for (int s = 0; s < config.widths().size(); s++) {
                int width = config.widths().get(s);
                for (int b = 0; b < config.blocks().get(s); b++) {
                    int stride = s > 0 && b == 0 ? 2 : 1;
                    x = basicBlock(g, "stage" + (s + 1) + "_block" + (b + 1), x, channels, width, stride);
                    channels = width;
                }
            }
            g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
            g.addLayer("head", Layers.softmaxHead(classes().size(), PyTorchInit.DEFAULT), "pool");
            return g.setOutputs("head").build();
        }

        /** torchvision BasicBlock: conv-BN-ReLU-conv-BN plus the (projected) input, then ReLU. */
        private static String basicBlock(GraphBuilder g, String p, String input, int inChannels, int width, int stride) {
            g.addLayer(p + "_conv1", conv(width, 3, stride, 1), input);
            g.addLayer(p + "_bn1", Layers.batchNorm(Activation.RELU), p + "_conv1");
            g.addLayer(p + "_conv2", conv(width, 3, 1, 1), p + "_bn1");
            g.addLayer(p + "_bn2", Layers.batchNorm(Activation.IDENTITY), p + "_conv2");
            String shortcut = input;
            if (stride != 1 || inChannels != width) {
                g.addLayer(p + "_shortcut_conv", conv(width, 1, stride, 0), input);
                g.addLayer(p + "_shortcut_bn", Layers.batchNorm(Activation.IDENTITY), p + "_shortcut_conv");
                shortcut = p + "_shortcut_bn";
            }
            g.addVertex(p + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "_bn2", shortcut);
            g.addLayer(p + "_relu", Layers.relu(), p + "_add");
            return p + "_relu";
        }

        /** A bias-free square conv with torchvision's kaiming-normal (fan_out) init. */
        private static org.deeplearning4j.nn.conf.layers.ConvolutionLayer conv(int width, int kernel, int stride, int padding) {
            return Layers.conv(width, kernel, kernel, stride, padding, padding, Activation.IDENTITY,
                    PyTorchInit.KAIMING_NORMAL_FAN_OUT, false);
        }
    }
}
