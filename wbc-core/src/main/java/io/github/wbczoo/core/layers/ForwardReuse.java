package io.github.wbczoo.core.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the reusing layers share: when a layer's forward output can stand in for its
 * pre-activation in the backward pass, and the one-shot store that keeps it between the two.
 *
 * <p>DL4J M2.1 recomputes every convolution's and dense layer's pre-activation {@code z} in
 * {@code backpropGradient} only to take the activation's derivative at {@code z}. For the identity
 * that derivative ignores {@code z}; for ReLU it is {@code z > 0}, which equals {@code relu(z) > 0}.
 * So for those two activations the forward output gives the same gradient without the second
 * forward computation.
 */
final class ForwardReuse {
    /**
     * {@code -Dwbc.reuseForwardOutput=false} turns the reuse off everywhere (for measuring its
     * effect, or as an escape hatch); the layers then compute exactly as DL4J's own.
     */
    static final String PROPERTY = "wbc.reuseForwardOutput";
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    private INDArray input;
    private INDArray output;

    /** Identity, or ReLU with DL4J's defaults (no cap, threshold 0, no negative slope). */
    static boolean supports(IActivation activation) {
        return activation instanceof ActivationIdentity || new ActivationReLU().equals(activation);
    }

    /** Keeps {@code output} for the backward pass of this very {@code input}; clears when not training. */
    void keep(boolean training, INDArray input, INDArray output) {
        boolean keep = training && ENABLED;
        this.input = keep ? input : null;
        this.output = keep ? output : null;
    }

    /** The kept output when {@code currentInput} is the input it was computed from (once), else null. */
    INDArray take(INDArray currentInput) {
        INDArray kept = input != null && input == currentInput ? output : null;
        clear();
        return kept;
    }

    void clear() {
        input = null;
        output = null;
    }

    /** Copies every instance field of {@code from} into {@code to}, a subclass instance of the same configuration. */
    static <T> T copyFields(Object from, T to) {
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
