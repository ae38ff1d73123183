package io.github.wbczoo.core;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The class answers of the training forward pass itself, for training accuracy without a second
 * forward pass per batch (which cost about a third of a training step). DL4J hands its listeners
 * the activations up to the output layer; the class output layer, a small dense layer, is applied
 * to them once more, in inference mode. So, as in Keras, training accuracy is that of the
 * training-mode network (dropout active, batch-norm on batch statistics) before the update.
 *
 * <p>Usage: internal; {@link WbcModel#fitBatchCountingCorrect}.
 */
final class TrainingForwardAnswers extends BaseTrainingListener {
    private final WbcModel model;
    private INDArray labels;
    private long correct = -1;

    TrainingForwardAnswers(WbcModel model) {
        this.model = model;
    }

    /** Whether the class output layer's input reaches the listener (always for networks; for graphs, one input). */
    boolean seesClassOutput() {
        if (!(model.network() instanceof ComputationGraph g)) {
            return true;
        }
        String name = g.getConfiguration().getNetworkOutputs().get(model.classOutputIndex());
        List<String> in = g.getConfiguration().getVertexInputs().get(name);
        return in != null && in.size() == 1 && g.getVertex(name) instanceof LayerVertex
                && !g.getConfiguration().getNetworkInputs().contains(in.get(0));
    }

    /** Count the next forward pass's right answers against these one-hot labels. */
    void expect(INDArray oneHot) {
        labels = oneHot;
        correct = -1;
    }

    /** Right answers of the last forward pass since {@link #expect}; -1 when none was seen. */
    long correct() {
        labels = null;
        return correct;
    }

    @Override
    public void onForwardPass(Model network, List<INDArray> activations) {
        if (labels == null) {
            return;
        }
        MultiLayerNetwork mln = (MultiLayerNetwork) network;
        int n = mln.getnLayers();
        InputPreProcessor pre = mln.getLayerWiseConfigurations().getInputPreProcess(n - 1);
        count(activations.get(activations.size() - 1), pre, mln.getOutputLayer());
    }

    @Override
    public void onForwardPass(Model network, Map<String, INDArray> activations) {
        if (labels == null) {
            return;
        }
        ComputationGraph g = (ComputationGraph) network;
        String name = g.getConfiguration().getNetworkOutputs().get(model.classOutputIndex());
        List<String> in = g.getConfiguration().getVertexInputs().get(name);
        GraphVertex vertex = g.getVertex(name);
        if (!(vertex instanceof LayerVertex lv) || !activations.containsKey(in.get(0))) {
            return; // seesClassOutput() said no; the model counted with a second forward pass
        }
        count(activations.get(in.get(0)), lv.getLayerPreProcessor(), lv.getLayer());
    }

    private void count(INDArray input, InputPreProcessor pre, Layer outputLayer) {
        Layer layer = outputLayer instanceof FrozenLayerWithBackprop f ? f.getInsideLayer() : outputLayer;
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            INDArray x = pre == null ? input : pre.preProcess(input, (int) input.size(0), mgr);
            INDArray probabilities = layer.activate(x, false, mgr);
            INDArray predicted = probabilities.argMax(1);
            INDArray actual = labels.argMax(1);
            correct = predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
    }
}
