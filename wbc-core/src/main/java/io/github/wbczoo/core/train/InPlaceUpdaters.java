package io.github.wbczoo.core.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's own network updaters, given back the network's gradient as the array they hold, so that they
 * update it in place instead of treating it as a foreign one.
 *
 * <p>Why: DL4J's updater decides a gradient is "external" (computed by another network) when
 * {@code gradient.gradient()} is not the very array object it holds, and in 1.0.0-M2.1
 * {@code DefaultGradient.gradient()} returns a new reshaped view at every call, so every step of every
 * network takes the external path: it builds two new views per variable for each of its two
 * regularisation passes, the batch-division subsets and each block's gradient view again, every step.
 * For myCnn.v9 at batch 4 that was 2-3 ms of a 25 ms step ({@code bench/NOTES.md} section 25). These
 * subclasses hand the updater its own array when the gradient is the same memory, so it takes its
 * cached views; the arithmetic, the state and the order of operations are DL4J's, so parameters come out
 * the same bit for bit.
 *
 * <p>{@link #install} replaces a network's updater, keeping its state array (Adam's moments continue);
 * DL4J builds a plain one again when it refreshes the updater (a learning-rate change), so callers
 * install before each step ({@code WbcModel.fitBatch}); the check is one {@code instanceof}.
 * {@code -Dwbc.inPlaceUpdater=false} leaves DL4J's updaters alone.
 *
 * <p>Usage: {@code InPlaceUpdaters.install(graph); graph.fit(batch);}
 */
public final class InPlaceUpdaters {
    /** The system property that turns the replacement off ({@code false}). */
    public static final String PROPERTY = "wbc.inPlaceUpdater";

    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    private InPlaceUpdaters() {
    }

    /**
     * Gives {@code network} an in-place updater with its current updater's state, unless it has one or
     * the switch is off; returns whether its updater is now an in-place one.
     */
    public static boolean install(Model network) {
        if (!ENABLED) {
            return false;
        }
        if (network instanceof ComputationGraph graph) {
            ComputationGraphUpdater current = graph.getUpdater();
            if (!(current instanceof ForGraph)) {
                graph.setUpdater(new ForGraph(graph, current.getStateViewArray()));
            }
            return true;
        }
        if (network instanceof MultiLayerNetwork mln) {
            Updater current = mln.getUpdater();
            if (!(current instanceof ForLayers)) {
                mln.setUpdater(new ForLayers(mln, current.getStateViewArray()));
            }
            return true;
        }
        return false;
    }

    /** Whether {@code network}'s updater is an in-place one that took the in-place path at its last step. */
    static boolean lastStepInPlace(Model network) {
        Object u = network instanceof ComputationGraph g ? g.getUpdater() : ((MultiLayerNetwork) network).getUpdater();
        return u instanceof ForGraph f ? f.lastInPlace : u instanceof ForLayers l && l.lastInPlace;
    }

    /** {@code gradient} with {@code held} as its flattened array when that is the same memory (a {@link Holding}), else {@code gradient}. */
    static Gradient holding(Gradient gradient, INDArray held) {
        INDArray given = gradient.gradient();
        if (given == null || held == null || given.length() != held.length()
                || given.data().address() + given.offset() * given.data().getElementSize()
                   != held.data().address() + held.offset() * held.data().getElementSize()
                || given.elementWiseStride() != 1 || held.elementWiseStride() != 1) {
            return gradient;
        }
        return new Holding(gradient, held);
    }

    /** A ComputationGraph's updater, in place. */
    static final class ForGraph extends ComputationGraphUpdater {
        volatile boolean lastInPlace;

        ForGraph(ComputationGraph graph, INDArray state) {
            super(graph, state);
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
            Gradient g = holding(gradient, getFlattenedGradientsView());
            lastInPlace = g instanceof Holding;
            super.update(g, iteration, epoch, batchSize, mgr);
        }
    }

    /** A MultiLayerNetwork's updater, in place. */
    static final class ForLayers extends MultiLayerUpdater {
        volatile boolean lastInPlace;

        ForLayers(MultiLayerNetwork network, INDArray state) {
            super(network, state);
        }

        @Override
        public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize, LayerWorkspaceMgr mgr) {
            Gradient g = holding(gradient, getFlattenedGradientsView());
            lastInPlace = g instanceof Holding;
            super.update(g, iteration, epoch, batchSize, mgr);
        }
    }

    /** A gradient whose flattened array is the updater's own; everything else is the original's. */
    private record Holding(Gradient original, INDArray held) implements Gradient {
        @Override
        public Map<String, INDArray> gradientForVariable() {
            return original.gradientForVariable();
        }

        @Override
        public INDArray gradient(List<String> order) {
            return original.gradient(order);
        }

        @Override
        public INDArray gradient() {
            return held;
        }

        @Override
        public void clear() {
            original.clear();
        }

        @Override
        public INDArray getGradientFor(String variable) {
            return original.getGradientFor(variable);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient) {
            return original.setGradientFor(variable, gradient);
        }

        @Override
        public INDArray setGradientFor(String variable, INDArray gradient, Character flatteningOrder) {
            return original.setGradientFor(variable, gradient, flatteningOrder);
        }

        @Override
        public Character flatteningOrderForVariable(String variable) {
            return original.flatteningOrderForVariable(variable);
        }
    }
}
