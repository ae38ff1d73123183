package io.github.wbczoo.core.layers;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Whether the gradient with respect to a network's input images is computed. Training never uses
 * it, and for the first convolution it is the most expensive part of the backward pass (PyTorch
 * skips it too: an input tensor does not require a gradient). Off by default; switch it on
 * ({@code -Dwbc.inputGradients=true} or {@link #setNeeded}) for saliency maps or adversarial
 * examples, i.e. when you call DL4J's {@code backpropGradient} and read the input's epsilon.
 *
 * <p>Only convolutions that read a network input directly, alone, without a preprocessor, skip it
 * ({@link #markInputLayers}); they then return no input gradient.
 *
 * <p>Usage: {@code InputGradients.setNeeded(true); Pair<Gradient, INDArray[]> g = graph.backpropGradient(eps);}
 */
public final class InputGradients {
    /** The system property read at start-up. */
    public static final String PROPERTY = "wbc.inputGradients";

    private static volatile boolean needed = Boolean.parseBoolean(System.getProperty(PROPERTY));

    private InputGradients() {
    }

    /** Whether input gradients are computed. */
    public static boolean needed() {
        return needed;
    }

    /** Computes input gradients (true) or lets input convolutions skip them (false), for every network in this JVM. */
    public static void setNeeded(boolean on) {
        needed = on;
    }

    /**
     * Tells each convolution that alone reads one of {@code network}'s inputs that it does; returns how
     * many were marked. Idempotent; safe on any DL4J network.
     */
    public static int markInputLayers(Model network) {
        int marked = 0;
        if (network instanceof MultiLayerNetwork mln && mln.getnLayers() > 0
                && mln.getLayerWiseConfigurations().getInputPreProcess(0) == null) {
            marked += mark(mln.getLayer(0));
        } else if (network instanceof ComputationGraph graph) {
            Map<String, List<String>> inputsOf = graph.getConfiguration().getVertexInputs();
            for (String networkInput : graph.getConfiguration().getNetworkInputs()) {
                List<String> readers = inputsOf.entrySet().stream()
                        .filter(e -> e.getValue().contains(networkInput)).map(Map.Entry::getKey).toList();
                if (readers.size() != 1 || inputsOf.get(readers.get(0)).size() != 1) {
                    continue;
                }
                GraphVertex reader = graph.getVertex(readers.get(0));
                if (reader instanceof LayerVertex lv && lv.getLayerPreProcessor() == null) {
                    marked += mark(lv.getLayer());
                }
            }
        }
        return marked;
    }

    private static int mark(Layer layer) {
        if (layer instanceof ReusingConvolutionLayer.Impl conv) {
            return conv.markReadsNetworkInput() ? 1 : 0;
        }
        return 0;
    }
}
