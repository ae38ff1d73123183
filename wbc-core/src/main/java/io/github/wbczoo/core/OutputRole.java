package io.github.wbczoo.core;

/**
 * What one output of a network is trained against. Every model has exactly one
 * {@link #CLASS_PROBABILITIES} output; Chen & Zhu's joint-loss autoencoder adds an
 * {@link #INPUT_RECONSTRUCTION} output whose target is the input itself.
 *
 * <p>Usage: {@code WbcModel.of("autoencoder.v1", graph, config, List.of(CLASS_PROBABILITIES, INPUT_RECONSTRUCTION))}
 */
public enum OutputRole {
    /** Softmax (or logits) over the four classes; its target is the one-hot label. */
    CLASS_PROBABILITIES,
    /** A reconstruction of the network input; its target is the input features. */
    INPUT_RECONSTRUCTION
}
