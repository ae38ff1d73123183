package io.github.wbczoo.core.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.api.Layer.TrainingMode;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch norm that applies its activation, computed through oneDNN directly. DL4J 1.0.0-M2.1's
 * {@link BatchNormalization} accepts {@code .activation(...)} and ignores it, forward and backward: a
 * "BN + ReLU" built that way has no ReLU. This layer normalises as DL4J does, then applies the
 * activation, and takes the activation's derivative before DL4J's batch-norm backward pass. On the
 * CPU the normalisation runs through {@link DnnlBatchNormHelper} (statistics computed in the same
 * pass, primitives kept per shape) and a ReLU runs inside it; elsewhere, for ReLU the backward pass
 * reads the kept sign pattern of the output ({@link ForwardReuse}) instead of normalising again.
 * Same configuration and parameters as its parent, so the JSON only differs in the class name.
 *
 * <p>Usage: {@code ActivatedBatchNormalization.of(new BatchNormalization.Builder().activation(Activation.RELU).build())}
 */
public class ActivatedBatchNormalization extends BatchNormalization {

    /** For JSON deserialisation. */
    public ActivatedBatchNormalization() {
    }

    /** The same configuration as {@code built}, with its activation applied. */
    public static ActivatedBatchNormalization of(BatchNormalization built) {
        return ForwardReuse.copyOf(built, BatchNormalization.class, new ActivatedBatchNormalization());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNOutSet("BatchNormalization", getLayerName(), layerIndex, getNOut());
        return ForwardReuse.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializeParams, initializer());
    }

    /** The runtime layer: DL4J's batch norm, then the activation. */
    static final class Impl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
        private final transient ForwardReuse kept = new ForwardReuse();

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
            if (getHelper() instanceof MKLDNNBatchNormHelper && DirectOneDnn.available()) {
                setHelper(new DnnlBatchNormHelper(dataType));
            }
        }

        private IActivation activation() {
            return layerConf().getActivationFn();
        }

        /** The direct helper when this layer's ReLU can run inside it, else null. */
        private DnnlBatchNormHelper fusingHelper() {
            return getHelper() instanceof DnnlBatchNormHelper direct && helperCountFail == 0 && FastLayers.enabled()
                    && ForwardReuse.isPlainRelu(activation()) ? direct : null;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            DnnlBatchNormHelper fusing = fusingHelper();
            INDArray normalised;
            if (fusing == null) {
                normalised = super.activate(training, workspaceMgr);
            } else {
                fusing.fuseReluIntoNextForward(true);
                try {
                    normalised = super.activate(training, workspaceMgr);
                } finally {
                    fusing.fuseReluIntoNextForward(false);
                }
                if (fusing.appliedReluTo(normalised)) {
                    kept.clear();   // the helper keeps the ReLU's mask for the backward pass
                    fusing.offerBlockedOutput(normalised);
                    return normalised;
                }
            }
            IActivation afn = activation();
            if (afn instanceof ActivationIdentity) {
                if (getHelper() instanceof DnnlBatchNormHelper direct) {
                    direct.offerBlockedOutput(normalised);
                }
                return normalised;
            }
            // In place: the normalised array is this pass's own, and DL4J's backward pass does not read it.
            INDArray out = afn.getActivation(normalised, training);
            if (ForwardReuse.supports(afn)) {
                kept.keep(training, input, out, afn);
            } else {
                kept.clear();
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            IActivation afn = activation();
            if (afn instanceof ActivationIdentity
                    || getHelper() instanceof DnnlBatchNormHelper direct && direct.directForwardFor(input, true)) {
                return super.backpropGradient(epsilon, workspaceMgr);   // no activation, or its gradient inside the helper
            }
            INDArray z = kept.take(input, dataType);
            if (z == null) {
                z = preOutput(input, TrainingMode.TRAIN, workspaceMgr);
            }
            INDArray delta = afn.backprop(z, epsilon.castTo(dataType)).getFirst();
            return super.backpropGradient(delta, workspaceMgr);
        }

        /** Lets this layer offer its blocked output to its readers ({@link BlockedOutputs}); false without the direct helper. */
        boolean sharesBlockedOutput(boolean shares) {
            if (getHelper() instanceof DnnlBatchNormHelper direct) {
                direct.sharesOutput(shares);
                return true;
            }
            return false;
        }

        /** Lets this layer offer its blocked input gradient to the layer before ({@link BlockedOutputs}). */
        void sharesBlockedInputGradient(boolean shares) {
            if (getHelper() instanceof DnnlBatchNormHelper direct) {
                direct.sharesInputGradient(shares);
            }
        }

        /** DL4J keeps the helper in a package-private field, set in its constructor. */
        private void setHelper(DnnlBatchNormHelper direct) {
            try {
                java.lang.reflect.Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                        .getDeclaredField("helper");
                f.setAccessible(true);
                f.set(this, direct);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot install the direct oneDNN batch norm in DL4J's layer", e);
            }
        }

        @Override
        public void clear() {
            super.clear();
            kept.clear();
        }
    }
}
