package io.github.wbczoo.core;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer and what feeds it. DL4J's forward passes (training, and its own {@code score})
 * stop at the activations going into the output layer; this is how both the one-pass validation
 * and the training-accuracy count apply that layer themselves.
 *
 * <p>Usage: internal; {@code OutputFeed f = OutputFeed.of(network); INDArray p = f.layer().activate(f.prepare(x, mgr), false, mgr);}
 *
 * @param input        for a graph, the vertex whose activations feed the layer; null for a network
 * @param preprocessor applied to those activations first, or null
 * @param layer        the output layer itself (unwrapped when frozen with backprop)
 */
record OutputFeed(String input, InputPreProcessor preprocessor, Layer layer) {

    /** The last layer of a network, fed by the layer before it. */
    static OutputFeed of(MultiLayerNetwork network) {
        int n = network.getnLayers();
        return new OutputFeed(null, network.getLayerWiseConfigurations().getInputPreProcess(n - 1),
                unwrap(network.getOutputLayer()));
    }

    /** A graph output that is a layer on a single input, or null for any other output vertex. */
    static OutputFeed of(ComputationGraph graph, String output) {
        List<String> in = graph.getConfiguration().getVertexInputs().get(output);
        if (in == null || in.size() != 1 || !(graph.getVertex(output) instanceof LayerVertex vertex)) {
            return null;
        }
        return new OutputFeed(in.get(0), vertex.getLayerPreProcessor(), unwrap(vertex.getLayer()));
    }

    /** The feeding activations as the layer takes them. */
    INDArray prepare(INDArray activations, LayerWorkspaceMgr mgr) {
        return preprocessor == null ? activations : preprocessor.preProcess(activations, (int) activations.size(0), mgr);
    }

    private static Layer unwrap(Layer layer) {
        return layer instanceof FrozenLayerWithBackprop frozen ? frozen.getInsideLayer() : layer;
    }
}
