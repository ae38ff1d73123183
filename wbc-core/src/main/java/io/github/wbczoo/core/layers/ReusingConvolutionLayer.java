package io.github.wbczoo.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link ConvolutionLayer} that does not compute its forward convolution twice per training
 * step. DL4J M2.1 recomputes the convolution in the backward pass to get the pre-activation; this
 * layer hands back a stand-in kept from the forward pass instead (the output's sign pattern for
 * ReLU), which gives the same gradient for identity and ReLU activations (see {@link ForwardReuse}). With any other activation, dropout
 * on the input, weight noise, NHWC data or no oneDNN helper it behaves exactly like its parent.
 * On the CPU it computes through {@link DnnlConvHelper} (oneDNN called directly, primitives kept
 * per shape) instead of libnd4j's oneDNN op, unless {@link DirectOneDnn} is off; a ReLU then runs
 * inside the convolution, forward and backward. Everything else
 * (parameters, names, JSON) is the parent's, so model files do not change.
 *
 * <p>Usage: {@code ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(3, 3).nOut(64).build())}
 */
public class ReusingConvolutionLayer extends ConvolutionLayer {

    /** For JSON deserialisation. */
    public ReusingConvolutionLayer() {
    }

    /** The same configuration as {@code built}, with the reusing implementation. */
    public static ReusingConvolutionLayer of(ConvolutionLayer built) {
        return ForwardReuse.copyOf(built, ConvolutionLayer.class, new ReusingConvolutionLayer());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("ConvolutionLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        return ForwardReuse.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams, initializer());
    }

    /** The runtime layer: DL4J's convolution plus the kept forward output. */
    static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
        private final transient ForwardReuse kept = new ForwardReuse();

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
            // DL4J picked libnd4j's oneDNN helper; the direct one replaces it where it can load (GPU: cuDNN or none stays).
            if (helper != null && helper.getClass() == MKLDNNConvHelper.class && DirectOneDnn.available()) {
                helper = new DnnlConvHelper(dataType, layerConf().hasBias());
            }
        }

        /** This layer alone reads a network input: its input gradient may be skipped. False without the direct helper. */
        boolean markReadsNetworkInput() {
            if (helper instanceof DnnlConvHelper direct) {
                direct.readsNetworkInput(true);
                return true;
            }
            return false;
        }

        /** Lets this layer offer its blocked output to its readers ({@link BlockedOutputs}); false without the direct helper. */
        boolean sharesBlockedOutput(boolean shares) {
            if (helper instanceof DnnlConvHelper direct) {
                direct.sharesOutput(shares);
                return true;
            }
            return false;
        }

        /** Lets this layer offer its blocked input gradient to the layer before ({@link BlockedOutputs}). */
        void sharesBlockedInputGradient(boolean shares) {
            if (helper instanceof DnnlConvHelper direct) {
                direct.sharesInputGradient(shares);
            }
        }

        /** Whether the backward pass can use the forward output (see the class comment). */
        boolean reusesForwardOutput() {
            ConvolutionLayer c = layerConf();
            return helper != null && helperCountFail == 0 && c.getIDropout() == null && c.getWeightNoise() == null
                    && c.getCnn2dDataFormat() == CNN2DFormat.NCHW && ForwardReuse.supports(c.getActivationFn());
        }

        /** The direct helper when this layer's ReLU can run inside its convolution, else null. */
        private DnnlConvHelper fusingHelper() {
            return helper instanceof DnnlConvHelper direct && FastLayers.enabled() && reusesForwardOutput()
                    && ForwardReuse.isPlainRelu(layerConf().getActivationFn()) ? direct : null;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            DnnlConvHelper fusing = fusingHelper();
            INDArray output;
            if (fusing == null) {
                output = super.activate(training, workspaceMgr);
            } else {
                fusing.fuseReluIntoNextForward(true, training);
                try {
                    output = super.activate(training, workspaceMgr);
                } finally {
                    fusing.fuseReluIntoNextForward(false, false);
                }
                if (fusing.fusedReluFor(input)) {
                    kept.clear();   // the helper keeps what the backward pass needs
                    return output;
                }
            }
            kept.keep(training && reusesForwardOutput(), input, output, layerConf().getActivationFn());
            return output;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            if (helper instanceof DnnlConvHelper direct && direct.fusedReluFor(input)) {
                assertInputSet(true);
                Pair<Gradient, INDArray> g = direct.backpropAfterFusedRelu(input,
                        getParam(ConvolutionParamInitializer.WEIGHT_KEY),
                        layerConf().hasBias() ? getParam(ConvolutionParamInitializer.BIAS_KEY) : null,
                        epsilon.castTo(dataType), gradientViews.get(ConvolutionParamInitializer.BIAS_KEY),
                        gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), workspaceMgr);
                if (g != null) {
                    weightNoiseParams.clear();
                    return g;
                }
            }
            return super.backpropGradient(epsilon, workspaceMgr);
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
