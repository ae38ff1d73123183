package io.github.wbczoo.models;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.OutputRole;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AdaDelta;

/**
 * Chen &amp; Zhu's Inception-inspired Keras models at 80x60, as one builder fed with
 * {@link Variant} records: blocks of parallel towers, each tower a list of {@link Op}s,
 * concatenated; then max-pool 3x3 stride 1 "same" -&gt; flatten -&gt; dense 4 softmax.
 * Every conv has f = 64 filters, stride 1, "same" padding, bias and ReLU.
 * <ul>
 *   <li>{@code inceptionBottleneck3|5|7}: 1x1 then (e-1)/2 3x3 convs (effective kernel e x e);</li>
 *   <li>{@code inceptionTowers5}: five towers on the input: 1x1 | 1x1,3x3 | 1x1,3x3,3x3 |
 *       1x1,3x3,3x3,3x3 | pool3,1x1;</li>
 *   <li>{@code inceptionParaA}: stem 3x3, 3x3 -&gt; a block of three towers
 *       1x1,3x3,3x3 | 1x1,3x3 | pool3,1x1;</li>
 *   <li>{@code inceptionParaB}: ParaA with the block twice (3,996,228 trainable parameters);</li>
 *   <li>{@code inceptionFactorized}: ParaA with each tower 3x3 as 1x3 then 3x1, except the last
 *       of each tower, which becomes parallel 1x3 and 3x1 branches, concatenated.</li>
 * </ul>
 *
 * <p>Layer names: a block's name, a tower's name and the op, e.g. {@code towerB_3x3} (towers5),
 * {@code stem_3x3_1}, {@code block1_towerA_1x1}, {@code block2_towerC_pool},
 * {@code block1_towerB_split_1x3}, {@code block1_concat}, {@code pool}, {@code head}; an op that
 * repeats in a tower gets a counter ({@code _1}, {@code _2}, ...).
 *
 * <p>Recipe (the Kaggle host's Keras preprocessing): 80x60 input divided by 255, random rotation
 * up to 10 degrees, 10% shifts and horizontal flips; Adadelta (lr 1.0, rho 0.95, epsilon 1e-7);
 * batch 32; 15 epochs for the bottleneck models and towers5, 50 for the later, larger ParaA,
 * ParaB and factorized models; validation 20% of TRAIN; the weights of the best validation
 * accuracy kept. Initialisation: Keras' glorot-uniform weights and zero biases.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.inceptionParaB().epochs(20).build();}
 */
public final class Inception {
    /** Keras' input at the recipe: 80 wide, 60 high. */
    public static final int HEIGHT = 60;
    public static final int WIDTH = 80;
    public static final int FILTERS = 64;
    public static final int BATCH_SIZE = 32;
    public static final int SHORT_EPOCHS = 15;
    public static final int LONG_EPOCHS = 50;

    /** One step of a tower. */
    public enum Op {
        CONV_1X1("1x1"),
        CONV_3X3("3x3"),
        CONV_1X3("1x3"),
        CONV_3X1("3x1"),
        /** Max-pool 3x3, stride 1, same padding ("pool3"). */
        POOL_3X3("pool"),
        /** Parallel 1x3 and 3x1 convs on the same input, concatenated (2f channels). */
        SPLIT_1X3_3X1("split");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A chain of ops.
     *
     * @param name e.g. {@code towerA}; empty for the only tower of a block
     * @param ops  applied in order
     */
    public record Tower(String name, List<Op> ops) {
        public Tower {
            Objects.requireNonNull(name, "name");
            ops = List.copyOf(ops);
            if (ops.isEmpty()) {
                throw new IllegalArgumentException("Tower '" + name + "' has no ops");
            }
        }

        static Tower of(String name, Op... ops) {
            return new Tower(name, List.of(ops));
        }
    }

    /**
     * Towers applied to the same input, concatenated along channels (a single tower is just chained).
     *
     * @param name   e.g. {@code block1}; may be empty
     * @param towers the parallel towers
     */
    public record Block(String name, List<Tower> towers) {
        public Block {
            Objects.requireNonNull(name, "name");
            towers = List.copyOf(towers);
            if (towers.isEmpty()) {
                throw new IllegalArgumentException("Block '" + name + "' has no towers");
            }
            if (towers.size() > 1 && towers.stream().map(Tower::name).distinct().count() != towers.size()) {
                throw new IllegalArgumentException("The towers of block '" + name + "' need distinct names");
            }
        }
    }

    /**
     * An Inception-family model.
     *
     * @param name   registry name, e.g. {@code inceptionParaB}
     * @param blocks applied in order
     * @param epochs the recipe's epochs
     */
    public record Variant(String name, List<Block> blocks, int epochs) {
        public Variant {
            Objects.requireNonNull(name, "name");
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty()) {
                throw new IllegalArgumentException(name + " has no blocks");
            }
            if (epochs <= 0) {
                throw new IllegalArgumentException(name + ": epochs must be positive, got " + epochs);
            }
        }
    }

    private static final Tower STEM = Tower.of("", Op.CONV_3X3, Op.CONV_3X3);
    private static final List<Tower> PARA_TOWERS = List.of(
            Tower.of("towerA", Op.CONV_1X1, Op.CONV_3X3, Op.CONV_3X3), // 5x5 effective
            Tower.of("towerB", Op.CONV_1X1, Op.CONV_3X3),              // 3x3 effective
            Tower.of("towerC", Op.POOL_3X3, Op.CONV_1X1));

    public static final Variant BOTTLENECK_3 = bottleneck(3);
    public static final Variant BOTTLENECK_5 = bottleneck(5);
    public static final Variant BOTTLENECK_7 = bottleneck(7);
    public static final Variant TOWERS_5 = new Variant("inceptionTowers5", List.of(new Block("", List.of(
            Tower.of("towerA", Op.CONV_1X1),
            Tower.of("towerB", Op.CONV_1X1, Op.CONV_3X3),
            Tower.of("towerC", Op.CONV_1X1, Op.CONV_3X3, Op.CONV_3X3),
            Tower.of("towerD", Op.CONV_1X1, Op.CONV_3X3, Op.CONV_3X3, Op.CONV_3X3),
            Tower.of("towerE", Op.POOL_3X3, Op.CONV_1X1)))), SHORT_EPOCHS);
    public static final Variant PARA_A = new Variant("inceptionParaA",
            List.of(new Block("stem", List.of(STEM)), new Block("block1", PARA_TOWERS)), LONG_EPOCHS);
    public static final Variant PARA_B = new Variant("inceptionParaB", List.of(new Block("stem", List.of(STEM)),
            new Block("block1", PARA_TOWERS), new Block("block2", PARA_TOWERS)), LONG_EPOCHS);
    public static final Variant FACTORIZED = new Variant("inceptionFactorized", List.of(new Block("stem", List.of(STEM)),
            new Block("block1", List.of(
                    Tower.of("towerA", Op.CONV_1X1, Op.CONV_1X3, Op.CONV_3X1, Op.SPLIT_1X3_3X1),
                    Tower.of("towerB", Op.CONV_1X1, Op.SPLIT_1X3_3X1),
                    Tower.of("towerC", Op.POOL_3X3, Op.CONV_1X1)))), LONG_EPOCHS);

    /** Every preset, in the paper's order. */
    public static final List<Variant> PRESETS = List.of(BOTTLENECK_3, BOTTLENECK_5, BOTTLENECK_7, TOWERS_5, PARA_A, PARA_B,
            FACTORIZED);

    private Inception() {
    }

    /** The registered presets; registry-wide tests build them at 40x30 (half the recipe's 80x60). */
    static List<ModelSpec> specs() {
        return PRESETS.stream().map(v -> new ModelSpec(v.name(), Paper.CHEN_ZHU, 30, 40, () -> new Builder(v))).toList();
    }

    /** {@code inceptionBottleneck<e>}: a 1x1 conv then (e-1)/2 3x3 convs, e in {3, 5, 7}. */
    public static Variant bottleneck(int effectiveKernel) {
        if (effectiveKernel != 3 && effectiveKernel != 5 && effectiveKernel != 7) {
            throw new IllegalArgumentException("inceptionBottleneck takes an effective kernel size of 3, 5 or 7, got "
                    + effectiveKernel);
        }
        List<Op> ops = new ArrayList<>();
        ops.add(Op.CONV_1X1);
        ops.addAll(Collections.nCopies((effectiveKernel - 1) / 2, Op.CONV_3X3));
        return new Variant("inceptionBottleneck" + effectiveKernel,
                List.of(new Block("bottleneck", List.of(new Tower("", ops)))), SHORT_EPOCHS);
    }

    /** A preset by registry name; fails listing the valid ones. */
    public static Variant preset(String name) {
        return PRESETS.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown Inception model '" + name + "'; valid names: "
                        + PRESETS.stream().map(Variant::name).collect(Collectors.joining(", "))));
    }

    /** The Keras recipe, with a variant's epochs. */
    static Recipe kerasRecipe(int epochs) {
        // DL4J's AdaDelta has no learning rate: it applies the AdaDelta step as is, which is Keras' lr 1.0.
        return new Recipe(DataConfig.rgb(HEIGHT, WIDTH, Normalization.divideBy255()), SplitPolicy.validationFraction(0.2),
                Augmentation.kerasInception(), new AdaDelta(0.95, 1e-7), BATCH_SIZE, epochs, "val_accuracy", null);
    }

    /**
     * The builder: a variant, the Keras recipe and every override of {@link ModelBuilder}.
     *
     * <p>Usage: {@code WbcModels.inceptionBottleneck(5).filters(32).build();}
     */
    public static final class Builder extends ModelBuilder<Builder> {
        private final Variant variant;
        private int filters = FILTERS;

        Builder(Variant variant) {
            super(Objects.requireNonNull(variant, "variant").name(), Paper.CHEN_ZHU, kerasRecipe(variant.epochs()));
            this.variant = variant;
        }

        public Variant variant() {
            return variant;
        }

        /** Filters of every conv (64 in the paper). */
        public Builder filters(int f) {
            this.filters = f;
            return this;
        }

        @Override
        protected void validate() {
            super.validate();
            if (filters <= 0) {
                throw new IllegalArgumentException(name() + ": filters must be positive, got " + filters);
            }
            ModelChecks.requireNchw(this);
        }

        @Override
        protected WbcModel createModel() {
            ComputationGraph graph = new ComputationGraph(configuration());
            graph.init();
            return WbcModel.of(name(), graph, dataConfig(), List.of(OutputRole.CLASS_PROBABILITIES), classes());
        }

        private ComputationGraphConfiguration configuration() {
            // Keras: glorot-uniform kernels, zero biases. All convs have stride 1, so DL4J's fan-out
            // (which divides by the stride) equals Keras'.
            GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(seed())
                    .dataType(dataType())
                    .updater(updater())
                    .weightInit(WeightInit.XAVIER_UNIFORM)
                    .biasInit(0)
                    .graphBuilder()
                    .addInputs("input")
                    .setInputTypes(InputType.convolutional(dataConfig().height(), dataConfig().width(), 3, CNN2DFormat.NCHW));
            String x = "input";
            for (Block block : variant.blocks()) {
                x = block(g, block, x);
            }
            g.addLayer("pool", Layers.maxPoolStride1Same(3), x);
            g.addLayer("head", Layers.softmaxHead(classes().size(), WeightInit.XAVIER_UNIFORM.getWeightInitFunction()), "pool");
            return g.setOutputs("head").build();
        }

        private String block(GraphBuilder g, Block block, String input) {
            List<String> outputs = new ArrayList<>();
            for (Tower tower : block.towers()) {
                outputs.add(tower(g, join(block.name(), tower.name()), tower, input));
            }
            if (outputs.size() == 1) {
                return outputs.get(0);
            }
            String concat = join(block.name(), "concat");
            g.addVertex(concat, new MergeVertex(), outputs.toArray(String[]::new));
            return concat;
        }

        private String tower(GraphBuilder g, String prefix, Tower tower, String input) {
            Map<Op, Integer> total = new HashMap<>();
            tower.ops().forEach(op -> total.merge(op, 1, Integer::sum));
            Map<Op, Integer> seen = new HashMap<>();
            String x = input;
            for (Op op : tower.ops()) {
                int n = seen.merge(op, 1, Integer::sum);
                String name = join(prefix, op.label() + (total.get(op) > 1 ? "_" + n : ""));
                x = op(g, name, op, x);
            }
            return x;
        }

        private String op(GraphBuilder g, String name, Op op, String input) {
            switch (op) {
                case CONV_1X1 -> g.addLayer(name, conv(1, 1), input);
                case CONV_3X3 -> g.addLayer(name, conv(3, 3), input);
                case CONV_1X3 -> g.addLayer(name, conv(1, 3), input);
                case CONV_3X1 -> g.addLayer(name, conv(3, 1), input);
                case POOL_3X3 -> g.addLayer(name, Layers.maxPoolStride1Same(3), input);
                case SPLIT_1X3_3X1 -> {
                    g.addLayer(name + "_1x3", conv(1, 3), input);
                    g.addLayer(name + "_3x1", conv(3, 1), input);
                    g.addVertex(name, new MergeVertex(), name + "_1x3", name + "_3x1");
                }
                default -> throw new IllegalStateException("Unknown op " + op);
            }
            return name;
        }

        private org.deeplearning4j.nn.conf.layers.ConvolutionLayer conv(int kh, int kw) {
            return Layers.sameConv(filters, kh, kw, Activation.RELU, WeightInit.XAVIER_UNIFORM.getWeightInitFunction());
        }

        private static String join(String prefix, String name) {
            if (prefix.isEmpty()) {
                return name;
            }
            return name.isEmpty() ? prefix : prefix + "_" + name;
        }
    }
}
