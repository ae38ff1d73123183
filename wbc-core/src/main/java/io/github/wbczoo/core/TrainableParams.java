package io.github.wbczoo.core;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Counts trainable parameters the way Keras and PyTorch do, so the figures can be compared with
 * the papers: a batch-norm layer contributes gamma and beta only (DL4J also counts its running
 * mean and variance), and frozen layers contribute nothing.
 *
 * <p>Usage: {@code long n = TrainableParams.count(network);}
 */
public final class TrainableParams {
    private TrainableParams() {
    }

    public static long count(Model network) {
        Layer[] layers;
        if (network instanceof MultiLayerNetwork mln) {
            layers = mln.getLayers();
        } else if (network instanceof ComputationGraph graph) {
            layers = graph.getLayers();
        } else {
            throw new IllegalArgumentException("Unsupported network type " + network.getClass().getName());
        }
        long total = 0;
        for (Layer layer : layers) {
            total += count(layer);
        }
        return total;
    }

    /** Trainable parameters of one layer (a whole network passed here is counted as a network). */
    public static long count(Layer layer) {
        // MultiLayerNetwork is itself a Layer: without this, count(net) would pick this overload and count frozen layers.
        if (layer instanceof MultiLayerNetwork || layer instanceof ComputationGraph) {
            return count((Model) layer);
        }
        if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
            return 0;
        }
        if (layer.conf() != null && layer.conf().getLayer() instanceof BatchNormalization bn) {
            return bn.isLockGammaBeta() ? 0 : 2L * bn.getNOut();
        }
        return layer.numParams();
    }
}
