package io.github.wbczoo.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link DepthwiseConvolution2D} that does not compute its forward convolution twice per
 * training step (the same idea as {@link ReusingConvolutionLayer}; DL4J's depthwise backward pass
 * uses the recomputed pre-activation only for the activation's derivative).
 *
 * <p>Usage: {@code ReusingDepthwiseConvolution2D.of(new DepthwiseConvolution2D.Builder(3, 3).build())}
 */
public class ReusingDepthwiseConvolution2D extends DepthwiseConvolution2D {

    /** For JSON deserialisation. */
    public ReusingDepthwiseConvolution2D() {
    }

    /** The same configuration as {@code built}, with the reusing implementation. */
    public static ReusingDepthwiseConvolution2D of(DepthwiseConvolution2D built) {
        return ForwardReuse.copyOf(built, DepthwiseConvolution2D.class, new ReusingDepthwiseConvolution2D());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("DepthwiseConvolution2D", getLayerName(), layerIndex, getNIn(), getNOut());
        return ForwardReuse.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams, initializer());
    }

    /** The runtime layer: DL4J's depthwise convolution plus the kept forward output. */
    static final class Impl extends DepthwiseConvolution2DLayer {
        private final transient ForwardReuse kept = new ForwardReuse();

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        boolean reusesForwardOutput() {
            DepthwiseConvolution2D c = (DepthwiseConvolution2D) layerConf();
            return c.getIDropout() == null && c.getWeightNoise() == null
                    && c.getCnn2dDataFormat() == CNN2DFormat.NCHW && ForwardReuse.supports(c.getActivationFn());
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray output = super.activate(training, workspaceMgr);
            kept.keep(training && reusesForwardOutput(), input, output, layerConf().getActivationFn());
            return output;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
            INDArray standIn = forBackprop ? kept.take(input, dataType) : null;
            return standIn != null ? new Pair<>(standIn, null) : super.preOutput(training, forBackprop, workspaceMgr);
        }

        @Override
        public void clear() {
            super.clear();
            kept.clear();
        }
    }
}
