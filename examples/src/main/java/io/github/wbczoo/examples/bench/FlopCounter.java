package io.github.wbczoo.examples.bench;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Forward-pass FLOPs of one image: 2 per multiply-add of the convolution and dense layers, the
 * convention PyTorch profilers and papers use (batch norm, activations and pooling are a few
 * percent and are left out). A training step is counted as 3x the forward pass.
 *
 * <p>Usage: {@code double flops = FlopCounter.forwardFlopsPerImage(model.network(), model.dataConfig());}
 */
public final class FlopCounter {
    private FlopCounter() {
    }

    public static double forwardFlopsPerImage(Model network, DataConfig data) {
        InputType input = inputType(data);
        double total = 0;
        if (network instanceof MultiLayerNetwork mln) {
            List<InputType> outputs = mln.getLayerWiseConfigurations().getLayerActivationTypes(input);
            for (int i = 0; i < outputs.size(); i++) {
                total += layerFlops(mln.getLayerWiseConfigurations().getConf(i).getLayer(), outputs.get(i));
            }
        } else if (network instanceof ComputationGraph graph) {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            // on a copy: adding the preprocessors (conv -> dense) is needed for the types but must not touch the model
            Map<String, InputType> outputs = conf.clone().getLayerActivationTypes(true, input);
            for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
                if (v.getValue() instanceof LayerVertex lv && outputs.containsKey(v.getKey())) {
                    total += layerFlops(lv.getLayerConf().getLayer(), outputs.get(v.getKey()));
                }
            }
        } else {
            throw new IllegalArgumentException("Unsupported network type " + network.getClass().getName());
        }
        return total;
    }

    static InputType inputType(DataConfig d) {
        return switch (d.layout()) {
            case NCHW -> InputType.convolutional(d.height(), d.width(), d.channels(), CNN2DFormat.NCHW);
            case NHWC -> InputType.convolutional(d.height(), d.width(), d.channels(), CNN2DFormat.NHWC);
            case FLAT -> InputType.feedForward(d.valuesPerImage());
        };
    }

    private static double layerFlops(Layer layer, InputType output) {
        if (layer instanceof FrozenLayer frozen) {
            return layerFlops(frozen.getLayer(), output);
        }
        if (layer instanceof BaseWrapperLayer wrapper) {
            return layerFlops(wrapper.getUnderlying(), output);
        }
        if (layer instanceof SeparableConvolution2D sep) {
            double positions = positions(output);
            double depthwise = (double) sep.getKernelSize()[0] * sep.getKernelSize()[1] * sep.getNIn() * sep.getDepthMultiplier();
            return 2 * positions * (depthwise + (double) sep.getNIn() * sep.getDepthMultiplier() * sep.getNOut());
        }
        if (layer instanceof DepthwiseConvolution2D dw) {
            return 2 * positions(output) * dw.getKernelSize()[0] * dw.getKernelSize()[1] * dw.getNIn() * dw.getDepthMultiplier();
        }
        if (layer instanceof ConvolutionLayer conv) {
            return 2 * positions(output) * conv.getKernelSize()[0] * conv.getKernelSize()[1] * conv.getNIn() * conv.getNOut();
        }
        if (layer instanceof FeedForwardLayer ff && !(output instanceof InputType.InputTypeConvolutional)) {
            return 2.0 * ff.getNIn() * ff.getNOut();
        }
        return 0;
    }

    /** Output height x width of a convolutional layer. */
    private static double positions(InputType output) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) output;
        return (double) c.getHeight() * c.getWidth();
    }

    /** Whether the layout is convolutional (used by callers to pick input shapes). */
    static boolean isImage(DataConfig d) {
        return d.layout() != ChannelLayout.FLAT;
    }
}
