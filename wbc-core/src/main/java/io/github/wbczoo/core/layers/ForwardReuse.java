package io.github.wbczoo.core.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarGreaterThan;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the reusing layers share: when a layer's forward pass can stand in for its pre-activation in
 * the backward pass, and the one-shot store that keeps what is needed between the two.
 *
 * <p>DL4J M2.1 recomputes every convolution's and dense layer's pre-activation {@code z} in
 * {@code backpropGradient} only to take the activation's derivative at {@code z}. For the identity
 * that derivative ignores {@code z} (only its shape is checked); for ReLU it depends only on
 * {@code z > 0}. So the store keeps, for ReLU, the sign pattern {@code z > 0} as one byte per value
 * in its own memory (outside DL4J's workspaces: DL4J may reuse the memory of a layer's output
 * before the backward pass, because its own layers never read their outputs there), and hands back
 * that pattern as 0/1 values, whose ReLU derivative is the same.
 */
final class ForwardReuse {
    private INDArray input;
    private INDArray shapeOnly;
    private INDArray positive;
    private boolean hasPositive;

    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();

    /** Identity, or ReLU with DL4J's defaults (no cap, threshold 0, no negative slope). */
    static boolean supports(IActivation activation) {
        return activation instanceof ActivationIdentity || isPlainRelu(activation);
    }

    /** ReLU with DL4J's defaults: the one the direct oneDNN helpers can run inside their primitives. */
    static boolean isPlainRelu(IActivation activation) {
        return PLAIN_RELU.equals(activation);
    }

    /**
     * After a forward pass: keeps what the backward pass of this very {@code input} needs (nothing
     * when not training or when the fast layers are off).
     */
    void keep(boolean training, INDArray input, INDArray output, IActivation activation) {
        if (!training || !FastLayers.enabled()) {
            clear();
            return;
        }
        this.input = input;
        if (activation instanceof ActivationIdentity) {
            shapeOnly = output;
            hasPositive = false;
            return;
        }
        shapeOnly = null;
        if (positive == null || !Arrays.equals(positive.shape(), output.shape())) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                positive = Nd4j.createUninitialized(DataType.BOOL, output.shape(), 'c');
            }
        }
        Nd4j.getExecutioner().exec(new ScalarGreaterThan(output, positive, 0.0));
        hasPositive = true;
    }

    /**
     * A stand-in for the pre-activation when {@code currentInput} is the input it was kept for (once),
     * else null: the kept output's shape for the identity, the 0/1 sign pattern for ReLU.
     */
    INDArray take(INDArray currentInput, DataType dataType) {
        INDArray standIn = null;
        if (input != null && input == currentInput) {
            standIn = hasPositive ? positive.castTo(dataType) : shapeOnly;
        }
        input = null;
        shapeOnly = null;
        hasPositive = false;
        return standIn;
    }

    /** Forgets what was kept (the sign buffer's memory is kept for the next step). */
    void clear() {
        input = null;
        shapeOnly = null;
        hasPositive = false;
    }

    /**
     * The configuration {@code built} (exactly of class {@code plain}, or already {@code to}'s class)
     * copied into {@code to}, a subclass whose only difference is the runtime layer it creates.
     */
    static <T> T copyOf(Object built, Class<?> plain, T to) {
        if (built.getClass() != plain && built.getClass() != to.getClass()) {
            throw new IllegalArgumentException("Expected a plain " + plain.getSimpleName() + ", got " + built.getClass().getName());
        }
        return copyFields(built, to);
    }

    /** What DL4J's own {@code instantiate} does with a new runtime layer: listeners, index, parameters, configuration. */
    static Layer wire(Layer layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                      INDArray paramsView, boolean initializeParams, ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = initializer.init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** Copies every instance field of {@code from} into {@code to}, a subclass instance of the same configuration. */
    private static <T> T copyFields(Object from, T to) {
        try {
            for (Class<?> c = from.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(to, f.get(from));
                    }
                }
            }
            return to;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot copy the layer configuration " + from.getClass().getName(), e);
        }
    }
}
