package io.github.wbczoo.core.layers;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The switch for convolutions, batch norms, max pooling and ReLU gradients ({@link DnnlRelu}) computed by
 * calling oneDNN directly (through the JavaCPP presets) instead of through libnd4j's ops, and whether that
 * path can run here.
 *
 * <p>libnd4j's ops build their oneDNN descriptors, allocate fresh buffers and reorder every array
 * on each call; at batch 4 that costs more than the convolution. {@link ReusingConvolutionLayer}
 * instead keeps one set of primitives and blocked buffers per input shape (bench/NOTES.md, section
 * 14). Both compute with the same oneDNN kernels, so the numbers agree. It is on by default on the
 * CPU backend; off ({@code -Dwbc.dnnl=false} or {@link #setEnabled}), on another backend, for
 * non-float data, NHWC or causal padding, layers use libnd4j's helper as before. It is separate from
 * {@link FastLayers} (which skip recomputations, whatever computes the convolution).
 *
 * <p>Usage: {@code DirectOneDnn.setEnabled(false); // compare with libnd4j's oneDNN ops}
 */
public final class DirectOneDnn {
    /** The system property read at start-up. */
    public static final String PROPERTY = "wbc.dnnl";

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    private static volatile String unavailable;
    private static volatile boolean checked;

    private DirectOneDnn() {
    }

    /** Whether layers use direct oneDNN calls now: switched on and {@link #available()}. */
    public static boolean enabled() {
        return enabled && available();
    }

    /** Turns direct oneDNN calls on or off for layers' next forward or backward pass (all networks in this JVM). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Whether the oneDNN presets load and ND4J runs on the CPU (checked once). */
    public static boolean available() {
        if (!checked) {
            synchronized (DirectOneDnn.class) {
                if (!checked) {
                    unavailable = check();
                    checked = true;
                }
            }
        }
        return unavailable == null;
    }

    /** Why direct oneDNN calls cannot run here, or null when they can. */
    public static String whyUnavailable() {
        available();
        return unavailable;
    }

    /** Whether {@code layer} is a convolution, batch norm or max pooling whose last forward or backward pass ran through direct oneDNN calls. */
    public static boolean ranDirectly(org.deeplearning4j.nn.api.Layer layer) {
        return layer.getHelper() instanceof DnnlConvHelper h && h.lastCallDirect
                || layer.getHelper() instanceof DnnlBatchNormHelper b && b.lastCallDirect
                || layer instanceof IndexedMaxPooling.Impl p && p.ranDirectly();
    }

    private static String check() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "unknown");
        if (!"CPU".equalsIgnoreCase(backend)) {
            return "ND4J backend is " + backend + ", not CPU";
        }
        try {
            Loader.load(org.bytedeco.dnnl.global.dnnl.class);
            return null;
        } catch (Throwable e) {
            return "the oneDNN presets (org.bytedeco:dnnl) did not load: " + e;
        }
    }
}
