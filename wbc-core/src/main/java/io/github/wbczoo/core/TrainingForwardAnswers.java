package io.github.wbczoo.core;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
        OutputFeed feed = classOutput(g);
        return feed != null && !g.getConfiguration().getNetworkInputs().contains(feed.input());
    }

    private OutputFeed classOutput(ComputationGraph g) {
        return OutputFeed.of(g, g.getConfiguration().getNetworkOutputs().get(model.classOutputIndex()));
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
        if (labels != null) {
            count(activations.get(activations.size() - 1), OutputFeed.of((MultiLayerNetwork) network));
        }
    }

    @Override
    public void onForwardPass(Model network, Map<String, INDArray> activations) {
        OutputFeed feed = labels == null ? null : classOutput((ComputationGraph) network);
        if (feed != null && activations.containsKey(feed.input())) { // else seesClassOutput() said no
            count(activations.get(feed.input()), feed);
        }
    }

    private void count(INDArray input, OutputFeed feed) {
        try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            correct = WbcModel.countCorrect(feed.activateInPlace(input), labels);
        }
    }
}
