package io.github.wbczoo.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link DenseLayer} that does not compute its matrix product twice per training step:
 * DL4J M2.1 recomputes {@code z = xW + b} in the backward pass; this layer keeps what the backward
 * pass needs from the forward pass instead (the output's sign pattern for ReLU), which gives the
 * same gradient for identity and ReLU activations (see {@link ForwardReuse}).
 * With any other activation, layer norm, dropout on the input or weight noise it behaves exactly
 * like its parent. The saving matters most for the wide dense layers of the autoencoders and of
 * the flatten heads (basicCnn's first dense layer has 19.7 million weights).
 *
 * <p>Usage: {@code ReusingDenseLayer.of(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())}
 */
public class ReusingDenseLayer extends DenseLayer {

    /** For JSON deserialisation. */
    public ReusingDenseLayer() {
    }

    /** The same configuration as {@code built}, with the reusing implementation. */
    public static ReusingDenseLayer of(DenseLayer built) {
        return ForwardReuse.copyOf(built, DenseLayer.class, new ReusingDenseLayer());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("DenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return ForwardReuse.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams, initializer());
    }

    /** The runtime layer: DL4J's dense layer plus the kept forward output. */
    static final class Impl extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer {
        private final transient ForwardReuse kept = new ForwardReuse();

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        boolean reusesForwardOutput() {
            DenseLayer c = layerConf();
            return !c.hasLayerNorm() && c.getIDropout() == null && c.getWeightNoise() == null
                    && ForwardReuse.supports(c.getActivationFn());
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray output = super.activate(training, workspaceMgr);
            kept.keep(training && reusesForwardOutput(), input, output, layerConf().getActivationFn());
            return output;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                                LayerWorkspaceMgr workspaceMgr) {
            INDArray standIn = forBackprop ? kept.take(input, dataType) : null;
            return standIn != null ? new Pair<>(standIn, standIn) : super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        }

        @Override
        public void clear() {
            super.clear();
            kept.clear();
        }
    }
}
