package io.github.wbczoo.models;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.OutputRole;
import io.github.wbczoo.core.Paper;
import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Chen &amp; Zhu's MLP autoencoder with a joint loss: the encoder compresses the flattened, z-scored
 * image to a code, the decoder reconstructs the image from it (MSE against the input), and a
 * class head on the code predicts the cell type (cross-entropy); DL4J minimises the sum of both
 * losses, as the paper's "one coherent loss function" does. It is a graph with two outputs,
 * {@code head} (class probabilities, first) and {@code reconstruction}, so the core trainer feeds
 * the input as the reconstruction target.
 *
 * <p>Variants (paper Figures 5-6): {@link #V1} (the evaluated one, the default): encoder
 * 230400-&gt;1024-&gt;128, decoder 128-&gt;1024-&gt;230400; {@link #ORIGINAL}: hidden 128, code
 * 1024; {@link #V2}: no hidden layer, code 1024, batch 16, lr 1e-3; {@link #V3}: no hidden layer,
 * code 128, batch 32, lr 1e-3. ReLU follows every layer, the reconstruction included (as in
 * Figure 5: it cannot reproduce the negative half of a z-scored input). The head is dropout 0.2
 * -&gt; code-&gt;4.
 *
 * <p>Size: v1 and v2 hold 472M parameters at the recipe's 240x320 (1.9 GB of weights, about
 * 7.5 GB with gradients and Adam's state). {@link Builder#trainableParams()} counts them without
 * allocating anything; to train on a small machine, shrink the input in one line:
 * {@code WbcModels.autoencoder().inputSize(60, 80)}.
 *
 * <p>Recipe: 240x320 flattened (FLAT layout), per-channel z-score, Adam, batch 4, 20 epochs,
 * 60:20:20 split. The paper gives no learning rate for v1 and the original but says v2 and v3
 * "increased" it to 1e-3, so they use 1e-4. Initialisation: PyTorch's defaults.
 *
 * <p>Layer names: {@code encoder_fc1}, {@code code}, {@code decoder_fc1}, {@code reconstruction},
 * {@code head_dropout}, {@code head}.
 *
 * <p>Usage: {@code WbcModel m = WbcModels.autoencoder().inputSize(60, 80).build();}
 */
public final class Autoencoder {
    /** Registry names are {@code autoencoder.<variant>}. */
    public static final String FAMILY = "autoencoder";
    /** The class head's dropout rate in every variant. */
    public static final double HEAD_DROPOUT = 0.2;

    /**
     * An autoencoder configuration.
     *
     * @param name         the part after {@code autoencoder.}, e.g. {@code v1}
     * @param hidden       encoder hidden widths between input and code (the decoder mirrors them)
     * @param code         width of the code the class head reads
     * @param batchSize    the recipe's batch size for this variant
     * @param learningRate the recipe's Adam learning rate for this variant
     */
    public record Variant(String name, List<Integer> hidden, int code, int batchSize, double learningRate) {
        public Variant {
            Objects.requireNonNull(name, "name");
            hidden = List.copyOf(hidden);
            if (code <= 0 || hidden.stream().anyMatch(h -> h <= 0)) {
                throw new IllegalArgumentException("autoencoder." + name + ": widths must be positive, got hidden " + hidden
                        + ", code " + code);
            }
            if (batchSize <= 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("autoencoder." + name + ": batch size and learning rate must be positive");
            }
        }

        public String registryName() {
            return FAMILY + "." + name;
        }
    }

    /** Switched hidden and code of the original: 1024 hidden, 128 code. The evaluated model. */
    public static final Variant V1 = new Variant("v1", List.of(1024), 128, 4, 1e-4);
    /** The lab-7 model: 128 hidden, 1024 code. */
    public static final Variant ORIGINAL = new Variant("original", List.of(128), 1024, 4, 1e-4);
    /** v1 without the hidden layer, code 1024, batch 16, lr 1e-3. */
    public static final Variant V2 = new Variant("v2", List.of(), 1024, 16, 1e-3);
    /** v1 without the hidden layer, code 128, batch 32, lr 1e-3. */
    public static final Variant V3 = new Variant("v3", List.of(), 128, 32, 1e-3);

    public static final List<Variant> PRESETS = List.of(V1, ORIGINAL, V2, V3);

    /** The registered variants; registry-wide tests build them at 16x12 (v1 at 240x320 has 472M parameters). */
    static List<ModelSpec> specs() {
        return PRESETS.stream().map(v -> new ModelSpec(v.registryName(), Paper.CHEN_ZHU, 12, 16, () -> new Builder(v)))
                .toList();
    }

    private Autoencoder() {
    }

    /** A preset by name ({@code v1} or {@code autoencoder.v1}); fails listing the valid ones. */
    public static Variant preset(String name) {
        String wanted = name != null && name.startsWith(FAMILY + ".") ? name.substring(FAMILY.length() + 1) : name;
        return PRESETS.stream().filter(v -> v.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown autoencoder variant '" + name + "'; valid variants: "
                        + PRESETS.stream().map(Variant::name).collect(Collectors.joining(", "))));
    }

    /**
     * Trainable parameters of a variant for {@code inputs} flattened input values, from the layer
     * sizes alone: every dense layer has in x out weights and out biases.
     */
    public static long trainableParams(Variant v, long inputs, int classes) {
        List<Long> widths = new ArrayList<>();
        widths.add(inputs);
        v.hidden().forEach(h -> widths.add((long) h));
        widths.add((long) v.code());
        long total = 0;
        for (int i = 0; i + 1 < widths.size(); i++) {
            long a = widths.get(i);
            long b = widths.get(i + 1);
            total += a * b + b; // encoder layer a -> b
            total += b * a + a; // its mirror in the decoder, b -> a
        }
        return total + (long) v.code() * classes + classes;
    }

    /**
     * The builder: a variant's recipe and every override of {@link ModelBuilder}.
     *
     * <p>Usage: {@code WbcModels.autoencoder().variant("v3").inputSize(60, 80).epochs(5).build();}
     */
    public static final class Builder extends ModelBuilder<Builder> {
        private Variant variant;
        private double headDropout = HEAD_DROPOUT;

        Builder(Variant variant) {
            super(Objects.requireNonNull(variant, "variant").registryName(), Paper.CHEN_ZHU,
                    ChenZhu.pytorchRecipe(ChannelLayout.FLAT, variant.learningRate(), variant.batchSize()));
            this.variant = variant;
        }

        /**
         * Switches to a preset, e.g. {@code v3}, with its batch size and learning rate (v2 and v3
         * differ from v1 there): choose the variant first, then override those.
         */
        public Builder variant(String name) {
            return variant(preset(name));
        }

        /** Switches to a preset or a custom variant, with its batch size and learning rate. */
        public Builder variant(Variant v) {
            this.variant = Objects.requireNonNull(v, "variant");
            rename(v.registryName());
            batchSize(v.batchSize());
            updater(new Adam(v.learningRate()));
            return this;
        }

        public Variant variant() {
            return variant;
        }

        /** The class head's dropout rate (0.2 in the paper); 0 removes the dropout layer. */
        public Builder headDropout(double rate) {
            this.headDropout = rate;
            return this;
        }

        /** Counted from the layer sizes: the full-size network is never allocated for it. */
        @Override
        public long trainableParams() {
            validate();
            return Autoencoder.trainableParams(variant, dataConfig().valuesPerImage(), classes().size());
        }

        @Override
        protected void validate() {
            super.validate();
            if (!(headDropout >= 0 && headDropout < 1)) {
                throw new IllegalArgumentException(name() + ": headDropout must be in [0, 1), got " + headDropout);
            }
            if (dataConfig().layout() != ChannelLayout.FLAT) {
                throw new IllegalArgumentException(name() + " is a dense network and takes FLAT input, got layout "
                        + dataConfig().layout());
            }
            long params = Autoencoder.trainableParams(variant, dataConfig().valuesPerImage(), classes().size());
            if (params > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name() + " at " + dataConfig().sizeLabel() + " would hold " + params
                        + " parameters (" + params * 4 / (1L << 30) + " GiB as floats); use a smaller inputSize");
            }
        }

        @Override
        protected WbcModel createModel() {
            ComputationGraph graph = new ComputationGraph(configuration());
            graph.init();
            PyTorchInit.initBiases(graph, seed());
            return WbcModel.of(name(), graph, dataConfig(),
                    List.of(OutputRole.CLASS_PROBABILITIES, OutputRole.INPUT_RECONSTRUCTION), classes());
        }

        private ComputationGraphConfiguration configuration() {
            int inputs = dataConfig().valuesPerImage();
            GraphBuilder g = new NeuralNetConfiguration.Builder()
                    .seed(seed())
                    .dataType(dataType())
                    .updater(updater())
                    .weightInit(PyTorchInit.DEFAULT)
                    .graphBuilder()
                    .addInputs("input")
                    .setInputTypes(InputType.feedForward(inputs));
            String x = "input";
            List<Integer> hidden = variant.hidden();
            for (int i = 0; i < hidden.size(); i++) {
                String name = "encoder_fc" + (i + 1);
                g.addLayer(name, Layers.dense(hidden.get(i), Activation.RELU, PyTorchInit.DEFAULT), x);
                x = name;
            }
            g.addLayer("code", Layers.dense(variant.code(), Activation.RELU, PyTorchInit.DEFAULT), x);
            x = "code";
            for (int i = hidden.size() - 1; i >= 0; i--) {
                String name = "decoder_fc" + (hidden.size() - i);
                g.addLayer(name, Layers.dense(hidden.get(i), Activation.RELU, PyTorchInit.DEFAULT), x);
                x = name;
            }
            // MSE in DL4J is the mean over the values of each image, averaged over the batch: PyTorch's MSELoss.
            g.addLayer("reconstruction", new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    .nOut(inputs).activation(Activation.RELU).weightInit(PyTorchInit.DEFAULT).build(), x);
            String headInput = "code";
            if (headDropout > 0) {
                g.addLayer("head_dropout", Layers.dropout(headDropout), "code");
                headInput = "head_dropout";
            }
            g.addLayer("head", Layers.softmaxHead(classes().size(), PyTorchInit.DEFAULT), headInput);
            // The class head first: WbcModel's output roles follow this order.
            return g.setOutputs("head", "reconstruction").build();
        }
    }
}
