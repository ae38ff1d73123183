package io.github.wbczoo.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * Works around a DL4J M2.1 graph bug: a layer may overwrite its input in place (dropout, activation
 * layers) when it is the last of several layers reading that input in the forward pass, but the
 * other readers' backward passes read the input again, so they compute their gradients from the
 * overwritten values. In the Chen &amp; Zhu autoencoders the class head's dropout zeroed the code
 * that the decoder's gradients were computed from. Every graph a {@link WbcModel} wraps gets its
 * layers that read a shared input barred from modifying it.
 *
 * <p>Usage: {@code SharedInputGuard.apply(graph)} (done by {@code WbcModel} for you)
 */
final class SharedInputGuard {
    private SharedInputGuard() {
    }

    /** Bars every layer whose input also feeds another vertex from writing into that input. */
    static void apply(ComputationGraph graph) {
        Map<String, List<String>> inputsOf = graph.getConfiguration().getVertexInputs();
        Map<String, Integer> readers = new HashMap<>();
        inputsOf.values().forEach(inputs -> inputs.forEach(name -> readers.merge(name, 1, Integer::sum)));
        for (GraphVertex vertex : graph.getVertices()) {
            List<String> inputs = inputsOf.get(vertex.getVertexName());
            if (vertex.hasLayer() && inputs != null && inputs.stream().anyMatch(name -> readers.get(name) > 1)) {
                vertex.getLayer().allowInputModification(false);
            }
        }
    }
}
