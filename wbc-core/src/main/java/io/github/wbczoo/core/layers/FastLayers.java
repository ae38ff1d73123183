package io.github.wbczoo.core.layers;

/**
 * The switch for this package's training speed-ups ({@link ReusingConvolutionLayer},
 * {@link ReusingDepthwiseConvolution2D}, {@link ReusingDenseLayer}, {@link IndexedMaxPooling}). On by
 * default; off, every one of those layers computes exactly as DL4J's own. Start the JVM with
 * {@code -Dwbc.fastLayers=false}, or call {@link #setEnabled}, to compare or as an escape hatch.
 *
 * <p>Usage: {@code FastLayers.setEnabled(false); model.fitBatch(batch); // DL4J's own layer code}
 */
public final class FastLayers {
    /** The system property read at start-up. */
    public static final String PROPERTY = "wbc.fastLayers";

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    private FastLayers() {
    }

    /** Whether the speed-ups are in use. */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the speed-ups on or off for layers' next forward pass (all networks in this JVM). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }
}
