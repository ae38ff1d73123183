package io.github.wbczoo.core;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    /**
     * Columns of a model's class-probability output, from its output layer's configuration, or -1
     * when that is not a plain feed-forward layer (then nothing can be checked before running it).
     */
    static long classOutputWidth(Model network, List<OutputRole> roles) {
        Layer layer;
        if (network instanceof MultiLayerNetwork mln) {
            layer = mln.getOutputLayer();
        } else if (network instanceof ComputationGraph g) {
            String name = g.getConfiguration().getNetworkOutputs().get(roles.indexOf(OutputRole.CLASS_PROBABILITIES));
            if (!(g.getVertex(name) instanceof LayerVertex vertex)) {
                return -1;
            }
            layer = vertex.getLayer();
        } else {
            return -1;
        }
        return unwrap(layer).conf().getLayer() instanceof FeedForwardLayer ff ? ff.getNOut() : -1;
    }

    /** The feeding activations as the layer takes them. */
    INDArray prepare(INDArray activations, LayerWorkspaceMgr mgr) {
        return preprocessor == null ? activations : preprocessor.preProcess(activations, (int) activations.size(0), mgr);
    }

    /**
     * The layer's inference-mode output on the feeding activations, worked out in the workspace
     * they are in (see {@link #keepingIn}). Read the result before that workspace is reused.
     */
    INDArray activateInPlace(INDArray activations) {
        LayerWorkspaceMgr mgr = keepingIn(activations);
        return layer.activate(prepare(activations, mgr), false, mgr);
    }

    /**
     * The layer's loss on the feeding activations against {@code labels}, plus {@code regularisation},
     * worked out in the workspace they are in; the layer keeps no reference to them afterwards.
     */
    double scoreInPlace(INDArray activations, INDArray labels, double regularisation) {
        LayerWorkspaceMgr mgr = keepingIn(activations);
        try {
            layer.setInput(prepare(activations, mgr), mgr);
            ((IOutputLayer) layer).setLabels(labels);
            return ((IOutputLayer) layer).computeScore(regularisation, false, mgr);
        } finally {
            layer.clear();
        }
    }

    /**
     * Whether {@link #scoreFromOutput} can score this layer: a plain output layer whose activation is
     * the identity (its output is its pre-activation, for any loss), or a softmax with cross-entropy,
     * which reads the pre-activation only through the softmax and so ignores the constant the
     * logarithm leaves (a loss that reads raw logits would not).
     */
    boolean scoresFromOutput() {
        if (!(layer instanceof org.deeplearning4j.nn.layers.OutputLayer)
                || !(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.OutputLayer conf)) {
            return false;
        }
        return conf.getActivationFn() instanceof ActivationIdentity
                || conf.getActivationFn() instanceof ActivationSoftmax && conf.getLossFn() instanceof LossMCXENT;
    }

    /**
     * The layer's loss from its own output against {@code labels}, plus {@code regularisation}, as
     * DL4J's {@code BaseOutputLayer.computeScore} works it out from its input. DL4J's loss functions
     * take the pre-activation: an identity output is it, and a softmax output's logarithm gives it back
     * up to a constant, which a softmax ignores. So a graph's validation can ask DL4J for its outputs
     * alone; asking for the vertices feeding them copies those into fresh memory (for the Inception
     * family 118 MB a batch, a third of each validation batch). Only where {@link #scoresFromOutput}.
     */
    double scoreFromOutput(INDArray output, INDArray labels, double regularisation) {
        org.deeplearning4j.nn.conf.layers.OutputLayer conf = (org.deeplearning4j.nn.conf.layers.OutputLayer) layer.conf().getLayer();
        IActivation fn = conf.getActivationFn();
        INDArray preOutput = fn instanceof ActivationSoftmax ? Transforms.log(output, true) : output;
        double score = conf.getLossFn().computeScore(labels, preOutput, fn, null, false);
        if (layer.conf().isMiniBatch()) {
            score /= output.size(0);
        }
        return score + regularisation;
    }

    /**
     * Layer arrays kept in the workspace {@code activations} are in (none when they are in none).
     * With no workspace, DL4J copies a layer's input out of its workspace first; for the Inception
     * family's flattened full-resolution maps (32 x 192 x 60 x 80 floats, 118 MB a batch) that fresh
     * memory cost 18% of a training step. Other array kinds go to no workspace.
     */
    private static LayerWorkspaceMgr keepingIn(INDArray activations) {
        MemoryWorkspace home = activations.isAttached() ? activations.data().getParentWorkspace() : null;
        if (home == null || !home.isScopeActive()) { // DL4J refuses a workspace that is not open on this thread
            return LayerWorkspaceMgr.noWorkspaces();
        }
        return LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, home.getId(), home.getWorkspaceConfiguration())
                .with(ArrayType.ACTIVATIONS, home.getId(), home.getWorkspaceConfiguration())
                .defaultNoWorkspace().build();
    }

    private static Layer unwrap(Layer layer) {
        return layer instanceof FrozenLayerWithBackprop frozen ? frozen.getInsideLayer() : layer;
    }
}
