package io.github.wbczoo.models;

import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's weight initialisation for DL4J layers, so the models Chen & Zhu trained in PyTorch
 * start where theirs did. DL4J's default (Xavier) is neither of PyTorch's rules:
 * <ul>
 *   <li>{@link #DEFAULT}: what {@code nn.Conv2d} and {@code nn.Linear} do on construction, weights
 *       uniform in +-1/sqrt(fan_in) ({@code kaiming_uniform_(a=sqrt(5))} works out to exactly that);</li>
 *   <li>{@link #KAIMING_NORMAL_FAN_OUT}: torchvision ResNet's convolutions,
 *       {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}: normal with std sqrt(2/fan_out),
 *       where fan_out = out channels x kernel height x kernel width (DL4J's own fan-out divides by
 *       the stride, PyTorch's does not, so it is recomputed from the weight shape).</li>
 * </ul>
 * PyTorch also draws biases uniformly in +-1/sqrt(fan_in), which DL4J cannot express (its bias
 * init is a constant): call {@link #initBiases(ComputationGraph, long)} after {@code init()}.
 * Batch norm needs nothing: DL4J's gamma 1, beta 0 is PyTorch's.
 *
 * <p>Instances are Jackson-serialisable through DL4J's {@code @class} type info, so a network
 * configuration that uses them saves and loads like any other.
 *
 * <p>Usage: {@code new ConvolutionLayer.Builder(3, 3).weightInit(PyTorchInit.DEFAULT)...; graph.init(); PyTorchInit.initBiases(graph, seed);}
 */
public final class PyTorchInit implements IWeightInit {
    private static final long serialVersionUID = 1L;

    /** Which PyTorch rule. */
    public enum Rule {
        /** {@code nn.Conv2d}/{@code nn.Linear} defaults: uniform in +-1/sqrt(fan_in). */
        UNIFORM_FAN_IN,
        /** {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}: N(0, 2/fan_out). */
        KAIMING_NORMAL_FAN_OUT
    }

    /** PyTorch's default for convolutions and linear layers. */
    public static final PyTorchInit DEFAULT = new PyTorchInit(Rule.UNIFORM_FAN_IN);
    /** torchvision ResNet's convolution init. */
    public static final PyTorchInit KAIMING_NORMAL_FAN_OUT = new PyTorchInit(Rule.KAIMING_NORMAL_FAN_OUT);

    // Not final: DL4J's Jackson sets it when a saved configuration is read back.
    private Rule rule;

    /** For Jackson only. */
    private PyTorchInit() {
        this(Rule.UNIFORM_FAN_IN);
    }

    private PyTorchInit(Rule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Rule rule() {
        return rule;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        switch (rule) {
            case UNIFORM_FAN_IN -> {
                double bound = 1.0 / Math.sqrt(fanIn);
                Nd4j.rand(paramView, Nd4j.getDistributions().createUniform(-bound, bound));
            }
            case KAIMING_NORMAL_FAN_OUT -> {
                // DL4J conv weights are [out, in, kh, kw]; dense weights are [in, out].
                double pytorchFanOut = shape.length == 4 ? (double) shape[0] * shape[2] * shape[3] : fanOut;
                Nd4j.randn(paramView).muli(Math.sqrt(2.0 / pytorchFanOut));
            }
            default -> throw new IllegalStateException("Unknown rule " + rule);
        }
        return paramView.reshape(order, shape);
    }

    /**
     * Draws the bias of every layer initialised by a {@code PyTorchInit} uniformly in
     * +-1/sqrt(fan_in), as PyTorch does; seeded, so equal seeds give equal networks. Layers with
     * other initialisers (and layers without bias) are left alone.
     */
    public static void initBiases(ComputationGraph graph, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : graph.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BaseLayer conf) || !(conf.getWeightInitFn() instanceof PyTorchInit)) {
                continue;
            }
            INDArray bias = layer.paramTable().get(DefaultParamInitializer.BIAS_KEY);
            if (bias == null) {
                continue;
            }
            double bound = 1.0 / Math.sqrt(fanIn(conf));
            double[] values = new double[(int) bias.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (2 * random.nextDouble() - 1) * bound;
            }
            bias.assign(Nd4j.create(values, bias.shape(), 'c').castTo(bias.dataType()));
        }
    }

    /** PyTorch's fan_in: input channels x kernel area for convolutions, inputs for dense layers. */
    static double fanIn(BaseLayer conf) {
        if (conf instanceof ConvolutionLayer conv) {
            int[] k = conv.getKernelSize();
            return (double) conv.getNIn() * k[0] * k[1];
        }
        if (conf instanceof FeedForwardLayer ff) {
            return ff.getNIn();
        }
        throw new IllegalArgumentException("No PyTorch fan-in rule for " + conf.getClass().getSimpleName());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyTorchInit p && p.rule == rule;
    }

    @Override
    public int hashCode() {
        return rule.hashCode();
    }

    @Override
    public String toString() {
        return "PyTorchInit(" + rule + ")";
    }
}
