package io.github.wbczoo.models;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.OutputRole;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * Chen &amp; Zhu's custom residual CNN ("MyCNN") as one parametric builder, with all 21 rows of
 * its changelog (v0-v20) as {@link Variant} presets.
 *
 * <p>The structure, per stage of width w: conv 3x3 stride 2 pad 1 -&gt; [BN] -&gt; ReLU -&gt;
 * max-pool 2x2/2, then one residual block of k same-size convs (ReLU between them, [BN] after
 * each, none after the last) with out = ReLU(x + block(x)); then flatten -&gt; FC hidden layers
 * with ReLU ([dropout] before each FC) -&gt; FC 4. A block conv is a square 3x3, a 1x3 or a 3x1,
 * or an {@link Kernel#ACB ACB}: 3x3, 1x3 and 3x1 convs in parallel, each with its bias, summed.
 *
 * <p>Layer names: {@code stage1_conv}, {@code stage1_bn}, {@code stage1_pool},
 * {@code stage1_res_conv1} (an ACB's branches add {@code _3x3}, {@code _1x3}, {@code _3x1}),
 * {@code stage1_res_bn1}, {@code stage1_res_add}, {@code stage1_res_relu}, {@code fc1},
 * {@code fc1_dropout}, {@code head_dropout}, {@code head}.
 *
 * <p>Recipe: 240x320, per-channel z-score, Adam 1e-4 (the paper gives no rate; 1e-3 collapsed to a
 * constant prediction in an independent PyTorch run of v9, 1e-4 learned), batch 4, 20 epochs,
 * 60:20:20 split. Initialisation: PyTorch's defaults.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.myCnn(MyCnn.V9).build();} or
 * {@code WbcModels.myCnn().variant("v17").dropout(0.2).build();}
 */
public final class MyCnn {
    /** Registry names are {@code myCnn.<variant>}. */
    public static final String FAMILY = "myCnn";
    /** Adam's learning rate by default. */
    public static final double LEARNING_RATE = 1e-4;
    public static final int BATCH_SIZE = 4;
    /** The dropout rate of v17-v19 by default (the paper also tried 0.2). */
    public static final double DEFAULT_DROPOUT = 0.5;

    /** A convolution of a residual block; every one keeps the spatial size ("same" padding). */
    public enum Kernel {
        K3X3(3, 3, "3x3"),
        K1X3(1, 3, "1x3"),
        K3X1(3, 1, "3x1"),
        /** Asymmetric convolution block (Ding et al. 2019): 3x3 + 1x3 + 3x1 convs in parallel, summed. */
        ACB(3, 3, "acb");

        private final int height;
        private final int width;
        private final String label;

        Kernel(int height, int width, String label) {
            this.height = height;
            this.width = width;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One stage: its width (channels) and the convolutions of its residual block.
     *
     * @param width channels of the stage conv and the block
     * @param block the block's convolutions, in series
     */
    public record Stage(int width, List<Kernel> block) {
        public Stage {
            if (width <= 0) {
                throw new IllegalArgumentException("A stage width must be positive, got " + width);
            }
            block = List.copyOf(block);
            if (block.isEmpty()) {
                throw new IllegalArgumentException("A residual block needs at least one convolution");
            }
        }

        /** A stage whose block has {@code convs} square 3x3 convolutions. */
        public static Stage square(int width, int convs) {
            return new Stage(width, Collections.nCopies(convs, Kernel.K3X3));
        }
    }

    /**
     * A MyCNN configuration: the record every preset is, and what a custom variant passes to
     * {@link WbcModels#myCnn(Variant)}.
     *
     * @param name           the part after {@code myCnn.}, e.g. {@code v9}
     * @param stages         the stages, input side first
     * @param fcHidden       widths of the hidden FC layers (ReLU) between flatten and the 4-way head
     * @param stageBatchNorm batch norm after each stage conv (conv -&gt; BN -&gt; ReLU)
     * @param blockBatchNorm batch norm after each block conv
     * @param dropout        dropout rate before each FC layer, 0 for none
     */
    public record Variant(String name, List<Stage> stages, List<Integer> fcHidden, boolean stageBatchNorm,
                          boolean blockBatchNorm, double dropout) {
        public Variant {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("A variant name is letters, digits, '_' or '-', got '" + name + "'");
            }
            stages = List.copyOf(stages);
            fcHidden = List.copyOf(fcHidden);
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("myCnn." + name + " needs at least one stage");
            }
            for (int n : fcHidden) {
                if (n <= 0) {
                    throw new IllegalArgumentException("myCnn." + name + ": FC widths must be positive, got " + fcHidden);
                }
            }
            checkDropout(name, dropout);
        }

        /** Stages of the given widths, each block with {@code convs} square 3x3 convolutions. */
        static Variant of(String name, List<Integer> widths, int convs, int fcHidden) {
            return new Variant(name, widths.stream().map(w -> Stage.square(w, convs)).toList(), List.of(fcHidden),
                    false, false, 0);
        }

        Variant named(String newName) {
            return new Variant(newName, stages, fcHidden, stageBatchNorm, blockBatchNorm, dropout);
        }

        Variant withFcHidden(int width) {
            return new Variant(name, stages, List.of(width), stageBatchNorm, blockBatchNorm, dropout);
        }

        /** This variant with stage 1's block replaced (the asymmetric-convolution rows). */
        Variant withStage1Block(Kernel... block) {
            List<Stage> s = new ArrayList<>(stages);
            s.set(0, new Stage(stages.get(0).width(), List.of(block)));
            return new Variant(name, s, fcHidden, stageBatchNorm, blockBatchNorm, dropout);
        }

        Variant withBatchNorm(boolean afterStageConv, boolean afterBlockConvs) {
            return new Variant(name, stages, fcHidden, afterStageConv, afterBlockConvs, dropout);
        }

        /** This variant with another dropout rate before each FC layer. */
        public Variant withDropout(double rate) {
            return new Variant(name, stages, fcHidden, stageBatchNorm, blockBatchNorm, rate);
        }

        /** Registry name, e.g. {@code myCnn.v9}. */
        public String registryName() {
            return FAMILY + "." + name;
        }

        /** Feature-map height or width after every stage, starting from {@code size}; a value below 1 means too small. */
        int[] featureSizes(int size) {
            int[] out = new int[stages.size()];
            int s = size;
            for (int i = 0; i < out.length; i++) {
                s = (s - 1) / 2 + 1; // conv 3x3 stride 2 pad 1: floor((s + 2 - 3) / 2) + 1
                s = s / 2;           // max-pool 2x2 stride 2, floor
                out[i] = s;
            }
            return out;
        }

        /** The smallest height (or width) every stage can halve twice: 1 stage needs 3, each more roughly 4 times that. */
        public int minimumInputSize() {
            int size = 1;
            while (featureSizes(size)[stages.size() - 1] < 1) {
                size++;
            }
            return size;
        }
    }

    private static final List<Integer> W3 = List.of(16, 32, 64);
    private static final List<Integer> W4 = List.of(16, 32, 64, 128);

    /** Original (the HW2 model): widths 16-32-64, 2 convs per block, FC 128; flatten 1280 at 240x320. */
    public static final Variant V0 = Variant.of("v0", W3, 2, 128);
    /**
     * The original with a third 3x3 convolution in each residual block: Figure 4's second row, tried and
     * reverted before v1, so not a registered preset (pass it with {@code variant(MyCnn.V0_CONV3)}).
     */
    public static final Variant V0_CONV3 = Variant.of("v0-conv3", W3, 3, 128);
    /** Widths 16-64-256. */
    public static final Variant V1 = Variant.of("v1", List.of(16, 64, 256), 2, 128);
    /** Widths 8-16-32. */
    public static final Variant V2 = Variant.of("v2", List.of(8, 16, 32), 2, 128);
    /** A fourth stage: 16-32-64-128 (flatten 128). */
    public static final Variant V3 = Variant.of("v3", W4, 2, 128);
    /** v3 with FC 512. */
    public static final Variant V4 = Variant.of("v4", W4, 2, 512);
    /** v3 with FC 256. */
    public static final Variant V5 = V3.named("v5").withFcHidden(256);
    /** v3 with FC 64. */
    public static final Variant V6 = V3.named("v6").withFcHidden(64);
    /** v3 with FC 1024. */
    public static final Variant V7 = V3.named("v7").withFcHidden(1024);
    /** Widths 8-16-64-512, FC 128. */
    public static final Variant V8 = Variant.of("v8", List.of(8, 16, 64, 512), 2, 128);
    /** v4 with 3 convs per block: the paper's best. */
    public static final Variant V9 = Variant.of("v9", W4, 3, 512);
    /** v4 with stage 1's block convs 1x3 then 3x1. */
    public static final Variant V10 = V4.named("v10").withStage1Block(Kernel.K1X3, Kernel.K3X1);
    /** v4 with 4 convs per block. */
    public static final Variant V11 = Variant.of("v11", W4, 4, 512);
    /** v4 with stage 1's block 1x3 -&gt; 3x3 -&gt; 3x1 in series. */
    public static final Variant V12 = V4.named("v12").withStage1Block(Kernel.K1X3, Kernel.K3X3, Kernel.K3X1);
    /** v4 with stage 1's block convs as ACBs (parallel 3x3 + 1x3 + 3x1, summed). */
    public static final Variant V13 = V4.named("v13").withStage1Block(Kernel.ACB, Kernel.ACB);
    /** v4 with batch norm after each stage conv. */
    public static final Variant V14 = V4.named("v14").withBatchNorm(true, false);
    /** v4 with batch norm after every conv. */
    public static final Variant V15 = V4.named("v15").withBatchNorm(true, true);
    /** v4 with batch norm after every block conv only. */
    public static final Variant V16 = V4.named("v16").withBatchNorm(false, true);
    /** v4 with dropout before each FC layer. */
    public static final Variant V17 = V4.named("v17").withDropout(DEFAULT_DROPOUT);
    /** v9 with dropout before each FC layer. */
    public static final Variant V18 = V9.named("v18").withDropout(DEFAULT_DROPOUT);
    /** v13 with dropout before each FC layer. */
    public static final Variant V19 = V13.named("v19").withDropout(DEFAULT_DROPOUT);
    /** Two stages 16-64, FC 1024 (flatten 19200 at 240x320). */
    public static final Variant V20 = Variant.of("v20", List.of(16, 64), 2, 1024);

    /** Every changelog row, v0 to v20. */
    public static final List<Variant> PRESETS = List.of(V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13,
            V14, V15, V16, V17, V18, V19, V20);

    /** The registered variants; registry-wide tests build each at the smallest square input its stages take. */
    static List<ModelSpec> specs() {
        return PRESETS.stream().map(v -> new ModelSpec(v.registryName(), Paper.CHEN_ZHU, v.minimumInputSize(),
                v.minimumInputSize(), () -> new Builder(v))).toList();
    }

    /** The variant {@link WbcModels#myCnn()} starts from: v9, the paper's best. */
    public static final Variant DEFAULT = V9;

    private MyCnn() {
    }

    /** A preset by name ({@code v9} or {@code myCnn.v9}); fails listing the valid ones. */
    public static Variant preset(String name) {
        String wanted = name != null && name.startsWith(FAMILY + ".") ? name.substring(FAMILY.length() + 1) : name;
        return PRESETS.stream().filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown myCnn variant '" + name + "'; valid variants: "
                        + PRESETS.stream().map(Variant::name).collect(Collectors.joining(", "))));
    }

    static void checkDropout(String variant, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("myCnn." + variant + ": dropout must be in [0, 1), got " + rate);
        }
    }

    /**
     * The builder: the paper's recipe, a variant, and every override of {@link ModelBuilder}.
     *
     * <p>Usage: {@code WbcModels.myCnn(MyCnn.V18).dropout(0.2).epochs(5).build();}
     */
    public static final class Builder extends ModelBuilder<Builder> {
        private Variant variant;

        Builder(Variant variant) {
            super(Objects.requireNonNull(variant, "variant").registryName(), Paper.CHEN_ZHU,
                    ChenZhu.pytorchRecipe(ChannelLayout.NCHW, LEARNING_RATE, BATCH_SIZE));
            this.variant = variant;
        }

        /** Switches to a preset by name, e.g. {@code v9}; all presets share one recipe, so other overrides stay. */
        public Builder variant(String name) {
            return variant(preset(name));
        }

        /** Switches to a preset or a custom variant. */
        public Builder variant(Variant v) {
            this.variant = Objects.requireNonNull(v, "variant");
            rename(v.registryName());
            return this;
        }

        public Variant variant() {
            return variant;
        }

        /**
         * The dropout rate before each FC layer, for the variants that have dropout (v17-v19; the paper
         * tried 0.5 and 0.2). Variants without dropout layers reject it: use their dropout row instead.
         * Choose the variant first: switching variants brings the new variant's own rate.
         */
        public Builder dropout(double rate) {
            checkDropout(variant.name(), rate);
            if (variant.dropout() == 0) {
                throw new IllegalArgumentException(variant.registryName() + " has no dropout layers; the dropout rows are "
                        + "v17 (v4), v18 (v9) and v19 (v13), or pass a custom MyCnn.Variant");
            }
            if (rate == 0) {
                throw new IllegalArgumentException(variant.registryName() + ": a dropout rate of 0 would remove its dropout"
                        + " layers; use the variant it adds dropout to instead");
            }
            this.variant = variant.withDropout(rate);
            return this;
        }

        /** The smallest input height and width this variant's stride pyramid accepts. */
        public int minimumInputSize() {
            return variant.minimumInputSize();
        }

        @Override
        protected void validate() {
            super.validate();
            int h = dataConfig().height();
            int w = dataConfig().width();
            int min = variant.minimumInputSize();
            if (h < min || w < min) {
                throw new IllegalArgumentException(name() + " needs an input of at least " + min + "x" + min + ": each of its "
                        + variant.stages().size() + " stages halves the size twice (stride-2 conv, 2x2 pool); got "
                        + dataConfig().sizeLabel() + " (width x height)");
            }
            ModelChecks.requireNchw(this);
        }

        @Override
        protected WbcModel createModel() {
            ComputationGraph graph = new ComputationGraph(configuration());
            graph.init();
            PyTorchInit.initBiases(graph, seed());
            return WbcModel.of(name(), graph, dataConfig(), List.of(OutputRole.CLASS_PROBABILITIES), classes());
        }

        private org.deeplearning4j.nn.conf.ComputationGraphConfiguration configuration() {
            GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(seed())
                    .dataType(dataType())
                    .updater(updater())
                    .weightInit(PyTorchInit.DEFAULT)
                    .graphBuilder()
                    .addInputs("input")
                    .setInputTypes(InputType.convolutional(dataConfig().height(), dataConfig().width(), 3, CNN2DFormat.NCHW));
            String x = "input";
            for (int s = 0; s < variant.stages().size(); s++) {
                x = stage(g, "stage" + (s + 1), variant.stages().get(s), x);
            }
            for (int f = 0; f < variant.fcHidden().size(); f++) {
                String fc = "fc" + (f + 1);
                x = dropoutBefore(g, fc, x);
                g.addLayer(fc, Layers.dense(variant.fcHidden().get(f), Activation.RELU, PyTorchInit.DEFAULT), x);
                x = fc;
            }
            x = dropoutBefore(g, "head", x);
            g.addLayer("head", Layers.softmaxHead(classes().size(), PyTorchInit.DEFAULT), x);
            return g.setOutputs("head").build();
        }

        private String dropoutBefore(GraphBuilder g, String layer, String input) {
            if (variant.dropout() == 0) {
                return input;
            }
            g.addLayer(layer + "_dropout", Layers.dropout(variant.dropout()), input);
            return layer + "_dropout";
        }

        /** Stage conv -&gt; [BN] -&gt; ReLU -&gt; pool, then the residual block. Returns the stage's output vertex. */
        private String stage(GraphBuilder g, String p, Stage stage, String input) {
            boolean bn = variant.stageBatchNorm();
            g.addLayer(p + "_conv", Layers.conv(stage.width(), 3, 3, 2, 1, 1, bn ? Activation.IDENTITY : Activation.RELU,
                    PyTorchInit.DEFAULT, true), input);
            String x = p + "_conv";
            if (bn) {
                g.addLayer(p + "_bn", Layers.batchNorm(Activation.RELU), x);
                x = p + "_bn";
            }
            g.addLayer(p + "_pool", Layers.maxPool(2, 2, 0), x);
            String shortcut = p + "_pool";
            x = shortcut;
            List<Kernel> block = stage.block();
            for (int i = 0; i < block.size(); i++) {
                boolean last = i == block.size() - 1;
                x = blockConv(g, p + "_res_conv" + (i + 1), p + "_res_bn" + (i + 1), p + "_res_relu" + (i + 1),
                        block.get(i), stage.width(), last, x);
            }
            g.addVertex(p + "_res_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), shortcut, x);
            g.addLayer(p + "_res_relu", Layers.relu(), p + "_res_add");
            return p + "_res_relu";
        }

        /** One block conv (or ACB), its optional BN, and the ReLU unless it is the block's last. */
        private String blockConv(GraphBuilder g, String name, String bnName, String reluName, Kernel kernel, int width,
                                 boolean last, String input) {
            boolean bn = variant.blockBatchNorm();
            // The ReLU goes on the conv itself when nothing comes between: one layer less to run.
            boolean reluOnConv = !last && !bn && kernel != Kernel.ACB;
            if (kernel == Kernel.ACB) {
                List<String> branches = new ArrayList<>();
                for (Kernel k : List.of(Kernel.K3X3, Kernel.K1X3, Kernel.K3X1)) {
                    String branch = name + "_" + k.label();
                    g.addLayer(branch, sameConv(width, k, Activation.IDENTITY), input);
                    branches.add(branch);
                }
                g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), branches.toArray(String[]::new));
            } else {
                g.addLayer(name, sameConv(width, kernel, reluOnConv ? Activation.RELU : Activation.IDENTITY), input);
            }
            String x = name;
            if (bn) {
                g.addLayer(bnName, Layers.batchNorm(last ? Activation.IDENTITY : Activation.RELU), x);
                x = bnName;
            } else if (!last && !reluOnConv) {
                g.addLayer(reluName, Layers.relu(), x);
                x = reluName;
            }
            return x;
        }

        /** PyTorch {@code Conv2d(k, stride=1, padding=k//2)}: keeps the size for the 3x3, 1x3 and 3x1 kernels. */
        private static org.deeplearning4j.nn.conf.layers.ConvolutionLayer sameConv(int width, Kernel k, Activation a) {
            return Layers.conv(width, k.height, k.width, 1, k.height / 2, k.width / 2, a, PyTorchInit.DEFAULT, true);
        }

        /** The flattened feature size at the current input size (1280 for v0 at 240x320). */
        public long flattenSize() {
            int[] hs = variant.featureSizes(dataConfig().height());
            int[] ws = variant.featureSizes(dataConfig().width());
            int last = variant.stages().size() - 1;
            return (long) variant.stages().get(last).width() * hs[last] * ws[last];
        }
    }
}
